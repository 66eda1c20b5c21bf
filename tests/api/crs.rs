//! OGC API – Features Part 2: items and single items in CRS84, EPSG:4258 (latitude
//! first), EPSG:25832 and EPSG:25833, bboxes in any of them, checked against PROJ.

use serde_json::Value;

use crate::helpers::spawn_app;
use arealbank::spatial::{Crs, Transformer};

fn first_point(f: &Value) -> (f64, f64) {
    let c = &f["geometry"]["coordinates"][0][0][0];
    (c[0].as_f64().expect("x"), c[1].as_f64().expect("y"))
}

async fn get(app: &crate::helpers::TestApp, path: &str) -> (reqwest::header::HeaderMap, Value) {
    app.get_json(path, 200).await
}

#[tokio::test]
async fn items_come_in_the_asked_crs_with_the_crs_axis_order() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, plain) = get(&app, "/ogc/collections/areas/items?limit=50").await;
    let first = &plain["features"][0];
    let id = first["id"].as_str().expect("id");
    let (lon, lat) = first_point(first);
    for (crs, target) in [
        (
            "http://www.opengis.net/def/crs/EPSG/0/25833",
            Crs::Epsg25833,
        ),
        ("EPSG:25832", Crs::Epsg25832),
    ] {
        let (h, doc) = get(
            &app,
            &format!("/ogc/collections/areas/items?limit=50&crs={crs}"),
        )
        .await;
        assert_eq!(h["content-crs"], format!("<{}>", target.uri()));
        let f = &doc["features"][0];
        assert_eq!(f["id"], first["id"]);
        assert_eq!(f["properties"], first["properties"], "properties unchanged");
        let (x, y) = first_point(f);
        let (ex, ey) = Transformer::new(Crs::Crs84, target)
            .expect("proj")
            .point(lon, lat)
            .expect("transform");
        // the CRS84 text is rounded to 7 decimals (≈ 1 cm): agree within 5 cm
        assert!(
            (x - ex).abs() < 0.05 && (y - ey).abs() < 0.05,
            "{crs}: {x},{y} vs {ex},{ey}"
        );
        // the next link keeps the crs
        if let Some(next) = doc["links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["rel"] == "next")
        {
            assert!(next["href"].as_str().expect("href").contains("crs="));
        }
    }
    // EPSG:4258 is latitude first
    let (h, item) = get(
        &app,
        &format!(
            "/ogc/collections/areas/items/{id}?crs=http://www.opengis.net/def/crs/EPSG/0/4258"
        ),
    )
    .await;
    assert_eq!(
        h["content-crs"],
        "<http://www.opengis.net/def/crs/EPSG/0/4258>"
    );
    let (a, b) = first_point(&item);
    assert!(
        (a - lat).abs() < 1e-6 && (b - lon).abs() < 1e-6,
        "{a},{b} vs lat {lat}, lon {lon}"
    );
    assert!(
        h.get("etag").is_some(),
        "the item keeps its version as ETag"
    );

    // a bbox in EPSG:25832 finds what the same box in CRS84 finds (a box well inside)
    let t = Transformer::new(Crs::Crs84, Crs::Epsg25832).expect("proj");
    let (x0, y0) = t.point(10.40, 61.08).expect("t");
    let (x1, y1) = t.point(10.55, 61.20).expect("t");
    let ids = |doc: &Value| {
        let mut v: Vec<String> = doc["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["id"].as_str().expect("id").to_string())
            .collect();
        v.sort();
        v
    };
    let (_, in_25832) = get(
        &app,
        &format!("/ogc/collections/areas/items?bbox={x0},{y0},{x1},{y1}&bbox-crs=EPSG:25832"),
    )
    .await;
    let (_, in_4258) = get(
        &app,
        "/ogc/collections/areas/items?bbox=61.08,10.40,61.20,10.55&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4258",
    )
    .await;
    let (_, in_crs84) = get(
        &app,
        "/ogc/collections/areas/items?bbox=10.40,61.08,10.55,61.20",
    )
    .await;
    assert!(!ids(&in_crs84).is_empty());
    assert_eq!(ids(&in_4258), ids(&in_crs84));
    // the 25832 box is the CRS84 box's corners: its edges differ by metres, not areas here
    let diff: Vec<String> = ids(&in_crs84)
        .into_iter()
        .filter(|i| !ids(&in_25832).contains(i))
        .collect();
    assert!(diff.len() <= 1, "{diff:?}");
    assert_eq!(
        in_crs84["numberMatched"].as_u64().map(|n| n > 0),
        Some(true)
    );

    // collections say which CRSs they serve; conformance says Part 2
    let (_, c) = get(&app, "/ogc/collections/areas").await;
    assert_eq!(c["storageCrs"], Crs::Epsg25832.uri());
    assert_eq!(c["crs"].as_array().expect("crs").len(), 4);
    let (_, conf) = get(&app, "/ogc/conformance").await;
    assert!(conf.to_string().contains("ogcapi-features-2/1.0/conf/crs"));

    // anything else is refused by name
    for bad in [
        "/ogc/collections/areas/items?crs=EPSG:3857",
        "/ogc/collections/areas/items?bbox=1,2,3,4&bbox-crs=urn:ogc:def:crs:EPSG::900913",
        "/ogc/collections/areas/items?bbox=580000,6790000,560000,6770000&bbox-crs=EPSG:25832",
    ] {
        let (h, p) = app.get_json(bad, 400).await;
        assert_eq!(h["content-type"], "application/problem+json", "{bad}: {p}");
    }
    let (_, p) = app
        .get_json(
            &format!("/ogc/collections/areas/items/{id}?crs=EPSG:3857"),
            400,
        )
        .await;
    assert_eq!(p["invalid-params"][0]["parameter"], "crs");
}

#[tokio::test]
async fn datetime_filters_on_when_an_area_last_changed() {
    let app = spawn_app().await;
    app.seed_demo().await;
    // one area last changed in 2020 (the trigger that stamps changes is paused for this)
    sqlx::raw_sql(
        "alter table area disable trigger area_touch_updated_at;
         update area set updated_at = '2020-06-15T12:00:00Z' where reference = '3405-N-001';
         alter table area enable trigger area_touch_updated_at;",
    )
    .execute(&app.pool)
    .await
    .expect("backdate");
    let refs = |doc: &Value| -> Vec<String> {
        doc["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| {
                f["properties"]["reference"]
                    .as_str()
                    .expect("r")
                    .to_string()
            })
            .collect()
    };
    let (_, old) = get(&app, "/ogc/collections/areas/items?datetime=../2020-12-31").await;
    assert_eq!(refs(&old), ["3405-N-001"]);
    assert_eq!(old["numberMatched"], 1);
    let (_, day) = get(&app, "/ogc/collections/areas/items?datetime=2020-06-15").await;
    assert_eq!(refs(&day), ["3405-N-001"], "a date is its whole day");
    let (_, recent) = get(
        &app,
        "/ogc/collections/areas/items?datetime=2021-01-01T00:00:00Z/..&limit=5",
    )
    .await;
    assert!(!refs(&recent).contains(&"3405-N-001".to_string()));
    // a full page filtered by datetime is not counted beyond itself (the count would read
    // every match); the walk below finds all 16
    assert!(recent.get("numberMatched").is_none(), "{recent}");
    let next = recent["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["rel"] == "next")
        .expect("a next page");
    assert!(
        next["href"].as_str().expect("href").contains("datetime="),
        "kept in next"
    );
    let mut all = refs(&recent).len();
    let mut href = Some(next["href"].as_str().expect("href").to_string());
    while let Some(h) = href {
        let u = reqwest::Url::parse(&h).expect("url");
        let (_, page) = get(&app, &format!("{}?{}", u.path(), u.query().unwrap_or(""))).await;
        all += refs(&page).len();
        href = page["links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().expect("href").to_string());
    }
    assert_eq!(all, 16, "every area changed since 2021");
    let (_, c) = get(&app, "/ogc/collections/areas").await;
    assert!(c["extent"]["temporal"]["interval"][0][0]
        .as_str()
        .expect("start")
        .starts_with("2020-06-15"));
    for bad in ["datetime=yesterday", "datetime=2026-02-01/2026-01-01"] {
        let (_, p) = app
            .get_json(&format!("/ogc/collections/areas/items?{bad}"), 400)
            .await;
        assert_eq!(p["invalid-params"][0]["parameter"], "datetime");
    }
}
