//! Planners keep substation figures current: edits with If-Match and history; stale
//! figures are flagged in the API and in the areas' facts.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

async fn station(app: &TestApp, name: &str) -> Value {
    let (_, doc) = app.get_json("/api/substations", 200).await;
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("{name} in /api/substations"))
}

async fn patch(
    app: &TestApp,
    token: Option<&str>,
    id: &str,
    if_match: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut req = app
        .http
        .patch(app.url(&format!("/api/substations/{id}")))
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(v) = if_match {
        req = req.header("if-match", v);
    }
    let res = req.send().await.expect("patch");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn planners_update_figures_with_history_and_old_figures_are_flagged() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let vera = app.account("vera", "viewer", &[]).await;
    let hage = station(&app, "Hage").await;
    let id = hage["id"].as_str().expect("id").to_string();
    // stale: figures older than a year (365 days) on the day the test runs
    let as_of = chrono::NaiveDate::parse_from_str(
        hage["properties"]["as_of"].as_str().expect("as_of"),
        "%Y-%m-%d",
    )
    .expect("a date");
    let year_ago = chrono::Utc::now().date_naive() - chrono::Days::new(365);
    assert_eq!(hage["properties"]["stale"], as_of < year_ago);
    // Sorgendal's seeded figures are from 2024-03-01: older than a year
    assert_eq!(
        station(&app, "Sorgendal").await["properties"]["stale"],
        true
    );

    let figures = json!({"properties": {"free_capacity_mw_min": 1.5, "free_capacity_mw_max": 3,
        "queue_status": "limited", "as_of": "2026-11-01", "source_url": "https://www.elvia.no/kapasitet"}});
    let (status, _) = patch(&app, None, &id, Some("\"1\""), figures.clone()).await;
    assert_eq!(status, 401);
    let (status, _) = patch(&app, Some(&vera), &id, Some("\"1\""), figures.clone()).await;
    assert_eq!(status, 403, "viewers read, never change");
    let (status, _) = patch(&app, Some(&kari), &id, None, figures.clone()).await;
    assert_eq!(status, 428, "If-Match is required");
    let (status, p) = patch(&app, Some(&kari), &id, Some("\"1\""),
        json!({"properties": {"free_capacity_mw_min": 9, "free_capacity_mw_max": 3, "name": "Nytt navn"}})).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = p["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, vec!["name"], "name is not editable here: {p}");
    let (status, p) = patch(
        &app,
        Some(&kari),
        &id,
        Some("\"1\""),
        json!({"properties": {"free_capacity_mw_min": 9, "free_capacity_mw_max": 3}}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["issues"][0]["field"], "free_capacity_mw_min", "{p}");

    let (status, saved) = patch(&app, Some(&kari), &id, Some("\"1\""), figures.clone()).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["properties"]["version"], 2);
    assert_eq!(saved["properties"]["free_capacity_mw_min"], 1.5);
    assert_eq!(
        saved["properties"]["demo"], false,
        "figures entered by a planner are not demo figures"
    );
    let (status, _) = patch(&app, Some(&kari), &id, Some("\"1\""), figures).await;
    assert_eq!(
        status, 412,
        "a second edit from the same old version is refused"
    );

    let (_, history) = app
        .get_json(&format!("/api/substations/{id}/history"), 401)
        .await;
    assert_eq!(history["status"], 401);
    let res = app
        .http
        .get(app.url(&format!("/api/substations/{id}/history")))
        .bearer_auth(&vera)
        .send()
        .await
        .expect("history");
    let history: Value = res.json().await.expect("json");
    let changed = history["changes"][0]["changed_fields"].to_string();
    for f in [
        "free_capacity_mw_min",
        "free_capacity_mw_max",
        "as_of",
        "queue_status",
        "source_url",
        "demo",
    ] {
        assert!(changed.contains(f), "{f} recorded: {changed}");
    }
    assert_eq!(history["changes"][0]["changed_by"], "kari");

    // an area fed from Hage shows the new figures at once
    let (_, items) = app
        .get_json("/ogc/collections/areas/items?limit=100", 200)
        .await;
    let fed: Vec<&Value> = items["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| f["properties"]["substation_name"] == "Hage")
        .collect();
    assert!(
        !fed.is_empty(),
        "some demo area's nearest substation is Hage"
    );
    for f in fed {
        assert_eq!(f["properties"]["substation_free_mw_max"], 3.0);
        assert_eq!(f["properties"]["substation_stale"], false);
    }
    let strandtorget = items["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["reference"] == "3405-T-003")
        .expect("Strandtorget sør");
    assert_eq!(strandtorget["properties"]["substation_name"], "Sorgendal");
    assert_eq!(
        strandtorget["properties"]["substation_stale"], true,
        "an area fed from a substation with old figures says so"
    );
}
