//! In a real headless Chromium: import and export in the browser.

use fantoccini::Locator;
use serde_json::json;

use super::driver::{browser, click, sign_in, text_of, wait_for};
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_planner_checks_then_imports_a_file_and_finds_the_export_links() {
    use crate::helpers::{collection, feature, polygon, LILLEHAMMER};
    let app = spawn_app().await;
    app.seed_demo().await;
    app.account("kari", "planner", &["3405"]).await; // password: "a long test password"
    let (lon, lat) = LILLEHAMMER;
    let file = collection(vec![
        feature(
            "3405-I-001",
            "3405",
            "available",
            polygon(lon + 0.02, lat, 110.0, 6, 0.0),
            json!({"name": "Importert én"}),
        ),
        feature(
            "3405-I-002",
            "3405",
            "candidate",
            polygon(lon + 0.03, lat, 130.0, 8, 0.0),
            json!({"name": "Importert to"}),
        ),
    ]);
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("nye-omrader.geojson");
    std::fs::write(&path, file.to_string()).expect("write");

    let (_driver, c, profile) = browser().await;
    sign_in(&c, &app.url(""), "kari", "a long test password").await;
    wait_for("18 areas", || async {
        c.find_all(Locator::Css("#list li"))
            .await
            .is_ok_and(|v| v.len() == 18)
    })
    .await;
    click(&c, "#transfer summary").await;
    let gpkg = c
        .find(Locator::Css("#transfer a[data-format=gpkg]"))
        .await
        .expect("link")
        .attr("href")
        .await
        .expect("href");
    assert_eq!(gpkg.as_deref(), Some("/api/areas/export?format=gpkg"));
    c.find(Locator::Id("import-file"))
        .await
        .expect("file input")
        .send_keys(path.to_str().expect("path"))
        .await
        .expect("choose file");
    click(&c, "#import-check").await;
    wait_for("the dry run's result", || async {
        text_of(&c, "#import-result")
            .await
            .contains("2 områder vil bli opprettet")
    })
    .await;
    assert!(text_of(&c, "#import-result")
        .await
        .contains("3405-I-002 Importert to"));
    assert_eq!(app.area_count().await, 18, "a dry run saves nothing");
    click(&c, "#import-run").await;
    wait_for("the imported areas in the list", || async {
        c.find_all(Locator::Css("#list li"))
            .await
            .is_ok_and(|v| v.len() == 20)
    })
    .await;
    assert_eq!(app.area_count().await, 20);
    // a file with mistakes: every problem listed, nothing written
    let mut broken = file.clone();
    broken["features"][0]["properties"]["kind"] = "warehouse".into();
    broken["features"][1]["properties"]["readiness"] = "soon".into();
    std::fs::write(&path, broken.to_string()).expect("write");
    c.find(Locator::Id("import-file"))
        .await
        .expect("file input")
        .send_keys(path.to_str().expect("path"))
        .await
        .expect("choose file");
    click(&c, "#import-check").await;
    wait_for("the problems", || async {
        let t = text_of(&c, "#import-result").await;
        t.contains("2 feil") && t.contains("3405-I-001") && t.contains("Byggeklarhet")
    })
    .await;
    let problems = text_of(&c, "#import-result").await;
    assert!(
        problems.contains("ukjent kode") && !problems.contains("unknown code"),
        "the field by its label, the message in bokmål: {problems}"
    );
    assert_eq!(app.area_count().await, 20);
    c.close().await.expect("close browser");
    let _ = std::fs::remove_dir_all(profile);
}
