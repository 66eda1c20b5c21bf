//! The arealregnskap of a comparison set: for each alternative and for the whole set, the
//! daa of fully cultivated, surface-cultivated and pasture farmland, forest, bog,
//! protected nature and hazard zones it would take — equal to a brute-force overlay in
//! geo of the stored outlines and the layers' features (overlapping features count once,
//! overlapping alternatives count once in the set's line); a layer not loaded is "not
//! mapped", never 0.

use geo::{Area, BooleanOps, MultiPolygon, Polygon};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{feature, spawn_app, TestApp};

const CRS: &str = "urn:ogc:def:crs:EPSG::25832";
const X0: f64 = 572_000.0;
const Y0: f64 = 6_770_000.0;

fn ring(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

fn rect(r: &[[f64; 2]]) -> Value {
    json!({"type": "Polygon", "coordinates": [r]})
}

fn multi(r: &[[f64; 2]]) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        r.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>().into(),
        vec![],
    )])
}

fn collection(features: &[(Value, Vec<[f64; 2]>)]) -> Vec<u8> {
    let features: Vec<Value> = features
        .iter()
        .map(|(props, r)| json!({"type": "Feature", "properties": props, "geometry": rect(r)}))
        .collect();
    json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": CRS}},
           "features": features})
    .to_string()
    .into_bytes()
}

