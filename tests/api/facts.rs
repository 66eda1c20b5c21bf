//! Facts computed from the reference layers, checked against an independent computation:
//! the same seed files read here, transformed with PROJ (the `proj` crate) and measured
//! with `geo` — distances within 1 m, overlaps within 0.5 %.

use geo::{Area, BooleanOps, Distance, Euclidean, Geometry, MultiPolygon};
use serde_json::{json, Value};

use crate::helpers::{feature, spawn_app, TestApp};
use arealbank::spatial::{Crs, Transformer};

fn seed_layer(kind: &str) -> Vec<Geometry<f64>> {
    let path = format!("{}/seeds/layers/{kind}.geojson", env!("CARGO_MANIFEST_DIR"));
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("seed")).expect("json");
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| to_25832(&f["geometry"]))
        .collect()
}

/// A GeoJSON geometry in CRS84 as a `geo` geometry in EPSG:25832.
fn to_25832(g: &Value) -> Geometry<f64> {
    let gv: geojson::Geometry = serde_json::from_value(g.clone()).expect("geometry");
    let geom: Geometry<f64> = gv.value.try_into().expect("geo");
    let t = Transformer::new(Crs::Crs84, Crs::Epsg25832).expect("proj");
    use geo::MapCoords;
    geom.map_coords(|c| {
        let (x, y) = t.point(c.x, c.y).expect("transform");
        geo::coord! {x: x, y: y}
    })
}

fn nearest(area: &Geometry<f64>, features: &[Geometry<f64>]) -> Option<f64> {
    features
        .iter()
        .map(|f| Euclidean.distance(area, f))
        .min_by(|a, b| a.total_cmp(b))
}

fn overlap(area: &MultiPolygon<f64>, features: &[Geometry<f64>]) -> f64 {
    let mut union = MultiPolygon::<f64>::new(vec![]);
    for f in features {
        let mp = match f {
            Geometry::Polygon(p) => MultiPolygon::new(vec![p.clone()]),
            Geometry::MultiPolygon(m) => m.clone(),
            _ => continue,
        };
        union = union.union(&mp);
    }
    area.intersection(&union).unsigned_area()
}

async fn stored_areas(app: &TestApp) -> Vec<(String, Value, Value)> {
    // outline (CRS84, as exported) and every fact property, per area
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "select a.reference, a.geometry_geojson, area_fact_properties(f, a.area_gross_m2)::text
         from area a join area_fact f on f.area_id = a.id order by a.reference",
    )
    .fetch_all(&app.pool)
    .await
    .expect("facts");
    rows.into_iter()
        .map(|(r, g, p)| {
            (
                r,
                serde_json::from_str(&g).expect("g"),
                serde_json::from_str(&p).expect("p"),
            )
        })
        .collect()
}

