//! Every error is problem+json: 405 (with `Allow`), unknown paths, malformed headers, NUL
//! characters in any text field (422 naming the field, never a 500), and a database that
//! goes away and comes back (503 with `Retry-After`, then recovery; no acknowledged write
//! lost).

use std::time::Duration;

use arealbank::domain::fields::{self, Type};
use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, LILLEHAMMER};

const ITEMS: &str = "/ogc/collections/areas/items";

async fn assert_problem(res: reqwest::Response, status: u16, what: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "{what}");
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "{what}"
    );
    let body: Value = res.json().await.expect("problem body");
    assert_eq!(body["status"], status, "{what}");
    assert!(
        !body["detail"].as_str().unwrap_or_default().is_empty(),
        "{what}"
    );
    body
}

#[tokio::test]
async fn wrong_methods_unknown_paths_and_garbage_headers_are_problems() {
    let app = spawn_app().await;
    let res = app
        .http
        .delete(app.url("/ogc/collections"))
        .send()
        .await
        .expect("delete");
    assert!(res.headers()["allow"]
        .to_str()
        .expect("allow")
        .contains("GET"));
    let problem = assert_problem(res, 405, "DELETE /ogc/collections").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("DELETE"),
        "{problem}"
    );
    let res = app
        .http
        .post(app.url("/ogc/conformance"))
        .send()
        .await
        .expect("post");
    assert_problem(res, 405, "POST /ogc/conformance").await;
    for path in [
        "/api/nothing-here",
        "/ogc/nothing-here",
        "/ogc/collections/nothing/items",
    ] {
        let res = app.http.get(app.url(path)).send().await.expect("get");
        assert_problem(res, 404, path).await;
    }
    let res = app
        .http
        .get(app.url(ITEMS))
        .header("authorization", "Bearer")
        .send()
        .await
        .expect("get");
    assert_problem(res, 401, "an empty token").await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let res = app
        .http
        .post(app.url(ITEMS))
        .bearer_auth(&token)
        .header("content-type", "application/geo+json")
        .body("{\"type\": \"Feature\", ")
        .send()
        .await
        .expect("post");
    assert_problem(res, 422, "a broken body").await;
}

