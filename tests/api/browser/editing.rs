//! In a real headless Chromium: editing on the map: drawing, saving, a stale edit refused, a substation's figures.

use fantoccini::Locator;

use super::driver::{browser, click, click_map, open_area, sign_in, text_of, type_into, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_planner_draws_saves_and_edits_an_area_and_a_stale_edit_is_refused() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await; // password: "a long test password"
    let base = app.url("");
    let (_driver, c, profile) = browser().await;
    sign_in(&c, &base, "kari", "a long test password").await;
    // go to Lillehammer: a demo area there, then draw next to it
    open_area(&c, "Storhove næringsområde").await;
    click(&c, "#close-panel").await;
    click(&c, "#new-area").await;
    wait_for("the form for a new area", || async {
        c.find(Locator::Id("area-form")).await.is_ok()
    })
    .await;
    let corners = [
        (150.0, 100.0),
        (290.0, 100.0),
        (290.0, 220.0),
        (150.0, 220.0),
    ];
    click_map(&c, &corners).await;
    let live = text_of(&c, "#drawn-area").await;
    assert!(
        live.contains("daa"),
        "the area is shown while drawing: {live:?}"
    );
    click_map(&c, &corners[..1]).await; // closing the ring finishes the polygon
                                        // add a second part with Geoman's polygon tool …
    click(&c, ".leaflet-pm-toolbar .leaflet-pm-icon-polygon").await;
    let part = [
        (170.0, -200.0),
        (230.0, -200.0),
        (230.0, -150.0),
        (170.0, -150.0),
    ];
    click_map(&c, &part).await;
    click_map(&c, &part[..1]).await;
    // … and cut a hole into the first one
    click(&c, ".leaflet-pm-toolbar .leaflet-pm-icon-cut").await;
    let hole = [(200.0, 140.0), (240.0, 140.0), (220.0, 180.0)];
    click_map(&c, &hole).await;
    click_map(&c, &hole[..1]).await;
    let drawn: f64 = c
        .find(Locator::Id("drawn-area"))
        .await
        .expect("output")
        .attr("data-m2")
        .await
        .expect("attr")
        .and_then(|v| v.parse().ok())
        .expect("a measured area");
    assert!(drawn > 1000.0, "a drawn area of {drawn} m²");
    type_into(&c, "#e-reference", "3405-T-001").await;
    type_into(&c, "#e-name", "Testfeltet <b>ved</b> Hove").await;
    c.find(Locator::Id("e-readiness"))
        .await
        .expect("readiness")
        .select_by_value("zoned")
        .await
        .expect("choose readiness");
    // a value the server refuses is shown next to its field, nothing is written
    type_into(&c, "#e-area_available_m2", &format!("{}", drawn * 3.0)).await;
    click(&c, "#save").await;
    wait_for("the server's message beside the field", || async {
        text_of(&c, "#err-area_available_m2")
            .await
            .contains("larger")
    })
    .await;
    assert_eq!(
        app.area_count().await,
        18,
        "nothing written on a refused save"
    );
    type_into(&c, "#e-area_available_m2", "1000").await;
    click(&c, "#save").await;
    wait_for("the saved area in the panel", || async {
        text_of(&c, "#panel h2").await == "Testfeltet <b>ved</b> Hove"
    })
    .await;
    let (id, gross, version): (uuid::Uuid, f64, i32) = sqlx::query_as(
        "select id, area_gross_m2, version from area where reference = '3405-T-001'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("stored");
    assert_eq!(version, 1);
    let (parts, holes): (i32, i32) = sqlx::query_as(
        "select st_numgeometries(geom), (select sum(st_numinteriorrings(d.geom))::int from st_dump(geom) d) from area where id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .expect("shape");
    assert_eq!((parts, holes), (2, 1), "two parts, one with a hole");
    eprintln!(
        "drawn on the map: {drawn} m²; stored by PostGIS: {gross:.1} m²; difference {:.4} %",
        (drawn - gross) / gross * 100.0
    );
    assert!(
        (gross - drawn).abs() / gross < 0.005,
        "the live figure ({drawn} m²) matches what PostGIS stored ({gross} m²)"
    );
    // reload: still there, name shown as text (not markup)
    c.refresh().await.expect("reload");
    open_area(&c, "Testfeltet").await;
    assert!(
        c.find(Locator::Css("#panel h2 b")).await.is_err(),
        "names are escaped"
    );
    // edit it
    click(&c, "#edit-area").await;
    type_into(&c, "#e-name", "Testfeltet nord").await;
    click(&c, "#save").await;
    wait_for("the edited name", || async {
        text_of(&c, "#panel h2").await == "Testfeltet nord"
    })
    .await;

    // a second session opens the same version …
    let (_driver2, c2, profile2) = browser().await;
    sign_in(&c2, &base, "kari", "a long test password").await;
    open_area(&c2, "Testfeltet nord").await;
    click(&c2, "#edit-area").await;
    // … the first saves again …
    click(&c, "#edit-area").await;
    type_into(&c, "#e-name", "Testfeltet sør").await;
    click(&c, "#save").await;
    wait_for("the first session's save", || async {
        text_of(&c, "#panel h2").await == "Testfeltet sør"
    })
    .await;
    // … and the second, now stale, is told to reload instead of overwriting
    type_into(&c2, "#e-description", "endret i en gammel fane").await;
    click(&c2, "#save").await;
    wait_for("the stale-version notice", || async {
        text_of(&c2, "#form-problems")
            .await
            .contains("Last inn på nytt")
    })
    .await;
    let (name, description, version): (String, Option<String>, i32) =
        sqlx::query_as("select name, description, version from area where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!(
        (name.as_str(), description, version),
        ("Testfeltet sør", None, 3)
    );
    click(&c2, "#reload-area").await;
    wait_for("the reloaded area", || async {
        text_of(&c2, "#panel h2").await == "Testfeltet sør"
    })
    .await;
    c2.close().await.expect("close browser");

    // the first version, shown on the map, then restored as a new version
    let first = "//ol[@class='history']/li[starts-with(., 'v1 ')]";
    wait_for("the history", || async {
        c.find(Locator::XPath(first)).await.is_ok()
    })
    .await;
    c.find(Locator::XPath(&format!("{first}/button[. = 'Vis']")))
        .await
        .expect("show button")
        .click()
        .await
        .expect("show v1");
    wait_for("the old version's note", || async {
        text_of(&c, "#version-note").await.contains("versjon 1")
    })
    .await;
    c.find(Locator::XPath(&format!(
        "{first}/button[. = 'Gjenopprett']"
    )))
    .await
    .expect("restore button")
    .click()
    .await
    .expect("restore v1");
    c.accept_alert().await.expect("confirm the restore");
    wait_for("the restored name", || async {
        text_of(&c, "#panel h2").await == "Testfeltet <b>ved</b> Hove"
    })
    .await;
    let (name, version): (String, i32) =
        sqlx::query_as("select name, version from area where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!((name.as_str(), version), ("Testfeltet <b>ved</b> Hove", 4));
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
    let _ = std::fs::remove_dir_all(profile2);
}

#[tokio::test]
async fn a_planner_updates_a_substations_figures_from_its_popup() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await;
    let (_driver, c, profile) = browser().await;
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    click(&c, "#layers summary").await;
    wait_for("the substations in the layer list", || async {
        c.find(Locator::Css("#layer-list input[value=substations]"))
            .await
            .is_ok()
    })
    .await;
    click(&c, "#layer-list input[value=substations]").await;
    wait_for("substations on the map", || async {
        c.find_all(Locator::Css("path.layer-substations"))
            .await
            .is_ok_and(|v| v.len() == 11)
    })
    .await;
    // the marker furthest west, away from the areas
    let markers = c
        .find_all(Locator::Css("path.layer-substations"))
        .await
        .expect("markers");
    let mut west = None;
    for m in markers {
        let (x, _, w, _) = m.rectangle().await.expect("rect");
        if w > 0.0 && west.as_ref().is_none_or(|(wx, _)| x < *wx) {
            west = Some((x, m));
        }
    }
    west.expect("a marker").1.click().await.expect("open popup");
    wait_for("the popup's form", || async {
        c.find(Locator::Css(".substation-form")).await.is_ok()
    })
    .await;
    let title = c
        .find(Locator::Css(".substation-popup > div"))
        .await
        .expect("title")
        .html(true)
        .await
        .expect("html");
    let name = title.split(" (").next().expect("name").trim().to_string();
    type_into(
        &c,
        ".substation-form input[name=free_capacity_mw_min]",
        "0.5",
    )
    .await;
    type_into(&c, ".substation-form input[name=free_capacity_mw_max]", "4").await;
    click(&c, ".substation-form button[type=submit]").await;
    wait_for("the new figures stored", || async {
        sqlx::query_scalar::<_, f64>("select free_capacity_mw_max from substation where name = $1")
            .bind(&name)
            .fetch_one(&app.pool)
            .await
            .is_ok_and(|v| v == 4.0)
    })
    .await;
    let (version, stale): (i32, bool) = sqlx::query_as(
        "select version, as_of < current_date - 365 from substation where name = $1",
    )
    .bind(&name)
    .fetch_one(&app.pool)
    .await
    .expect("row");
    assert_eq!((version, stale), (2, false), "a new version, dated today");
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}
