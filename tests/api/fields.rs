//! A field declared once in the field table (`domain::fields`) — `rail_siding`, added with
//! nothing but its entry there and migration 0019 — is written, read, filtered, listed as
//! a queryable, offered by the editor's form and exported, with no other code knowing it.

use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, LILLEHAMMER};

#[tokio::test]
async fn a_field_of_the_table_works_everywhere() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let post = |body: &Value| {
        app.http
            .post(app.url("/ogc/collections/areas/items"))
            .bearer_auth(&token)
            .json(body)
            .send()
    };
    let body = feature(
        "3405-S-001",
        "3405",
        "available",
        polygon(LILLEHAMMER.0, LILLEHAMMER.1, 150.0, 8, 0.1),
        json!({"rail_siding": true}),
    );
    let res = post(&body).await.expect("post");
    assert_eq!(
        res.status().as_u16(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let other = feature(
        "3405-S-002",
        "3405",
        "available",
        polygon(LILLEHAMMER.0 + 0.01, LILLEHAMMER.1, 150.0, 8, 0.1),
        json!({}),
    );
    let res = post(&other).await.expect("post");
    assert_eq!(res.status().as_u16(), 201);

    // read back and filtered on (CQL2), as a public reader
    let (_, page) = app
        .get_json("/ogc/collections/areas/items?filter=rail_siding=true", 200)
        .await;
    let found: Vec<&Value> = page["features"]
        .as_array()
        .expect("features")
        .iter()
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["properties"]["reference"], "3405-S-001");
    assert_eq!(found[0]["properties"]["rail_siding"], true);
    let (_, all) = app.get_json("/ogc/collections/areas/items", 200).await;
    let unset = all["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["reference"] == "3405-S-002")
        .expect("the other area");
    assert!(
        unset["properties"]["rail_siding"].is_null(),
        "present, empty"
    );

    // described: queryable with its labels, in the editor's form, in the OpenAPI schema
    let (_, q) = app.get_json("/ogc/collections/areas/queryables", 200).await;
    assert_eq!(q["properties"]["rail_siding"]["type"], "boolean");
    assert_eq!(
        q["properties"]["rail_siding"]["title"],
        "Sidespor / Rail siding"
    );
    let (_, config) = app.get_json("/api/config", 200).await;
    let field = config["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "rail_siding")
        .expect("in the config");
    assert_eq!(field["group"], "utilities");
    assert_eq!(field["input"], "tri");
    assert_eq!(field["labels"]["nb"], "Sidespor");
    let (_, api) = app.get_json("/ogc/api", 200).await;
    let schema = &api["components"]["schemas"]["Area"]["properties"]["properties"]["properties"];
    assert_eq!(schema["rail_siding"]["type"], "boolean");

    // exported (CSV column) and a bad value refused by name
    let csv = app
        .http
        .get(app.url("/api/areas/export?format=csv"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("export")
        .text()
        .await
        .expect("csv");
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let column = header
        .iter()
        .position(|c| *c == "rail_siding")
        .expect("a column");
    let row = csv
        .lines()
        .find(|l| l.contains("3405-S-001"))
        .expect("the area's row");
    assert_eq!(row.split(',').nth(column), Some("true"));
    let mut bad = body.clone();
    bad["properties"]["reference"] = json!("3405-S-003");
    bad["properties"]["rail_siding"] = json!("kanskje");
    let res = post(&bad).await.expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let problem: Value = res.json().await.expect("problem");
    assert!(
        problem["issues"]
            .as_array()
            .is_some_and(|i| i.iter().any(|x| x["field"] == "rail_siding")),
        "{problem}"
    );
}