#[tokio::test]
async fn distances_and_overlaps_match_an_independent_computation() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.account("ada", "admin", &[]).await;
    // a multipolygon with a hole over the demo farmland at Fåberg nord, and one that
    // crosses the Lillehammer/Øyer border by a few hundred metres
    let (lon, lat) = (10.4300, 61.1650);
    let ring =
        |x0: f64, y0: f64, x1: f64, y1: f64| vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    let with_hole = json!({"type": "MultiPolygon", "coordinates": [
        [ring(lon - 0.004, lat - 0.0015, lon + 0.002, lat + 0.0015), ring(lon - 0.002, lat - 0.0005, lon, lat + 0.0005)],
        [ring(lon + 0.004, lat - 0.001, lon + 0.006, lat + 0.001)]
    ]});
    let mut f = feature(
        "3405-F-001",
        "3405",
        "candidate",
        vec![],
        json!({"published": true}),
    );
    f["geometry"] = with_hole;
    let border =
        json!({"type": "Polygon", "coordinates": [ring(10.455, 61.1875, 10.462, 61.1935)]});
    let mut g = feature(
        "3405-F-002",
        "3405",
        "candidate",
        vec![],
        json!({"published": true}),
    );
    g["geometry"] = border;
    for body in [f, g] {
        let res = app
            .http
            .post(app.url("/ogc/collections/areas/items"))
            .bearer_auth(&admin)
            .body(body.to_string())
            .send()
            .await
            .expect("post");
        assert_eq!(
            res.status(),
            201,
            "{}",
            res.text().await.unwrap_or_default()
        );
    }

    let distance_layers = [
        ("e6_junction_m", vec!["e6_junction"]),
        ("main_road_m", vec!["main_road", "e6"]),
        ("rail_terminal_m", vec!["rail_terminal"]),
        ("passenger_station_m", vec!["passenger_station"]),
        ("skysstasjon_m", vec!["skysstasjon"]),
        ("town_centre_m", vec!["town_centre"]),
    ];
    let layers: Vec<(&str, Vec<Geometry<f64>>)> = distance_layers
        .iter()
        .map(|(k, kinds)| (*k, kinds.iter().flat_map(|kind| seed_layer(kind)).collect()))
        .collect();
    let constraints = [
        "farmland",
        "protected_nature",
        "flood_zone",
        "landslide_hazard",
        "cultural_heritage",
    ];
    let constraint_layers: Vec<(&str, Vec<Geometry<f64>>)> =
        constraints.iter().map(|k| (*k, seed_layer(k))).collect();
    let substations = seed_layer("substations");

    let areas = stored_areas(&app).await;
    assert_eq!(areas.len(), 20);
    let (mut worst_m, mut worst_share, mut overlaps_checked) = (0.0f64, 0.0f64, 0);
    for (reference, outline, facts) in &areas {
        let area = to_25832(outline);
        let Geometry::MultiPolygon(mp) = &area else {
            panic!("{reference}: a multipolygon")
        };
        for (field, features) in &layers {
            let expected = nearest(&area, features).expect("a feature");
            let got = facts[*field]
                .as_f64()
                .unwrap_or_else(|| panic!("{reference}: {field}"));
            worst_m = worst_m.max((got - expected).abs());
            assert!(
                (got - expected).abs() <= 1.0,
                "{reference} {field}: stored {got} m, independent {expected} m"
            );
        }
        let expected = nearest(&area, &substations).expect("substations");
        let got = facts["substation_m"].as_f64().expect("substation_m");
        assert!(
            (got - expected).abs() <= 1.0,
            "{reference} substation: {got} vs {expected}"
        );
        for (kind, features) in &constraint_layers {
            let expected = overlap(mp, features);
            let got: f64 = facts[format!("{kind}_m2")].as_f64().unwrap_or(0.0);
            if expected < 1.0 && got < 1.0 {
                continue;
            }
            overlaps_checked += 1;
            let share = (got - expected).abs() / expected.max(got);
            worst_share = worst_share.max(share);
            assert!(
                share <= 0.005,
                "{reference} {kind}: stored {got} m², independent {expected} m²"
            );
            let gross = mp.unsigned_area();
            let stored_share = facts[format!("{kind}_share")].as_f64().expect("share");
            assert!(
                (stored_share - expected / gross).abs() < 0.001,
                "{reference} {kind} share"
            );
        }
    }
    assert!(
        overlaps_checked >= 6,
        "the demo layers overlap several areas ({overlaps_checked})"
    );
    eprintln!(
        "{} areas: largest distance difference {worst_m:.3} m, largest overlap difference {:.4} % ({overlaps_checked} overlaps)",
        areas.len(),
        worst_share * 100.0
    );
}

