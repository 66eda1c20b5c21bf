//! Freshness: planners see their municipality's areas not confirmed within the
//! configured days, confirm one in one call (last_confirmed = today, a new version, a
//! `confirm` in the history), and only those who may edit an area may confirm it.

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use arealbank::api::Settings;

async fn set_confirmed(app: &TestApp, reference: &str, days_ago: Option<i32>) {
    sqlx::query("update area set last_confirmed = current_date - $2 where reference = $1")
        .bind(reference)
        .bind(days_ago)
        .execute(&app.pool)
        .await
        .expect("set last_confirmed");
}

fn references(doc: &Value) -> Vec<String> {
    doc["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .map(|a| a["reference"].as_str().expect("reference").to_string())
        .collect()
}

#[tokio::test]
async fn planners_list_what_is_due_and_confirm_it_in_one_call_recorded_in_the_history() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let ola = app.account("ola", "planner", &["3440"]).await;
    let vera = app.account("vera", "viewer", &[]).await;
    set_confirmed(&app, "3405-N-001", Some(400)).await;
    set_confirmed(&app, "3405-N-002", None).await;
    set_confirmed(&app, "3405-N-005", Some(10)).await;

    let (s, doc) = app.get_as(&kari, "/api/areas/due").await;
    assert_eq!(s, 200, "{doc}");
    assert_eq!(doc["confirm_within_days"], 365);
    let due = references(&doc);
    assert!(due.contains(&"3405-N-001".to_string()), "{due:?}");
    assert!(
        due.contains(&"3405-N-002".to_string()),
        "never confirmed is due: {due:?}"
    );
    assert!(
        !due.contains(&"3405-N-005".to_string()),
        "confirmed 10 days ago: {due:?}"
    );
    assert!(
        due.iter().all(|r| r.starts_with("3405-")),
        "only kari's municipality: {due:?}"
    );
    assert_eq!(
        due[0], "3405-N-002",
        "never confirmed first, then the oldest"
    );
    let first = &doc["areas"][1];
    assert_eq!(first["days_since"], 400, "{first}");

    let id: String = sqlx::query_scalar("select id::text from area where reference = '3405-N-001'")
        .fetch_one(&app.pool)
        .await
        .expect("id");
    let version: i32 = sqlx::query_scalar("select version from area where id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .expect("version");
    let path = format!("/api/areas/{id}/confirm");
    assert_eq!(
        app.post_as(&ola, &path, vec![]).await.0,
        403,
        "another municipality's planner"
    );
    assert_eq!(app.post_as(&vera, &path, vec![]).await.0, 403, "a viewer");
    let anonymous = app.http.post(app.url(&path)).send().await.expect("post");
    assert_eq!(anonymous.status().as_u16(), 401);
    assert_eq!(app.get_as(&vera, "/api/areas/due").await.0, 403);

    // confirming a version someone has changed since is refused
    let stale = app
        .http
        .post(app.url(&path))
        .bearer_auth(&kari)
        .header("If-Match", format!("\"{}\"", version - 1))
        .send()
        .await
        .expect("post");
    assert_eq!(stale.status().as_u16(), 412);
    let (s, body) = app.post_as(&kari, &path, vec![]).await;
    assert_eq!(s, 200, "{body}");
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        app.public_properties("3405-N-001").await["last_confirmed"],
        today.as_str()
    );
    let (action, changed, now): (String, Vec<String>, i32) = sqlx::query_as(
        "select h.action, h.changed_fields, a.version from area_history h join area a on a.id = h.area_id
         where h.area_id = $1::uuid order by h.version desc limit 1",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .expect("history");
    assert_eq!(action, "confirm");
    assert_eq!(changed, vec!["last_confirmed".to_string()]);
    assert_eq!(now, version + 1);
    let (_, doc) = app.get_as(&kari, "/api/areas/due").await;
    assert!(!references(&doc).contains(&"3405-N-001".to_string()));
    // the history as the planner reads it names the confirmation
    let (_, history) = app.get_as(&kari, &format!("/api/areas/{id}/history")).await;
    assert_eq!(history["changes"][0]["action"], "confirm", "{history}");
}

#[tokio::test]
async fn the_time_before_an_area_is_due_is_configurable() {
    let app = spawn_app_with(Settings {
        confirm_within_days: Some(5),
        ..Settings::default()
    })
    .await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    set_confirmed(&app, "3405-N-005", Some(10)).await;
    let (_, config) = app.get_json("/api/config", 200).await;
    assert_eq!(config["confirm_within_days"], 5);
    let (_, doc) = app.get_as(&kari, "/api/areas/due").await;
    assert!(references(&doc).contains(&"3405-N-005".to_string()));
}
