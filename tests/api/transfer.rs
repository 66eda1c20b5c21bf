//! Import (with dry run) and export over HTTP for signed-in users.

use serde_json::{json, Value};

use crate::helpers::{collection, feature, polygon, spawn_app, TestApp, LILLEHAMMER, OYER};

fn two_areas() -> Value {
    let (lon, lat) = LILLEHAMMER;
    collection(vec![
        feature(
            "3405-N-930",
            "3405",
            "available",
            polygon(lon, lat, 120.0, 6, 0.0),
            json!({"owner_name": "Ola Nordmann", "published": false}),
        ),
        feature(
            "3405-N-931",
            "3405",
            "candidate",
            polygon(lon + 0.01, lat, 150.0, 7, 0.0),
            json!({"published": true}),
        ),
    ])
}

async fn import(app: &TestApp, token: &str, body: &Value, dry_run: bool) -> reqwest::Response {
    let q = if dry_run { "?dry_run=true" } else { "" };
    app.http
        .post(app.url(&format!("/api/areas/import{q}")))
        .bearer_auth(token)
        .body(body.to_string())
        .send()
        .await
        .expect("import")
}

#[tokio::test]
async fn a_dry_run_shows_what_would_be_created_then_the_import_writes_it_all() {
    let app = spawn_app().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let res = import(&app, &kari, &two_areas(), true).await;
    assert_eq!(res.status(), 200);
    let dry: Value = res.json().await.expect("json");
    assert_eq!(dry["would_create"].as_array().expect("list").len(), 2);
    assert_eq!(dry["would_create"][0]["reference"], "3405-N-930");
    assert_eq!(app.area_count().await, 0, "a dry run writes nothing");

    let res = import(&app, &kari, &two_areas(), false).await;
    assert_eq!(res.status(), 201);
    assert_eq!(app.area_count().await, 2);
    // the same file again: its references exist, so it would update them — nothing changed
    let res = import(&app, &kari, &two_areas(), true).await;
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.expect("json");
    assert_eq!(again["would_create"].as_array().expect("list").len(), 0);
    assert_eq!(again["would_update"].as_array().expect("list").len(), 0);
    assert_eq!(again["unchanged"].as_array().expect("list").len(), 2);
    // one changed property: one update, shown with its fields, and a dry run keeps it unwritten
    let mut changed = two_areas();
    changed["features"][1]["properties"]["kind"] = "available".into();
    let dry: Value = import(&app, &kari, &changed, true)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(dry["would_update"][0]["reference"], "3405-N-931");
    assert_eq!(dry["would_update"][0]["changed_fields"], json!(["kind"]));
    let kind: String = sqlx::query_scalar("select kind from area where reference = '3405-N-931'")
        .fetch_one(&app.pool)
        .await
        .expect("kind");
    assert_eq!(kind, "candidate");
    let res = import(&app, &kari, &changed, false).await;
    assert_eq!(res.status(), 200, "nothing created: 200, not 201");
    let done: Value = res.json().await.expect("json");
    assert_eq!(done["updated"][0]["version"], 2);
    assert_eq!(app.area_count().await, 2);
}

#[tokio::test]
async fn imports_are_all_or_nothing_and_limited_to_the_planners_municipalities() {
    let app = spawn_app().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let mut bad = two_areas();
    bad["features"][1]["properties"]["kind"] = "factory".into();
    assert_eq!(import(&app, &kari, &bad, false).await.status(), 422);
    let mut elsewhere = two_areas();
    elsewhere["features"][1] = feature(
        "3440-N-932",
        "3440",
        "available",
        polygon(OYER.0, OYER.1, 100.0, 6, 0.0),
        json!({}),
    );
    let res = import(&app, &kari, &elsewhere, false).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.expect("body").contains("3440"));
    assert_eq!(app.area_count().await, 0);
    assert_eq!(
        app.http
            .post(app.url("/api/areas/import"))
            .body(two_areas().to_string())
            .send()
            .await
            .expect("req")
            .status(),
        401
    );
}

#[tokio::test]
async fn export_gives_every_area_and_owner_names_only_to_planners() {
    let app = spawn_app().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let ola = app.account("ola", "viewer", &[]).await;
    assert_eq!(import(&app, &kari, &two_areas(), false).await.status(), 201);
    let (_, public) = app.get_json("/ogc/collections/areas/items", 200).await;
    assert_eq!(
        public["features"].as_array().expect("f").len(),
        1,
        "the public sees the published one"
    );
    for (token, owner) in [(&kari, true), (&ola, false)] {
        let res = app
            .http
            .get(app.url("/api/areas/export"))
            .bearer_auth(token)
            .send()
            .await
            .expect("export");
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        let doc: Value = res.json().await.expect("json");
        assert_eq!(
            doc["features"].as_array().expect("f").len(),
            2,
            "signed-in users see unpublished areas"
        );
        assert_eq!(doc.to_string().contains("Ola Nordmann"), owner);
    }
    assert_eq!(
        app.http
            .get(app.url("/api/areas/export"))
            .send()
            .await
            .expect("req")
            .status(),
        401
    );
}
