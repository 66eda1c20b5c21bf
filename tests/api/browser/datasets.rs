//! In a real headless Chromium: an admin loads a national dataset from the map, sees the
//! dry run's report of the area facts it would change, then loads it.

use fantoccini::Locator;
use serde_json::json;

use super::driver::{browser, click, sign_in, text_of, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn an_admin_checks_then_loads_nves_flood_zones_and_sees_what_changes() {
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("ada", "admin", &[]).await; // password: "a long test password"
                                            // a 200-year flood zone over the west part of Storhove næringsområde (demo)
    let zone = json!({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"gjentaksintervall": 200},
        "geometry": {"type": "Polygon", "coordinates": [[[10.4490, 61.1270], [10.4515, 61.1270],
            [10.4515, 61.1300], [10.4490, 61.1300], [10.4490, 61.1270]]]}}]});
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("flomsoner.geojson");
    std::fs::write(&path, zone.to_string()).expect("write");

    let (_driver, c, _profile) = browser().await;
    sign_in(&c, &app.url(""), "ada", "a long test password").await;
    wait_for("the datasets panel for an admin", || async {
        c.find(Locator::Css("#datasets:not([hidden]) summary"))
            .await
            .is_ok()
    })
    .await;
    click(&c, "#datasets summary").await;
    c.execute(
        "const s = document.getElementById('dataset-what'); s.value = 'flomsone';
         s.dispatchEvent(new Event('change', {bubbles: true}));
         document.getElementById('dataset-as-of').value = '2025-06-01';",
        vec![],
    )
    .await
    .expect("choose the dataset");
    c.find(Locator::Id("dataset-licence"))
        .await
        .expect("licence")
        .send_keys("NLOD 2.0")
        .await
        .expect("type the licence");
    c.find(Locator::Id("dataset-file"))
        .await
        .expect("file input")
        .send_keys(path.to_str().expect("path"))
        .await
        .expect("choose file");
    click(&c, "#dataset-check").await;
    wait_for("the dry run's report", || async {
        text_of(&c, "#dataset-result")
            .await
            .contains("Kontrollert, ingenting er lagret")
    })
    .await;
    let report = text_of(&c, "#dataset-result").await;
    assert!(
        report.contains("3405-N-002 Storhove næringsområde (demo) · Andel flomsone: 0,0 % → "),
        "{report}"
    );
    assert!(
        report.contains("Konflikter med kilder: ingen → Flomsone"),
        "the conflicts in words: {report}"
    );
    let (_, layers) = app.get_json("/api/layers", 200).await;
    let flood = |doc: &serde_json::Value| {
        doc["layers"]
            .as_array()
            .expect("layers")
            .iter()
            .find(|l| l["kind"] == "flood_zone")
            .map(|l| (l["version"].as_i64(), l["dataset"].clone()))
    };
    assert_eq!(
        flood(&layers),
        Some((Some(1), serde_json::Value::Null)),
        "a dry run saves nothing"
    );
    click(&c, "#dataset-run").await;
    wait_for("the loaded layer", || async {
        text_of(&c, "#dataset-result").await.contains("Lastet inn")
    })
    .await;
    let (_, layers) = app.get_json("/api/layers", 200).await;
    assert_eq!(flood(&layers), Some((Some(2), json!("flomsone"))));
    let p = app.public_properties("3405-N-002").await;
    assert_eq!(
        p["conflicts"]["flood_zone"]["classes"]["200"]["nb"],
        "200-årsflom"
    );
    // the datasheet names the layer versions its facts come from, and the fact's source
    let id: String = sqlx::query_scalar("select id::text from area where reference = '3405-N-002'")
        .fetch_one(&app.pool)
        .await
        .expect("id");
    c.goto(&app.url(&format!("/areas/{id}/datasheet")))
        .await
        .expect("open datasheet");
    wait_for("the datasheet rendered", || async {
        c.find(Locator::Css("body[data-ready=true]")).await.is_ok()
    })
    .await;
    let sheet = text_of(&c, "body").await;
    assert!(
        sheet.contains("Flomsoner: Flomsoner (NVE), NLOD 2.0 (per 2025-06-01, versjon 2)"),
        "{sheet}"
    );
    assert!(
        sheet.contains("200-årsflom") && sheet.contains("— Flomsoner (NVE), per 2025-06-01"),
        "the conflict names its class and source: {sheet}"
    );
    assert!(
        !sheet.contains("scripts/") && sheet.contains("eksempeldata"),
        "sources are written for readers: {sheet}"
    );

    // the plan register says LNFR where the demo data says 1300 regulert: the panel shows
    // the register's breakdown, its date, and the disagreement
    let ring = json!([[
        [10.4480, 61.1265],
        [10.4560, 61.1265],
        [10.4560, 61.1305],
        [10.4480, 61.1305],
        [10.4480, 61.1265]
    ]]);
    let plan = json!([
        {"type": "FeatureCollection", "name": "KpOmråde", "features": [{"type": "Feature",
            "properties": {"arealplanId.kommunenummer": "3405", "arealplanId.planidentifikasjon": "2011001",
                "plantype": 20, "planstatus": 3, "plannavn": "Kommuneplanens arealdel", "ikrafttredelsesdato": "2011-06-01"},
            "geometry": {"type": "Polygon", "coordinates": ring}}]},
        {"type": "FeatureCollection", "name": "KpArealformålOmråde", "features": [{"type": "Feature",
            "properties": {"arealplanId.kommunenummer": "3405", "arealplanId.planidentifikasjon": "2011001",
                "arealformål": 5100, "arealbruksstatus": 1},
            "geometry": {"type": "Polygon", "coordinates": ring}}]}]);
    let token = app.account("ola", "admin", &[]).await;
    let (status, report) = app
        .post_as(
            &token,
            "/api/plans/import?as_of=2026-11-01",
            plan.to_string().into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{report}");
    c.goto(&app.url("")).await.expect("the map");
    super::driver::open_area(&c, "Storhove næringsområde (demo)").await;
    wait_for("the zoning in the panel", || async {
        text_of(&c, "#panel")
            .await
            .contains("Arealformål i gjeldende planer")
    })
    .await;
    let panel = text_of(&c, "#panel").await;
    assert!(panel.contains("100 % 5100 LNFR-areal"), "{panel}");
    assert!(panel.contains("nåværende"), "{panel}");
    assert!(panel.contains("fra planregisteret (2026-11-01)"), "{panel}");
    assert!(
        panel.contains("registrert RP 1300, planregisteret KP 5100"),
        "{panel}"
    );
}
