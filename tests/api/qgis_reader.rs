//! QGIS itself as a witness for reading: Debian's python3-qgis (QGIS 3.22, headless) opens
//! every collection with its OAPIF provider (`tests/qgis/read_collections.py`); counts and
//! attributes equal the database and the API, and with a planner's token (as QGIS sends
//! the connection's user name and password: HTTP Basic) it sees the planner's unpublished
//! area, without one it does not.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, TestApp, LILLEHAMMER};

async fn qgis_reads(app: &TestApp, credentials: Option<(&str, &str)>) -> Value {
    let mut cmd = std::process::Command::new("/usr/bin/python3");
    cmd.arg(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/qgis/read_collections.py"
    ))
    .arg(app.url("/ogc"))
    .env("QT_QPA_PLATFORM", "offscreen");
    if let Some((user, token)) = credentials {
        cmd.arg(user).arg(token);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .expect("join")
        .expect("python3-qgis runs (scripts/install-deps --test installs it)");
    assert!(
        out.status.success(),
        "QGIS failed ({}): {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .expect("JSON from QGIS");
    serde_json::from_str(line).expect("JSON")
}

fn references(seen: &Value) -> BTreeSet<String> {
    seen["collections"]["areas"]["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["attributes"]["reference"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn qgis_reads_every_collection_and_a_token_shows_the_planners_unpublished_area() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let mut draft = feature(
        "3405-Q-900",
        "3405",
        "available",
        polygon(LILLEHAMMER.0, LILLEHAMMER.1 - 0.01, 150.0, 8, 0.2),
        json!({"published": false}),
    );
    draft["properties"]["name"] = "Utkast fra QGIS".into();
    let res = app
        .http
        .post(app.url("/ogc/collections/areas/items"))
        .bearer_auth(&token)
        .header("content-type", "application/geo+json")
        .body(draft.to_string())
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 201);

    let public = qgis_reads(&app, None).await;
    let (_, listed) = app.get_json("/ogc/collections", 200).await;
    let ids: Vec<String> = listed["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.len() >= 5, "{ids:?}");
    for id in &ids {
        let seen = &public["collections"][id];
        assert_eq!(seen["valid"], true, "QGIS opens {id}");
        let (_, all) = app
            .get_json(&format!("/ogc/collections/{id}/items?limit=10000"), 200)
            .await;
        let n = all["features"].as_array().expect("features").len();
        assert_eq!(seen["count"], n, "QGIS reads every feature of {id}");
        assert!(n > 0, "{id}");
    }
    // the areas QGIS sees are exactly the public ones, with their attributes
    let db: Vec<(String, String, String)> =
        sqlx::query_as("select reference, name, municipality from area_visible order by reference")
            .fetch_all(&app.pool)
            .await
            .expect("areas");
    let by_qgis: BTreeSet<(String, String, String)> = public["collections"]["areas"]["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let a = &f["attributes"];
            (
                a["reference"].as_str().unwrap_or_default().to_string(),
                a["name"].as_str().unwrap_or_default().to_string(),
                a["municipality"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(by_qgis, db.into_iter().collect::<BTreeSet<_>>());
    assert!(
        !references(&public).contains("3405-Q-900"),
        "the public never sees a draft"
    );
    let (municipalities,): (i64,) = sqlx::query_as("select count(*) from municipality")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(
        public["collections"]["municipalities"]["count"],
        municipalities
    );

    let signed_in = qgis_reads(&app, Some(("kari", &token))).await;
    let mine = references(&signed_in);
    assert!(
        mine.contains("3405-Q-900"),
        "the planner's layer keeps the new unpublished area"
    );
    assert!(mine.is_superset(&references(&public)));
    let draft = signed_in["collections"]["areas"]["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["attributes"]["reference"] == "3405-Q-900")
        .expect("draft");
    assert_eq!(draft["attributes"]["published"], false);
    assert_eq!(draft["attributes"]["name"], "Utkast fra QGIS");
}