#[tokio::test]
async fn a_nul_character_in_any_text_field_is_refused_by_name() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let mut tried = 0;
    for field in fields::entered_fields()
        .filter(|f| f.ty != Type::Boolean)
        .map(|f| &f.name)
    {
        let mut body = feature(
            "3405-E-001",
            "3405",
            "available",
            polygon(LILLEHAMMER.0, LILLEHAMMER.1, 120.0, 8, 0.1),
            json!({"published": false}),
        );
        body["properties"][*field] = "før\u{0}etter".into();
        let res = app
            .http
            .post(app.url(ITEMS))
            .bearer_auth(&token)
            .header("content-type", "application/geo+json")
            .body(body.to_string())
            .send()
            .await
            .expect("post");
        let problem = assert_problem(res, 422, field).await;
        let named: Vec<&str> = problem["issues"]
            .as_array()
            .expect("issues")
            .iter()
            .filter_map(|i| i["field"].as_str())
            .collect();
        assert!(named.contains(field), "{field}: {named:?}");
        tried += 1;
    }
    assert!(tried > 30, "every text field was tried ({tried})");
    assert_eq!(app.area_count().await, 0);
    // in a filter's text literal, a search, and a query parameter: never a 500
    for path in [
        format!("{ITEMS}?filter=name%20%3D%20%27a%00b%27"),
        format!("{ITEMS}?municipality=34%0005"),
        "/api/search?q=a%00b".to_string(),
    ] {
        let res = app.http.get(app.url(&path)).send().await.expect("get");
        assert!(
            res.status().is_client_error() || res.status() == 200,
            "{path}: {}",
            res.status()
        );
        if res.status() != 200 {
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn the_database_going_away_gives_503_then_recovers_without_losing_a_write() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let ids = app
        .insert(&crate::helpers::collection(vec![feature(
            "3405-E-010",
            "3405",
            "available",
            polygon(LILLEHAMMER.0, LILLEHAMMER.1, 120.0, 8, 0.1),
            json!({}),
        )]))
        .await;
    let path = format!("{ITEMS}/{}", ids[0]);
    let db = app.database_name();
    let writer = {
        let http = app.http.clone();
        let url = app.url(&path);
        let token = token.clone();
        tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for i in 0..60 {
                let res = http
                    .patch(&url)
                    .bearer_auth(&token)
                    .header("content-type", "application/merge-patch+json")
                    .body(
                        json!({"properties": {"description": format!("skriving {i}")}}).to_string(),
                    )
                    .send()
                    .await
                    .expect("request");
                let status = res.status().as_u16();
                let retry = res.headers().contains_key("retry-after");
                let problem = res
                    .headers()
                    .get("content-type")
                    .is_some_and(|v| v == "application/problem+json");
                outcomes.push((i, status, retry, problem));
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
            outcomes
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut admin = app.admin_connection().await;
    // the database stops taking connections and drops the ones it has (as a restart does)
    sqlx::raw_sql(&format!(
        "alter database {db} allow_connections false;
         select pg_terminate_backend(pid) from pg_stat_activity where datname = '{db}';"
    ))
    .execute(&mut admin)
    .await
    .expect("stop the database");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    sqlx::raw_sql(&format!("alter database {db} allow_connections true"))
        .execute(&mut admin)
        .await
        .expect("start the database");
    let outcomes = writer.await.expect("writer");
    let unavailable: Vec<_> = outcomes.iter().filter(|o| o.1 == 503).collect();
    assert!(
        !unavailable.is_empty(),
        "some writes met the stopped database: {outcomes:?}"
    );
    assert!(
        unavailable.iter().all(|o| o.2 && o.3),
        "503 is problem+json with Retry-After"
    );
    assert!(
        outcomes.iter().all(|o| o.1 == 200 || o.1 == 503),
        "only 200 or 503: {outcomes:?}"
    );
    assert_eq!(outcomes.last().map(|o| o.1), Some(200), "it recovered");
    let acknowledged: Vec<String> = outcomes
        .iter()
        .filter(|o| o.1 == 200)
        .map(|o| format!("skriving {}", o.0))
        .collect();
    let written: Vec<Option<String>> = sqlx::query_scalar(
        "select previous ->> 'description' from area_history where area_id = $1 and version > 1
         union all select description from area where id = $1",
    )
    .bind(ids[0])
    .fetch_all(&app.pool)
    .await
    .expect("history");
    for a in &acknowledged {
        assert!(
            written.contains(&Some(a.clone())),
            "acknowledged write {a:?} is stored"
        );
    }
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_a_503_problem_with_retry_after() {
    let app = crate::helpers::spawn_app_with(arealbank::api::Settings {
        request_timeout: Some(Duration::from_millis(1)),
        ..Default::default()
    })
    .await;
    app.seed_demo().await;
    // the search waits for a lock another connection holds, so it surely takes too long
    // (a fast machine could answer within the millisecond otherwise)
    let mut blocker = app.pool.begin().await.expect("transaction");
    sqlx::query("lock table area in access exclusive mode")
        .execute(&mut *blocker)
        .await
        .expect("lock");
    let res = app
        .http
        .get(app.url("/api/search?profile=logistics"))
        .send()
        .await
        .expect("search");
    blocker.rollback().await.expect("release");
    assert!(
        res.headers().contains_key("retry-after"),
        "{} {:?}",
        res.status(),
        res.headers()
    );
    let problem = assert_problem(res, 503, "a stopped request").await;
    assert!(problem["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("took too long"));
}

#[tokio::test]
async fn an_ended_browser_session_reads_as_anyone_but_a_wrong_token_is_told() {
    let app = spawn_app().await;
    let res = app
        .http
        .get(app.url(ITEMS))
        .header("cookie", "arealbank_session=long-gone")
        .send()
        .await
        .expect("get");
    assert_eq!(
        res.status(),
        200,
        "the map still loads after the session ended"
    );
    let res = app
        .http
        .get(app.url(ITEMS))
        .bearer_auth("arb_not-a-token")
        .send()
        .await
        .expect("get");
    assert_problem(res, 401, "a wrong token").await;
}
