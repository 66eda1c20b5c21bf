//! Every collection is a complete OGC API – Features collection (Part 1 and Part 2): items,
//! each item by the id the collection lists, links, content types, ETags, and the same
//! four CRSs (CRS84, EPSG:4258 latitude first, EPSG:25832, EPSG:25833) with bbox-crs.

use arealbank::spatial::{Crs, Transformer};
use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

/// The first coordinate pair of any GeoJSON geometry.
fn first_position(g: &Value) -> (f64, f64) {
    let mut c = &g["coordinates"];
    while c[0].is_array() {
        c = &c[0];
    }
    (c[0].as_f64().expect("x"), c[1].as_f64().expect("y"))
}

fn rel<'a>(doc: &'a Value, rel: &str) -> Option<&'a str> {
    doc["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel)
        .and_then(|l| l["href"].as_str())
}

async fn collection_ids(app: &TestApp) -> Vec<String> {
    let (_, doc) = app.get_json("/ogc/collections", 200).await;
    doc["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| {
            let crs: Vec<&str> = c["crs"]
                .as_array()
                .expect("crs list")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            for want in Crs::ALL {
                assert!(crs.contains(&want.uri()), "{}: {crs:?}", c["id"]);
            }
            c["id"].as_str().expect("id").to_string()
        })
        .collect()
}

#[tokio::test]
async fn every_collection_serves_its_items_one_by_one_with_links_and_etags() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ids = collection_ids(&app).await;
    for kind in [
        "municipalities",
        "substations",
        "layer-",
        "comparison-",
        "areas",
    ] {
        assert!(ids.iter().any(|i| i.starts_with(kind)), "{kind} in {ids:?}");
    }
    for collection in &ids {
        let (h, page) = app
            .get_json(&format!("/ogc/collections/{collection}/items?limit=3"), 200)
            .await;
        assert_eq!(h["content-type"], "application/geo+json", "{collection}");
        let features = page["features"].as_array().expect("features");
        assert!(!features.is_empty(), "{collection} has features");
        for f in features {
            let id = match &f["id"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let path = format!("/ogc/collections/{collection}/items/{id}");
            let res = app.http.get(app.url(&path)).send().await.expect("item");
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(res.headers()["content-type"], "application/geo+json");
            let etag = res.headers()["etag"].to_str().expect("etag").to_string();
            let item: Value = res.json().await.expect("feature");
            assert_eq!(item["type"], "Feature");
            assert_eq!(item["id"], f["id"], "{path}");
            assert_eq!(item["properties"], f["properties"], "{path}");
            assert!(
                rel(&item, "self").is_some_and(|h| h.ends_with(&path)),
                "{path}"
            );
            assert!(rel(&item, "collection")
                .is_some_and(|h| h.ends_with(&format!("/ogc/collections/{collection}"))));
            // the validator answers a repeated read with 304
            let again = app
                .http
                .get(app.url(&path))
                .header("if-none-match", &etag)
                .send()
                .await
                .expect("again");
            assert_eq!(again.status(), 304, "{path}");
        }
        let res = app
            .http
            .get(app.url(&format!(
                "/ogc/collections/{collection}/items/no-such-feature"
            )))
            .send()
            .await
            .expect("missing");
        assert_eq!(res.status(), 404, "{collection}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
}

#[tokio::test]
async fn every_collection_answers_in_every_crs_and_takes_bboxes_in_them() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for collection in collection_ids(&app).await {
        let (_, plain) = app
            .get_json(&format!("/ogc/collections/{collection}/items?limit=1"), 200)
            .await;
        let first = &plain["features"][0];
        let (lon, lat) = first_position(&first["geometry"]);
        let id = match &first["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for target in [Crs::Epsg4258, Crs::Epsg25832, Crs::Epsg25833] {
            let (ex, ey) = Transformer::new(Crs::Crs84, target)
                .expect("proj")
                .point(lon, lat)
                .expect("transform");
            // EPSG:4258 is latitude first
            let (ex, ey) = if target == Crs::Epsg4258 {
                (ey, ex)
            } else {
                (ex, ey)
            };
            let tolerance = if target.is_geographic() { 1e-6 } else { 0.05 };
            for path in [
                format!(
                    "/ogc/collections/{collection}/items?limit=1&crs={}",
                    target.uri()
                ),
                format!(
                    "/ogc/collections/{collection}/items/{id}?crs={}",
                    target.uri()
                ),
            ] {
                let (h, doc) = app.get_json(&path, 200).await;
                assert_eq!(h["content-crs"], format!("<{}>", target.uri()), "{path}");
                let g = if doc["type"] == "Feature" {
                    &doc["geometry"]
                } else {
                    &doc["features"][0]["geometry"]
                };
                let (x, y) = first_position(g);
                assert!(
                    (x - ex).abs() < tolerance && (y - ey).abs() < tolerance,
                    "{path}: {x},{y} vs {ex},{ey}"
                );
            }
        }
        // a bbox in EPSG:25832 around the first feature's first point finds it
        let (x, y) = Transformer::new(Crs::Crs84, Crs::Epsg25832)
            .expect("proj")
            .point(lon, lat)
            .expect("transform");
        let path = format!(
            "/ogc/collections/{collection}/items?bbox={},{},{},{}&bbox-crs={}&limit=10000",
            x - 5.0,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            Crs::Epsg25832.uri()
        );
        let (_, doc) = app.get_json(&path, 200).await;
        assert!(
            doc["features"]
                .as_array()
                .expect("features")
                .iter()
                .any(|f| f["id"] == first["id"]),
            "{path}"
        );
        let res = app
            .http
            .get(app.url(&format!(
                "/ogc/collections/{collection}/items?crs=EPSG:3857"
            )))
            .send()
            .await
            .expect("bad crs");
        assert_eq!(res.status(), 400, "{collection}");
    }
}
