//! `arealbank backup` and `arealbank restore` with the real pg_dump and pg_restore: a
//! restored database holds what the backed-up one did, and restore never overwrites a
//! database that holds data unless told.

use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};

use crate::helpers::{spawn_app, TestApp};

/// Every table that holds what people entered, row by row, in a stable order.
const TABLES: &[&str] = &[
    "area",
    "area_history",
    "area_fact",
    "app_user",
    "app_user_municipality",
    "api_token",
    "comparison",
    "comparison_member",
    "enquiry",
    "layer",
    "substation",
    "substation_history",
    "municipality",
];

async fn snapshot(url: &str) -> Value {
    let mut conn = PgConnection::connect(url).await.expect("connect");
    let mut all = serde_json::Map::new();
    for table in TABLES {
        let rows: Value = sqlx::query_scalar(&format!(
            "select coalesce(jsonb_agg(to_jsonb(t) order by to_jsonb(t)::text), '[]'::jsonb) from {table} t"
        ))
        .fetch_one(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("read {table}: {e}"));
        all.insert((*table).to_string(), rows);
    }
    conn.close().await.expect("close");
    Value::Object(all)
}

fn export(app: &TestApp, url: &str) -> String {
    let out = app
        .cli()
        .env("DATABASE_URL", url)
        .args(["export", "--format", "geojson"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn run(app: &TestApp, url: &str, args: &[&str]) -> (i32, String) {
    let out = app
        .cli()
        .env("DATABASE_URL", url)
        .args(args)
        .output()
        .expect("run");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// An empty database next to the test's own (no PostGIS, no tables).
async fn empty_database(app: &TestApp) -> String {
    let name = format!("{}_restored", app.database_name());
    let mut admin = app.admin_connection().await;
    sqlx::raw_sql(&format!("create database {name}"))
        .execute(&mut admin)
        .await
        .expect("create database");
    app.database_url.replacen(&app.database_name(), &name, 1)
}

#[tokio::test]
async fn a_restored_backup_holds_every_area_history_account_and_comparison_set() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let token = app.account("kari", "admin", &[]).await;
    // one change, so that an area has history beyond its creation
    let (_, items) = app
        .get_json("/ogc/collections/areas/items?limit=1", 200)
        .await;
    let id = items["features"][0]["id"].as_str().expect("id").to_string();
    let res = app
        .http
        .get(app.url(&format!("/ogc/collections/areas/items/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("get");
    let etag = res.headers()["etag"].to_str().expect("etag").to_string();
    let res = app
        .http
        .patch(app.url(&format!("/ogc/collections/areas/items/{id}")))
        .bearer_auth(&token)
        .header("if-match", etag)
        .header("content-type", "application/merge-patch+json")
        .body(json!({"properties": {"contact_name": "Kari Nordmann"}}).to_string())
        .send()
        .await
        .expect("patch");
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );

    let before = snapshot(&app.database_url).await;
    assert!(
        before["comparison"]
            .as_array()
            .is_some_and(|s| !s.is_empty()),
        "the demo set is there"
    );
    assert!(
        before["area_history"].as_array().expect("history").len()
            > before["area"].as_array().expect("areas").len()
    );
    let exported = export(&app, &app.database_url);

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("arealbank.dump");
    let file = file.to_str().expect("path");
    let (code, text) = run(&app, &app.database_url, &["backup", file]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("backup written to"), "{text}");

    let fresh = empty_database(&app).await;
    let (code, text) = run(&app, &fresh, &["restore", file]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("restored"), "{text}");
    assert_eq!(snapshot(&fresh).await, before);
    assert_eq!(export(&app, &fresh), exported);

    // a database that holds data is not overwritten …
    sqlx::query("update area set name = 'Endret etter backup' where id = $1::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .expect("change after the backup");
    let changed = snapshot(&app.database_url).await;
    let (code, text) = run(&app, &app.database_url, &["restore", file]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("the database is not empty"), "{text}");
    assert!(text.contains("--replace"), "{text}");
    assert_eq!(
        snapshot(&app.database_url).await,
        changed,
        "nothing was touched"
    );

    // … unless told
    let (code, text) = run(&app, &app.database_url, &["restore", "--replace", file]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(snapshot(&app.database_url).await, before);

    // a file that is not a backup changes nothing
    let junk = dir.path().join("junk.dump");
    std::fs::write(&junk, b"not a dump").expect("junk");
    let (code, text) = run(
        &app,
        &fresh,
        &["restore", "--replace", junk.to_str().expect("path")],
    );
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("is not a backup"), "{text}");
    assert_eq!(snapshot(&fresh).await, before);
}