#[tokio::test]
async fn facts_follow_a_moved_area_and_a_replaced_layer_in_the_same_transaction() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.account("ada", "admin", &[]).await;
    let facts = |reference: &'static str| {
        let pool = app.pool.clone();
        async move {
            let row: (f64, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) = sqlx::query_as(
                "select f.town_centre_m, f.computed_at, a.updated_at from area a join area_fact f on f.area_id = a.id
                 where a.reference = $1",
            )
            .bind(reference)
            .fetch_one(&pool)
            .await
            .expect("facts");
            row
        }
    };
    let (before_moved, _, _) = facts("3405-N-002").await;
    let (_, other_at, _) = facts("3441-N-004").await;
    // move Storhove 1 km north
    let (id, version): (uuid::Uuid, i32) =
        sqlx::query_as("select id, version from area where reference = '3405-N-002'")
            .fetch_one(&app.pool)
            .await
            .expect("area");
    let (_, item) = app
        .get_json(&format!("/ogc/collections/areas/items/{id}"), 200)
        .await;
    let mut geometry = item["geometry"].clone();
    for part in geometry["coordinates"].as_array_mut().expect("parts") {
        for ring in part.as_array_mut().expect("rings") {
            for c in ring.as_array_mut().expect("coords") {
                c[1] = json!(c[1].as_f64().expect("lat") + 0.009);
            }
        }
    }
    let res = app
        .http
        .patch(app.url(&format!("/ogc/collections/areas/items/{id}")))
        .bearer_auth(&admin)
        .header("if-match", format!("\"{version}\""))
        .body(json!({"geometry": geometry}).to_string())
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), 200);
    let moved: Value = res.json().await.expect("feature");
    let (after_moved, computed_at, updated_at) = facts("3405-N-002").await;
    assert!(
        (after_moved - before_moved).abs() > 100.0,
        "{before_moved} → {after_moved}"
    );
    assert_eq!(
        computed_at, updated_at,
        "facts computed in the transaction that moved the area"
    );
    assert_eq!(moved["properties"]["version"], version + 1);
    assert_eq!(
        facts("3441-N-004").await.1,
        other_at,
        "other areas' facts untouched"
    );

    // replace the town centres: one far away; every area's distance changes at once
    let far = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Langt unna"}, "geometry": {"type": "Point", "coordinates": [10.0, 61.5]}}]});
    let features = arealbank::domain::layer::parse_layer(
        far.to_string().as_bytes(),
        "town_centre",
        Crs::Crs84,
    )
    .expect("layer");
    let provenance = arealbank::domain::layer::Provenance {
        source: "test".into(),
        licence: "test".into(),
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        demo: true,
    };
    let n =
        arealbank::store::layers::replace(&app.pool, "town_centre", &features, &provenance, "test")
            .await
            .expect("replace");
    assert_eq!(n, 18);
    let (now_far, _, _) = facts("3405-N-002").await;
    assert!(now_far > 20_000.0, "{now_far}");
    // a broken replacement changes nothing
    let broken = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[10.4, 61.1], [10.41, 61.11], [10.41, 61.1], [10.4, 61.11], [10.4, 61.1]]]}}]});
    let features = arealbank::domain::layer::parse_layer(
        broken.to_string().as_bytes(),
        "farmland",
        Crs::Crs84,
    )
    .expect("parsed");
    let e =
        arealbank::store::layers::replace(&app.pool, "farmland", &features, &provenance, "test")
            .await;
    assert!(
        matches!(e, Err(arealbank::store::StoreError::Rejected(_))),
        "{e:?}"
    );
    let farmland: i64 =
        sqlx::query_scalar("select count(*) from layer_feature where kind = 'farmland'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(farmland, 5, "the old farmland layer is still there");
    assert_eq!(facts("3405-N-002").await.0, now_far);
}

#[tokio::test]
async fn layer_import_on_the_command_line_replaces_a_layer_or_explains_why_not() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let dir = tempfile::tempdir().expect("dir");
    let run = |file: &std::path::Path, kind: &str| {
        app.cli()
            .args(["layer", "import", kind])
            .arg(file)
            .args([
                "--source",
                "Testkommunen",
                "--licence",
                "CC0",
                "--as-of",
                "2026-10-01",
            ])
            .output()
            .expect("run arealbank layer import")
    };
    // two centres in EPSG:25833, declared in the file
    let centres = dir.path().join("sentra.geojson");
    std::fs::write(&centres, json!({"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}},
        "features": [
            {"type": "Feature", "properties": {"navn": "Lillehammer torg"}, "geometry": {"type": "Point", "coordinates": [264300.0, 6790700.0]}},
            {"type": "Feature", "properties": {"navn": "Tretten"}, "geometry": {"type": "Point", "coordinates": [254900.0, 6813800.0]}}]})
        .to_string()).expect("write");
    let out = run(&centres, "town_centre");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("layer town_centre: 2 features"), "{stdout}");
    assert!(
        stdout.contains("area facts changed") && stdout.contains("town_centre_m"),
        "the report names the facts that changed: {stdout}"
    );
    let (source, demo, count): (String, bool, i32) =
        sqlx::query_as("select source, demo, feature_count from layer where kind = 'town_centre'")
            .fetch_one(&app.pool)
            .await
            .expect("layer");
    assert_eq!((source.as_str(), demo, count), ("Testkommunen", false, 2));
    // lines for a point layer: refused with the reason, the layer kept
    let lines = dir.path().join("linjer.geojson");
    std::fs::write(&lines, json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[10.4, 61.1], [10.5, 61.2]]}}]})
        .to_string()).expect("write");
    let out = run(&lines, "town_centre");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Point or MultiPoint"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&lines, "airport");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cultural_heritage"),
        "the accepted kinds are listed"
    );
    let count: i64 =
        sqlx::query_scalar("select count(*) from layer_feature where kind = 'town_centre'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(count, 2);
}