/// An area stored over OGC Part 4 from a rectangle in EPSG:25832 (sent in CRS84); its id
/// and the outline PostGIS holds, as geo reads it.
async fn area(
    app: &TestApp,
    token: &str,
    reference: &str,
    r: &[[f64; 2]],
) -> (Uuid, MultiPolygon<f64>) {
    let corners: String = sqlx::query_scalar(
        "select st_asgeojson(st_transform(st_makeenvelope($1, $2, $3, $4, 25832), 4326), 9)",
    )
    .bind(r[0][0])
    .bind(r[0][1])
    .bind(r[2][0])
    .bind(r[2][1])
    .fetch_one(&app.pool)
    .await
    .expect("corners");
    let mut f = feature(
        reference,
        "3405",
        "available",
        vec![],
        json!({"published": true}),
    );
    f["geometry"] = serde_json::from_str(&corners).expect("geometry");
    let (status, body) = app
        .post_as(
            token,
            "/ogc/collections/areas/items",
            f.to_string().into_bytes(),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (id, stored): (Uuid, String) =
        sqlx::query_as("select id, st_asgeojson(geom, 9) from area where reference = $1")
            .bind(reference)
            .fetch_one(&app.pool)
            .await
            .expect("stored");
    let g: geojson::Geometry = stored.parse().expect("geojson");
    let g: geo::Geometry<f64> = g.try_into().expect("geo");
    let m = match g {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(m) => m,
        other => panic!("{other:?}"),
    };
    (id, m)
}

fn union(rings: &[&Vec<[f64; 2]>]) -> MultiPolygon<f64> {
    rings
        .iter()
        .fold(MultiPolygon(vec![]), |u, r| u.union(&multi(r)))
}

fn daa(m: &MultiPolygon<f64>, layer: &MultiPolygon<f64>) -> f64 {
    m.intersection(layer).unsigned_area() / 1000.0
}

fn line<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["land_account"]["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .find(|l| l["code"] == code)
        .unwrap_or_else(|| panic!("no line {code}: {doc}"))
}

#[tokio::test]
async fn the_arealregnskap_equals_a_brute_force_overlay_per_alternative_and_for_the_set() {
    let app = spawn_app().await;
    let ada = app.account("ada", "admin", &[]).await;
    // two alternatives that overlap by 100 × 100 m
    let a_ring = ring(X0, Y0, X0 + 200.0, Y0 + 200.0);
    let b_ring = ring(X0 + 100.0, Y0 + 100.0, X0 + 300.0, Y0 + 300.0);
    let (a, a_geom) = area(&app, &ada, "3405-R-001", &a_ring).await;
    let (b, b_geom) = area(&app, &ada, "3405-R-002", &b_ring).await;
    let both = a_geom.union(&b_geom);

    // AR5 with two fully cultivated fields that overlap each other, a surface-cultivated
    // one, pasture, forest and bog
    let f21a = ring(X0 - 50.0, Y0 - 50.0, X0 + 150.0, Y0 + 120.0);
    let f21b = ring(X0 + 80.0, Y0 + 60.0, X0 + 260.0, Y0 + 180.0);
    let f22 = ring(X0 + 150.0, Y0 + 200.0, X0 + 350.0, Y0 + 260.0);
    let f23 = ring(X0 - 20.0, Y0 + 150.0, X0 + 120.0, Y0 + 240.0);
    let forest = ring(X0 + 220.0, Y0 + 50.0, X0 + 320.0, Y0 + 320.0);
    let bog = ring(X0 + 120.0, Y0 + 270.0, X0 + 200.0, Y0 + 330.0);
    let ar5 = collection(&[
        (json!({"arealtype": 21}), f21a.clone()),
        (json!({"arealtype": 21}), f21b.clone()),
        (json!({"arealtype": 22}), f22.clone()),
        (json!({"arealtype": 23}), f23.clone()),
        (json!({"arealtype": 30, "skogbonitet": 13}), forest.clone()),
        (json!({"arealtype": 60}), bog.clone()),
    ]);
    let q = "?licence=NLOD%202.0&as_of=2025-06-01";
    let (s, r) = app
        .post_as(&ada, &format!("/api/layers/ar5/import{q}"), ar5)
        .await;
    assert_eq!(s, 200, "{r}");
    // NVE: a 200-year zone inside a 1000-year zone (one flood layer, overlapping)
    let flood200 = ring(X0 - 10.0, Y0 - 10.0, X0 + 310.0, Y0 + 40.0);
    let flood1000 = ring(X0 - 10.0, Y0 - 10.0, X0 + 310.0, Y0 + 70.0);
    let flood = collection(&[
        (json!({"gjentaksintervall": 200}), flood200.clone()),
        (json!({"gjentaksintervall": 1000}), flood1000.clone()),
    ]);
    let (s, r) = app
        .post_as(&ada, &format!("/api/layers/flomsone/import{q}"), flood)
        .await;
    assert_eq!(s, 200, "{r}");

    let set = json!({"municipality": "3405", "title": "Arealregnskap", "visibility": "public",
        "members": [{"area_id": a}, {"area_id": b}]});
    let (s, doc) = app
        .post_as(&ada, "/api/comparisons", set.to_string().into_bytes())
        .await;
    assert_eq!(s, 201, "{doc}");
    let id = doc["id"].as_str().expect("id");
    // the public reads the same account
    let (_, doc) = app.get_json(&format!("/api/comparisons/{id}"), 200).await;

    let expected: Vec<(&str, MultiPolygon<f64>)> = vec![
        ("fully_cultivated", union(&[&f21a, &f21b])),
        ("surface_cultivated", union(&[&f22])),
        ("pasture", union(&[&f23])),
        ("forest", union(&[&forest])),
        ("bog", union(&[&bog])),
        ("flood_zone", union(&[&flood200, &flood1000])),
    ];
    for (code, layer) in &expected {
        let l = line(&doc, code);
        assert_eq!(l["loaded"], true, "{code}: {l}");
        for (i, geom) in [&a_geom, &b_geom].iter().enumerate() {
            let got = l["daa"][i].as_f64().expect("daa");
            let want = daa(geom, layer);
            assert!(
                (got - want).abs() <= 0.051,
                "{code} alternative {i}: {got} vs {want}"
            );
        }
        let got = l["set_daa"].as_f64().expect("set");
        let want = daa(&both, layer);
        assert!((got - want).abs() <= 0.051, "{code} set: {got} vs {want}");
        let sum: f64 = (0..2).map(|i| l["daa"][i].as_f64().unwrap_or(0.0)).sum();
        if daa(&a_geom.intersection(&b_geom), layer) > 0.1 {
            assert!(
                got < sum - 0.05,
                "{code}: the overlap counts once in the set ({got} vs {sum})"
            );
        }
        assert!(want > 0.5, "{code}: the fixture takes some of it");
    }
    assert_eq!(line(&doc, "flood_zone")["source"], "Flomsoner (NVE)");
    // layers with nothing in them are "not mapped", not "none"
    for code in [
        "quick_clay",
        "landslide_hazard",
        "protected_nature",
        "farmland_unclassified",
    ] {
        assert_eq!(line(&doc, code)["loaded"], false, "{code}");
    }
    assert!(doc["land_account"]["note"]["nb"]
        .as_str()
        .is_some_and(|t| t.contains("Ikke kartlagt")));
}
