//! In a real headless Chromium: the map: areas drawn, facts on click, signed-in readers, the panel and layers.

use fantoccini::Locator;

use super::driver::{browser, click, open_area, text_of, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_map_draws_areas_and_shows_facts_on_click() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");

    // every published demo area is drawn as an SVG path, plus the list beside the map
    wait_for("17 areas in the list", || async {
        c.find_all(Locator::Css("#list li"))
            .await
            .map(|v| v.len() == 17)
            .unwrap_or(false)
    })
    .await;
    let polygons = c
        .find_all(Locator::Css("path.area-polygon"))
        .await
        .expect("polygons");
    assert_eq!(polygons.len(), 17, "one polygon per published area");
    for hidden in ["login", "transfer", "new-area"] {
        let shown = c
            .find(Locator::Id(hidden))
            .await
            .expect("element")
            .is_displayed()
            .await
            .expect("displayed");
        assert!(!shown, "#{hidden} stays hidden for the public");
    }
    let dots = c
        .find_all(Locator::Css("path.area-point"))
        .await
        .expect("dots");
    assert_eq!(dots.len(), 17, "and a dot for each at region scale");
    let notice = c.find(Locator::Id("demo-notice")).await.expect("notice");
    assert!(
        notice.is_displayed().await.expect("visible"),
        "the demo notice is shown"
    );
    assert!(notice.text().await.expect("text").contains("Eksempeldata"));

    // choose an area in the list: the map zooms to it; then click its polygon on the map
    let item = c
        .find(Locator::XPath(
            "//ul[@id='list']/li[contains(., 'Storhove næringsområde')]",
        ))
        .await
        .expect("list item");
    item.click().await.expect("click list item");
    let panel = c.find(Locator::Id("panel")).await.expect("panel");
    assert!(
        panel
            .text()
            .await
            .expect("text")
            .contains("Storhove næringsområde"),
        "the list opens the panel"
    );
    c.find(Locator::Css("#panel button"))
        .await
        .expect("close button")
        .click()
        .await
        .expect("close panel");
    // the map is centred on the chosen area: click the polygon nearest the map's centre
    let (mx, my, mw, mh) = c
        .find(Locator::Id("map"))
        .await
        .expect("map")
        .rectangle()
        .await
        .expect("map rect");
    let (cx, cy) = (mx + mw / 2.0, my + mh / 2.0);
    let mut nearest = None;
    let mut best = f64::MAX;
    for p in c
        .find_all(Locator::Css("path.area-polygon"))
        .await
        .expect("polygons")
    {
        let (x, y, w, h) = p.rectangle().await.expect("rect");
        let d = (x + w / 2.0 - cx).hypot(y + h / 2.0 - cy);
        if d < best && w * h > 400.0 {
            best = d;
            nearest = Some(p);
        }
    }
    nearest
        .expect("a polygon drawn large enough to click")
        .click()
        .await
        .expect("click polygon");
    wait_for("the fact panel", || async {
        panel.is_displayed().await.unwrap_or(false)
    })
    .await;
    let text = panel.text().await.expect("panel text");
    for expected in [
        "Storhove næringsområde (demo)",
        "Lillehammer (3405)",
        "Ledig næringsareal",
        "Opparbeidet",
        "Delvis tatt i bruk",
        "daa",
        "m²",
        "3 Endelig vedtatt arealplan",
        "35 Detaljregulering",
        "1300 Næringsbebyggelse",
        "Utbygger",
        "Eksempeldata",
    ] {
        assert!(text.contains(expected), "panel shows {expected:?}:\n{text}");
    }
    // the selection is in the URL: opening that link shows the same area
    let link = c.current_url().await.expect("url");
    assert!(
        link.fragment().is_some_and(|f| f.starts_with("area=")),
        "shareable link: {link}"
    );
    c.goto(app.url("/").as_str()).await.expect("reset");
    c.goto(link.as_str()).await.expect("open shared link");
    c.refresh().await.expect("reload on the link");
    wait_for("the shared area's panel", || async {
        match c.find(Locator::Css("#panel h2")).await {
            Ok(h) => h
                .text()
                .await
                .map(|t| t.contains("Storhove næringsområde"))
                .unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    // the English toggle relabels the panel
    c.find(Locator::Id("lang"))
        .await
        .expect("toggle")
        .click()
        .await
        .expect("click toggle");
    let text = c
        .find(Locator::Id("panel"))
        .await
        .expect("panel")
        .text()
        .await
        .expect("text");
    assert!(
        text.contains("Partly taken") && text.contains("Gross area"),
        "English labels:\n{text}"
    );
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn signed_in_users_see_unpublished_areas_and_their_history() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let user = arealbank::domain::user::NewUser::new(
        "kari",
        None,
        "planner",
        &["3405".into()],
        "a long test password",
    )
    .expect("user");
    arealbank::store::users::add(&app.pool, &user)
        .await
        .expect("add user");
    // a change to the unpublished area, for its history: the price raised to 650
    let per = app.account("per", "planner", &["3405"]).await;
    let (id, version): (String, i32) =
        sqlx::query_as("select id::text, version from area where reference = '3405-N-010'")
            .fetch_one(&app.pool)
            .await
            .expect("the unpublished area");
    let res = app
        .http
        .patch(app.url(&format!("/ogc/collections/areas/items/{id}")))
        .bearer_auth(&per)
        .header("if-match", format!("\"{version}\""))
        .header("content-type", "application/merge-patch+json")
        .body(serde_json::json!({"properties": {"price_nok_per_m2_max": 650}}).to_string())
        .send()
        .await
        .expect("patch");
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");
    let count = |n: usize| {
        let c = c.clone();
        move || {
            let c = c.clone();
            async move {
                c.find_all(Locator::Css("#list li"))
                    .await
                    .map(|v| v.len() == n)
                    .unwrap_or(false)
            }
        }
    };
    wait_for("17 public areas", count(17)).await;
    c.find(Locator::Id("login-open"))
        .await
        .expect("login button")
        .click()
        .await
        .expect("open login");
    c.find(Locator::Css("#login input[name=username]"))
        .await
        .expect("username")
        .send_keys("kari")
        .await
        .expect("type");
    c.find(Locator::Css("#login input[name=password]"))
        .await
        .expect("password")
        .send_keys("a long test password")
        .await
        .expect("type");
    c.find(Locator::Css("#login button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("sign in");
    wait_for("18 areas once signed in", count(18)).await;
    assert!(c
        .find(Locator::Id("who"))
        .await
        .expect("who")
        .text()
        .await
        .expect("text")
        .contains("kari (planlegger)"));
    c.find(Locator::XPath(
        "//ul[@id='list']/li[contains(., 'ikke publisert')]",
    ))
    .await
    .expect("unpublished item")
    .click()
    .await
    .expect("select");
    wait_for("the history in the panel", || async {
        match c.find(Locator::Css("#panel .history")).await {
            Ok(h) => h
                .text()
                .await
                .map(|t| t.contains("opprettet") && t.contains("seed"))
                .unwrap_or(false),
            Err(_) => false,
        }
    })
    .await;
    let history = text_of(&c, "#panel .history").await;
    assert!(
        history.contains("Pris til (kr/m²): ") && history.contains("→ 650"),
        "each change by its label, old → new: {history}"
    );
    assert!(!history.contains("price_nok_per_m2_max"), "{history}");
    assert!(c
        .find(Locator::Id("panel"))
        .await
        .expect("panel")
        .text()
        .await
        .expect("text")
        .contains("Ikke publisert"));
    c.find(Locator::Id("logout"))
        .await
        .expect("logout")
        .click()
        .await
        .expect("sign out");
    wait_for("17 areas after signing out", count(17)).await;
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}

#[tokio::test]
async fn the_panel_shows_power_distances_conflicts_and_profile_and_layers_can_be_shown() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_driver, c, profile) = browser().await;
    c.goto(&app.url("/")).await.expect("open map");
    open_area(&c, "Fåberg nord").await;
    let panel = text_of(&c, "#panel").await;
    for expected in [
        "Strøm",
        "Nærmeste stasjon",
        "MW",
        "Avstander",
        "Kryss på E6",
        "km",
        "Konflikter",
        "Dyrka mark",
        "%",
        "Lokaliseringsprofil",
    ] {
        assert!(
            panel.contains(expected),
            "{expected:?} in the panel:\n{panel}"
        );
    }
    click(&c, "#layers summary").await;
    wait_for("the layer list", || async {
        text_of(&c, "#layer-list").await.contains("Kryss på E6")
    })
    .await;
    let list = text_of(&c, "#layer-list").await;
    assert!(
        list.contains("CC BY 4.0") && list.contains("Kartverket"),
        "sources shown:\n{list}"
    );
    assert!(
        list.contains("Dyrka mark (AR5) (eksempeldata)"),
        "demo layers marked:\n{list}"
    );
    let paths = || async {
        c.find_all(Locator::Css("#map path"))
            .await
            .map(|v| v.len())
            .unwrap_or(0)
    };
    let before = paths().await;
    click(&c, "#layer-list input[value=e6]").await;
    wait_for("the E6 on the map", || async { paths().await > before }).await;
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}
