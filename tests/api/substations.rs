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

const GRID_OCTOBER: &str = include_str!("../fixtures/grid/testnett-2026-10.json");
const GRID_NOVEMBER: &str = include_str!("../fixtures/grid/testnett-2026-11.json");
const GRID_BROKEN: &str = include_str!("../fixtures/grid/testnett-broken.json");

async fn import_grid(app: &TestApp, token: &str, body: &str, dry_run: bool) -> (u16, Value) {
    let query = if dry_run { "?dry_run=true" } else { "" };
    app.post_as(
        token,
        &format!("/api/substations/import{query}"),
        body.as_bytes().to_vec(),
    )
    .await
}

/// The public facts of a demo area, by reference.
async fn facts_of(app: &TestApp, reference: &str) -> Value {
    app.public_properties(reference).await
}

fn station_change<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["stations"]
        .as_array()
        .expect("stations")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {report}"))
}

#[tokio::test]
async fn an_operators_grid_capacity_file_loads_with_licence_service_areas_and_history() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ada = app.account("ada", "admin", &[]).await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let (_, before) = app.get_json("/api/substations", 200).await;
    let elvia = before["features"].as_array().expect("features").len();

    let (status, _) = import_grid(&app, &kari, GRID_OCTOBER, false).await;
    assert_eq!(status, 403, "planners do not load operators' files");

    // a dry run reports and writes nothing
    let (status, dry) = import_grid(&app, &ada, GRID_OCTOBER, true).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(
        station_change(&dry, "Testnett Vingrom")["change"],
        "created"
    );
    let (_, unchanged) = app.get_json("/api/substations", 200).await;
    assert_eq!(unchanged, before, "a dry run stores nothing");
    assert!(
        dry["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .any(|a| a["reference"] == "3405-K-008" && a["field"] == "substation_name"),
        "the dry run names the areas whose facts would change: {dry}"
    );

    // the file itself, through the command line
    let path = std::env::temp_dir().join(format!("grid-{}.json", app.database_name()));
    std::fs::write(&path, GRID_OCTOBER).expect("write");
    let out = app
        .cli()
        .args(["substation", "import"])
        .arg(&path)
        .output()
        .expect("cli");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Testnett Vingrom (Testnett): new: consumption 12 MW, production -3.5 MW, reserved 4 MW (as of 2026-10-01)"),
        "{stdout}"
    );
    assert!(stdout.contains("licence https://creativecommons.org/publicdomain/zero/1.0/, rights holder Testnett (999999999)"), "{stdout}");
    let (_, loaded) = app.get_json("/api/substations", 200).await;
    assert_eq!(
        loaded["features"].as_array().expect("features").len(),
        elvia + 3,
        "the other operators' stations stay"
    );

    // a point station: its figures, negative production capacity, licence and rights holder
    let c = facts_of(&app, "3405-K-008").await;
    assert_eq!(c["substation_name"], "Testnett Vingrom", "{c}");
    assert_eq!(c["substation_free_mw_min"], 12.0);
    assert_eq!(c["substation_prod_mw"], -3.5);
    assert_eq!(c["substation_reserved_mw"], 4.0);
    assert_eq!(
        c["substation_licence"],
        "https://creativecommons.org/publicdomain/zero/1.0/"
    );
    assert_eq!(c["substation_rights_holder"], "Testnett (999999999)");
    assert_eq!(c["substation_as_of"], "2026-10-01");
    assert_eq!(c["substation_served"], false);
    assert!(c["substation_m"].as_f64().expect("distance") > 0.0);
    // kW converted to MW
    let s = facts_of(&app, "3441-N-004").await;
    assert_eq!(s["substation_name"], "Testnett Svingvoll", "{s}");
    assert_eq!(s["substation_free_mw_min"], 2.5);
    assert_eq!(s["substation_prod_mw"], 0.8);
    // areas inside a service area belong to its station, whichever point is nearer; the
    // station stands somewhere unknown, so no distance is claimed; negative figures kept
    for reference in ["3405-N-005", "3405-K-009"] {
        let r = facts_of(&app, reference).await;
        assert_eq!(
            r["substation_name"], "Testnett Rudsbygd",
            "{reference}: {r}"
        );
        assert_eq!(r["substation_served"], true);
        assert_eq!(r["substation_m"], Value::Null);
        assert_eq!(r["substation_free_mw_min"], -2.0);
    }
    // a company asking for ≥ 2 MW does not get a station that is short
    let (_, found) = app
        .get_json("/ogc/collections/areas/items?filter=substation_free_mw_min%3E%3D2&filter-lang=cql2-text&limit=100", 200)
        .await;
    let refs: Vec<&str> = found["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["properties"]["reference"].as_str())
        .collect();
    assert!(
        refs.contains(&"3405-K-008") && !refs.contains(&"3405-N-005"),
        "{refs:?}"
    );

    // the next publication: one station's figures change, one station is gone
    let (status, report) = import_grid(&app, &ada, GRID_NOVEMBER, false).await;
    assert_eq!(status, 200, "{report}");
    let vingrom = station_change(&report, "Testnett Vingrom");
    assert_eq!(vingrom["change"], "updated");
    assert_eq!(vingrom["before"]["available_cons_mw"], 12.0);
    assert_eq!(vingrom["after"]["available_cons_mw"], 8.0);
    assert_eq!(vingrom["after"]["as_of"], "2026-11-15");
    assert_eq!(
        station_change(&report, "Testnett Rudsbygd")["change"],
        "unchanged"
    );
    assert_eq!(
        station_change(&report, "Testnett Svingvoll")["change"],
        "removed"
    );
    let change = report["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .find(|a| a["reference"] == "3405-K-008" && a["field"] == "substation_free_mw_min")
        .unwrap_or_else(|| panic!("C's capacity change reported: {report}"));
    assert_eq!(
        (change["before"].as_f64(), change["after"].as_f64()),
        (Some(12.0), Some(8.0))
    );
    assert_ne!(
        facts_of(&app, "3441-N-004").await["substation_name"],
        "Testnett Svingvoll",
        "a removed station serves no area"
    );

    // the earlier figures are kept: free capacity over time (public)
    let id = station(&app, "Testnett Vingrom").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (_, history) = app
        .get_json(&format!("/api/substations/{id}/figures"), 200)
        .await;
    let series: Vec<(Option<f64>, Option<f64>, &str)> = history["figures_over_time"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|p| {
            (
                p["figures"]["available_cons_mw"].as_f64(),
                p["figures"]["available_prod_mw"].as_f64(),
                p["figures"]["as_of"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        series,
        vec![
            (Some(12.0), Some(-3.5), "2026-10-01"),
            (Some(8.0), Some(-5.0), "2026-11-15")
        ]
    );
}

#[tokio::test]
async fn a_broken_grid_file_is_refused_by_feature_and_field_and_changes_nothing() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ada = app.account("ada", "admin", &[]).await;
    let (_, before) = app.get_json("/api/substations", 200).await;
    let (status, p) = import_grid(&app, &ada, GRID_BROKEN, false).await;
    assert_eq!(status, 422, "{p}");
    let mut found: Vec<(i64, String)> = p["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            (
                i["feature"].as_i64().unwrap_or(-1),
                i["field"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (0, "capacityUnit".to_string()),
            (1, "geometry".to_string()),
            (2, "capacityDate".to_string()),
            (2, "reservedCons".to_string()),
            (3, "availableCons".to_string()),
        ],
        "{p}"
    );
    // the project's own substation GeoJSON is not an operator's file
    let own = include_str!("../../seeds/layers/substations.geojson");
    let (status, p) = import_grid(&app, &ada, own, false).await;
    assert_eq!(status, 422);
    assert!(
        p["issues"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("layer import substations"),
        "{p}"
    );
    let (_, after) = app.get_json("/api/substations", 200).await;
    assert_eq!(after, before, "nothing stored");
}
