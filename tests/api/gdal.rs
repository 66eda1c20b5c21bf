//! GDAL's OGC API – Features driver (Debian `gdal-bin`) as an independent client: it
//! lists every collection, reads every feature of each by following `next` links with a
//! small page size, filters by bbox, and reprojects; the counts and attributes must
//! match the database.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};
use arealbank::spatial::{Crs, Transformer};

/// `ogr2ogr` of one collection to GeoJSON on stdout (async: the server runs on this runtime).
async fn ogr2ogr(app: &TestApp, layer: &str, extra: &[&str]) -> Value {
    let out = tokio::process::Command::new("ogr2ogr")
        .args(["-f", "GeoJSON", "/vsistdout/"])
        .arg(format!("OAPIF:http://{}/ogc", app.address))
        .arg(layer)
        .args(["-oo", "PAGE_SIZE=7"])
        .args(extra)
        .output()
        .await
        .expect("ogr2ogr (apt-get install gdal-bin)");
    assert!(
        out.status.success(),
        "ogr2ogr {layer}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("GeoJSON from ogr2ogr")
}

fn references(doc: &Value, key: &str) -> BTreeSet<String> {
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"][key].to_string())
        .collect()
}

#[tokio::test]
async fn gdal_lists_reads_pages_filters_and_reprojects_every_collection() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let listing = tokio::process::Command::new("ogrinfo")
        .args(["-ro", "-so"])
        .arg(format!("OAPIF:http://{}/ogc", app.address))
        .output()
        .await
        .expect("ogrinfo");
    let listing = String::from_utf8_lossy(&listing.stdout).to_string();
    let kinds: Vec<String> =
        sqlx::query_scalar("select kind from layer where feature_count > 0 order by kind")
            .fetch_all(&app.pool)
            .await
            .expect("layers");
    for name in ["areas", "municipalities", "substations"]
        .iter()
        .map(|s| s.to_string())
        .chain(kinds.iter().map(|k| format!("layer-{k}")))
    {
        assert!(
            listing.contains(&format!(": {name} ")),
            "ogrinfo lists {name}:\n{listing}"
        );
    }

    // every public area, page by page, with the attributes the database holds
    let areas = ogr2ogr(&app, "areas", &[]).await;
    let want: Vec<(String, String)> = sqlx::query_as(
        "select reference, name from area where published and (end_date is null or end_date > current_date)",
    )
    .fetch_all(&app.pool)
    .await
    .expect("areas");
    let got: BTreeSet<(String, String)> = areas["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            (
                f["properties"]["reference"]
                    .as_str()
                    .expect("r")
                    .to_string(),
                f["properties"]["name"].as_str().expect("n").to_string(),
            )
        })
        .collect();
    assert_eq!(got, want.into_iter().collect::<BTreeSet<_>>());

    // every reference layer and the substations, complete
    for kind in &kinds {
        let doc = ogr2ogr(&app, &format!("layer-{kind}"), &[]).await;
        let n: i64 = sqlx::query_scalar("select count(*) from layer_feature where kind = $1")
            .bind(kind)
            .fetch_one(&app.pool)
            .await
            .expect("count");
        assert_eq!(
            doc["features"].as_array().expect("f").len() as i64,
            n,
            "layer {kind}"
        );
    }
    let stations = ogr2ogr(&app, "substations", &[]).await;
    let names: Vec<String> = sqlx::query_scalar("select name from substation")
        .fetch_all(&app.pool)
        .await
        .expect("names");
    assert_eq!(
        references(&stations, "name"),
        names
            .iter()
            .map(|n| format!("{n:?}"))
            .collect::<BTreeSet<_>>()
    );

    // a bbox: GDAL sends it to the server; the same areas as the API gives
    let spat = ["-spat", "10.40", "61.08", "10.55", "61.20"];
    let boxed = ogr2ogr(&app, "areas", &spat).await;
    let (_, api) = app
        .get_json(
            "/ogc/collections/areas/items?bbox=10.40,61.08,10.55,61.20&limit=1000",
            200,
        )
        .await;
    assert_eq!(
        references(&boxed, "reference"),
        references(&api, "reference")
    );
    assert!(!references(&api, "reference").is_empty());

    // reprojected to EPSG:25833 by GDAL: the first vertex where PROJ puts it
    let projected = ogr2ogr(
        &app,
        "areas",
        &["-t_srs", "EPSG:25833", "-where", "reference = '3405-N-001'"],
    )
    .await;
    let (_, item) = app
        .get_json("/ogc/collections/areas/items?limit=1000", 200)
        .await;
    let original = item["features"]
        .as_array()
        .expect("f")
        .iter()
        .find(|f| f["properties"]["reference"] == "3405-N-001")
        .expect("the area")
        .clone();
    let c = &original["geometry"]["coordinates"][0][0][0];
    let (ex, ey) = Transformer::new(Crs::Crs84, Crs::Epsg25833)
        .expect("proj")
        .point(c[0].as_f64().expect("x"), c[1].as_f64().expect("y"))
        .expect("t");
    let p = &projected["features"][0]["geometry"]["coordinates"][0][0][0];
    let (x, y) = (p[0].as_f64().expect("x"), p[1].as_f64().expect("y"));
    assert!(
        (x - ex).abs() < 0.05 && (y - ey).abs() < 0.05,
        "{x},{y} vs {ex},{ey}"
    );
}

#[tokio::test]
async fn gdal_attribute_filter_agrees_with_the_cql2_filter_and_the_database() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let condition =
        "kind = 'available' AND area_available_m2 > 20000 AND municipality IN ('3405', '3440')";
    // GDAL 3.6 (Debian 12) applies -where itself over the pages it reads; newer GDAL
    // sends it as a CQL2 text filter — both must give what the server's filter gives
    let by_gdal = ogr2ogr(&app, "areas", &["-where", condition]).await;
    let mut url = reqwest::Url::parse(&app.url("/ogc/collections/areas/items")).expect("url");
    url.query_pairs_mut()
        .append_pair("filter", condition)
        .append_pair("limit", "1000");
    let by_server: Value = app
        .http
        .get(url)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let want: Vec<String> = sqlx::query_scalar(
        "select reference from area where published and (end_date is null or end_date > current_date) \
         and kind = 'available' and area_available_m2 > 20000 and municipality in ('3405', '3440')",
    )
    .fetch_all(&app.pool)
    .await
    .expect("sql");
    let want: BTreeSet<String> = want
        .iter()
        .map(|r| Value::from(r.as_str()).to_string())
        .collect();
    assert!(want.len() >= 2, "the condition selects several demo areas");
    assert_eq!(references(&by_gdal, "reference"), want);
    assert_eq!(references(&by_server, "reference"), want);
}
