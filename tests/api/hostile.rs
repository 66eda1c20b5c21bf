//! Bad and hostile input through HTTP: each gets a clear 4xx (never a 500), nothing is
//! written, and text that looks like SQL or script is stored and returned as plain text.

use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, TestApp, LILLEHAMMER};

const ITEMS: &str = "/ogc/collections/areas/items";

async fn post(app: &TestApp, token: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let res = app
        .http
        .post(app.url(ITEMS))
        .bearer_auth(token)
        .header("content-type", "application/geo+json")
        .body(body)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    assert_eq!(
        res.headers()["content-type"],
        if status == 201 {
            "application/geo+json"
        } else {
            "application/problem+json"
        }
    );
    (status, res.json().await.expect("json"))
}

fn with_geometry(geometry: Value) -> Value {
    let mut f = feature(
        "3405-N-950",
        "3405",
        "available",
        polygon(LILLEHAMMER.0, LILLEHAMMER.1, 100.0, 6, 0.0),
        json!({}),
    );
    f["geometry"] = geometry;
    f
}

#[tokio::test]
async fn broken_geometries_and_documents_are_refused_with_their_reason() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let (lon, lat) = LILLEHAMMER;
    let d = 0.002;
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "self-intersecting (bow tie)",
            with_geometry(json!({"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat + d], [lon + d, lat], [lon, lat + d], [lon, lat]]]})).to_string(),
            "geometry",
        ),
        (
            "zero area (all corners on a line)",
            with_geometry(json!({"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + 2.0 * d, lat], [lon, lat]]]})).to_string(),
            "geometry",
        ),
        (
            "unclosed ring",
            with_geometry(json!({"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d]]]})).to_string(),
            "geometry",
        ),
        (
            "a point, not an area",
            with_geometry(json!({"type": "Point", "coordinates": [lon, lat]})).to_string(),
            "geometry",
        ),
        (
            "latitude and longitude swapped",
            with_geometry(json!({"type": "Polygon", "coordinates": [[[lat, lon], [lat, lon + d], [lat + d, lon + d], [lat, lon]]]})).to_string(),
            "geometry",
        ),
        (
            "coordinates outside Norway",
            with_geometry(json!({"type": "Polygon", "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]]})).to_string(),
            "geometry",
        ),
        ("truncated JSON", "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Pol".into(), "document"),
        ("not JSON at all", "<xml>area</xml>".into(), "document"),
        (
            "JSON nested 100 000 deep",
            format!("{{\"type\": \"Feature\", \"properties\": {{\"name\": {}1{}}}}}", "[".repeat(100_000), "]".repeat(100_000)),
            "document",
        ),
    ];
    let mut seen = Vec::new();
    for (what, body, field) in cases {
        let (status, p) = post(&app, &token, body).await;
        assert_eq!(status, 422, "{what}: {p}");
        let issues = p["issues"].as_array().expect("issues");
        assert!(
            issues.iter().any(|i| i["field"] == field),
            "{what}: a problem with the {field}: {p}"
        );
        assert!(
            issues
                .iter()
                .all(|i| !i["message"].as_str().unwrap_or("").is_empty()
                    && !i["accepted"].as_str().unwrap_or("").is_empty()),
            "{what}: every problem says what is wrong and what is accepted: {p}"
        );
        seen.push(format!("{what}: {}", issues[0]["type"]));
    }
    eprintln!("refused: {seen:#?}");
    // a 50 MB body is cut off at the limit, answered 413
    // (the server answers before reading it all, so only the head is awaited)
    let res = app
        .http
        .post(app.url(ITEMS))
        .bearer_auth(&token)
        .body(vec![b' '; 50 * 1024 * 1024])
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(app.area_count().await, 0, "nothing was written");
}

#[tokio::test]
async fn sql_and_script_looking_text_is_stored_and_returned_as_plain_text() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let hostile = [
        "'; DROP TABLE area; --",
        "<script>alert('x')</script>",
        "\" OR 1=1 --",
        "Robert'); DELETE FROM app_user;--",
        "<img src=x onerror=alert(1)>",
        "${7*7} {{7*7}} %s %n",
    ];
    let text_fields = [
        "name",
        "description",
        "plan_name",
        "owner_name",
        "current_use",
        "proposed_use",
        "outdated_cause",
        "internal_notes",
        "contact_name",
    ];
    let mut ids = Vec::new();
    for (i, text) in hostile.iter().enumerate() {
        let mut props = serde_json::Map::new();
        for f in text_fields {
            props.insert(f.into(), json!(text));
        }
        let mut body = feature(
            &format!("3405-X-{i:03}"),
            "3405",
            "transformation",
            polygon(LILLEHAMMER.0 + 0.01 * i as f64, LILLEHAMMER.1, 90.0, 7, 0.1),
            Value::Object(props),
        );
        body["properties"]["published"] = true.into();
        let (status, created) = post(&app, &token, body.to_string()).await;
        assert_eq!(status, 201, "{text}: {created}");
        for f in text_fields {
            assert_eq!(created["properties"][f], *text, "{f} stored as given");
        }
        ids.push(created["id"].as_str().expect("id").to_string());
    }
    assert_eq!(
        app.area_count().await,
        hostile.len() as i64,
        "no table was dropped"
    );
    let users: i64 = sqlx::query_scalar("select count(*) from app_user")
        .fetch_one(&app.pool)
        .await
        .expect("users");
    assert_eq!(users, 1);
    // the public sees the names as data and never the private fields
    let (_, page) = app.get_json(&format!("{ITEMS}?limit=100"), 200).await;
    let page_text = page.to_string();
    assert_eq!(
        page["features"].as_array().expect("features").len(),
        hostile.len()
    );
    assert!(page_text.contains("<script>alert('x')</script>"));
    assert!(!page_text.contains("owner_name") && !page_text.contains("internal_notes"));
    // SQL-looking query parameters are refused as values, not run
    let res = app
        .http
        .get(app.url(&format!("{ITEMS}?municipality=3405'%20OR%20'1'='1")))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 400);
    let res = app
        .http
        .get(app.url(&format!("{ITEMS}/{}'%20OR%201=1--", ids[0])))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 404);
}
