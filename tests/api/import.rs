//! `arealbank import`: all features or none, every problem listed with feature and field.

use std::process::Output;

use serde_json::{json, Value};

use crate::helpers::{collection, feature, polygon, spawn_app, TestApp, LILLEHAMMER, OYER};

fn run_import(app: &TestApp, doc: &[u8], extra: &[&str]) -> Output {
    let dir = std::env::temp_dir().join(format!("arealbank-import-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let file = dir.join("areas.geojson");
    std::fs::write(&file, doc).expect("write");
    let out = app
        .cli()
        .arg("import")
        .arg(&file)
        .args(extra)
        .output()
        .expect("run arealbank import");
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn good(reference: &str, dx: f64) -> Value {
    let (lon, lat) = LILLEHAMMER;
    feature(
        reference,
        "3405",
        "available",
        polygon(lon + dx, lat, 120.0, 8, 0.3),
        json!({"readiness": "ready"}),
    )
}

async fn stored_names(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("select name from area order by reference")
        .fetch_all(&app.pool)
        .await
        .expect("names")
}

#[tokio::test]
async fn a_valid_file_is_imported_and_exported_again() {
    let app = spawn_app().await;
    let sql_like = "Robert'); DROP TABLE area;-- «næring» 🏭";
    let mut first = good("3405-N-100", 0.0);
    first["properties"]["name"] = sql_like.into();
    first["properties"]["owner_name"] = "Ola Nordmann".into();
    let out = run_import(
        &app,
        collection(vec![first, good("3405-N-101", 0.01)])
            .to_string()
            .as_bytes(),
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 areas were created"));
    assert_eq!(
        stored_names(&app).await[0],
        sql_like,
        "text is stored verbatim, never executed"
    );
    let (_, doc) = app.get_json("/ogc/collections/areas/items", 200).await;
    assert_eq!(doc["numberMatched"], 2);
    assert!(
        !doc.to_string().contains("Ola Nordmann"),
        "owner names are never public"
    );

    let export = app.cli().arg("export").output().expect("export");
    assert!(export.status.success(), "{}", stderr(&export));
    let exported: Value = serde_json::from_slice(&export.stdout).expect("export is JSON");
    assert_eq!(exported["features"].as_array().expect("features").len(), 2);
    assert_eq!(
        exported["features"][0]["properties"]["owner_name"], "Ola Nordmann",
        "the admin export is complete"
    );

    // the export imports back as "unchanged": same references, same facts, same outlines
    let out = run_import(&app, exported.to_string().as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains("0 areas were created, 0 updated, 2 unchanged"),
        "{said}"
    );
    // an edited export updates what changed, as a new version with history
    let mut edited = exported.clone();
    edited["features"][1]["properties"]["name"] = "Nytt navn".into();
    let out = run_import(&app, edited.to_string().as_bytes(), &["--dry-run"]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains("0 areas would be created, 1 updated, 1 unchanged"),
        "{said}"
    );
    assert!(said.contains("3405-N-101 → version 2: name"), "{said}");
    let out = run_import(&app, edited.to_string().as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (name, version): (String, i32) =
        sqlx::query_as("select name, version from area where reference = '3405-N-101'")
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert_eq!((name.as_str(), version), ("Nytt navn", 2));
    // the first export is now stale for that area: refused, nothing written
    let out = run_import(&app, exported.to_string().as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it is at version 2"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stored_names(&app).await[1], "Nytt navn");
}

#[tokio::test]
async fn projected_input_is_read_in_its_declared_crs() {
    let app = spawn_app().await;
    // the same square in EPSG:25833 (declared in the file) and EPSG:25832 (given with --crs)
    let square = |x: f64, y: f64| {
        json!([[
            [x, y],
            [x + 200.0, y],
            [x + 200.0, y + 150.0],
            [x, y + 150.0],
            [x, y]
        ]])
    };
    let in_33 = json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}},
        "features": [{"type": "Feature", "properties": {"reference": "P-33", "name": "UTM 33", "municipality": "3405", "kind": "available", "published": true},
                      "geometry": {"type": "Polygon", "coordinates": square(238_000.0, 6_784_000.0)}}]});
    let out = run_import(&app, in_33.to_string().as_bytes(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let in_32 = json!({"type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"reference": "P-32", "name": "UTM 32", "municipality": "3405", "kind": "available", "published": true},
                      "geometry": {"type": "Polygon", "coordinates": square(578_000.0, 6_776_000.0)}}]});
    let out = run_import(&app, in_32.to_string().as_bytes(), &["--crs", "EPSG:25832"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let areas: Vec<(String, f64)> =
        sqlx::query_as("select reference, area_gross_m2 from area order by reference")
            .fetch_all(&app.pool)
            .await
            .expect("areas");
    assert_eq!(areas[0].0, "P-32");
    assert!(
        (areas[0].1 - 30_000.0).abs() < 0.01,
        "EPSG:25832 input is stored as given: {}",
        areas[0].1
    );
    // a square in zone 33 is a slightly rotated and scaled quadrilateral in zone 32
    let rel = (areas[1].1 - 30_000.0).abs() / 30_000.0;
    assert!(
        rel > 1e-5 && rel < 0.003,
        "EPSG:25833 input was transformed: {areas:?}"
    );
}

/// What is wrong, the file, extra flags, and what the error output must say.
type Case<'a> = (&'a str, Vec<u8>, &'a [&'a str], Vec<&'a str>);

/// Each bad file is refused with its problem named, and nothing is written.
#[tokio::test]
async fn bad_files_are_refused_whole() {
    let app = spawn_app().await;
    let existing = app
        .insert(&collection(vec![good("3405-N-001", 0.02)]))
        .await;
    let (lon, lat) = LILLEHAMMER;
    let self_intersecting = json!([[
        [lon, lat],
        [lon + 0.004, lat + 0.002],
        [lon + 0.004, lat],
        [lon, lat + 0.002],
        [lon, lat]
    ]]);
    let swapped: Vec<Vec<[f64; 2]>> = polygon(lon, lat, 150.0, 6, 0.0)
        .into_iter()
        .map(|r| r.into_iter().map(|[x, y]| [y, x]).collect())
        .collect();
    let mut missing = good("3405-N-200", 0.03);
    missing["properties"]
        .as_object_mut()
        .expect("props")
        .remove("kind");
    missing["properties"]["name"] = "".into();
    let mut bad_code = good("3405-N-201", 0.04);
    bad_code["properties"]["plan_status"] = 42.into();
    bad_code["properties"]["area_available_m2"] = 10_000_000.into();
    let mut stale = good("3405-N-001", 0.01);
    stale["properties"]["version"] = 0.into(); // the stored area is at version 1
    let mut in_oyer_but_claims_lillehammer = good("3405-N-202", 0.0);
    in_oyer_but_claims_lillehammer["geometry"]["coordinates"] =
        json!(polygon(OYER.0, OYER.1 + 0.06, 120.0, 6, 0.0));

    let cases: Vec<Case> = vec![
        ("malformed JSON", b"{\"type\": \"FeatureCollection\", \"features\": [".to_vec(), &[], vec!["not valid JSON"]),
        ("self-intersecting polygon", collection(vec![good("3405-N-300", 0.0), feature("3405-N-301", "3405", "available", serde_json::from_value(self_intersecting).expect("rings"), json!({}))]).to_string().into_bytes(), &[], vec!["feature 1 (3405-N-301)", "geometry", "not a valid polygon"]),
        ("unsupported CRS in file", json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}, "features": [good("3405-N-302", 0.0)]}).to_string().into_bytes(), &[], vec!["unsupported coordinate reference system"]),
        ("unsupported CRS flag", collection(vec![good("3405-N-303", 0.0)]).to_string().into_bytes(), &["--crs", "EPSG:3857"], vec!["unsupported coordinate reference system"]),
        ("outside Norway", collection(vec![feature("3405-N-304", "3405", "available", polygon(2.35, 48.85, 100.0, 6, 0.0), json!({}))]).to_string().into_bytes(), &[], vec!["outside Norway"]),
        ("metres declared as degrees", collection(vec![feature("3405-N-305", "3405", "available", vec![vec![[578000.0, 6776000.0], [578200.0, 6776000.0], [578200.0, 6776200.0], [578000.0, 6776000.0]]], json!({}))]).to_string().into_bytes(), &[], vec!["projected metres"]),
        ("swapped lat/lon", collection(vec![feature("3405-N-306", "3405", "available", swapped, json!({}))]).to_string().into_bytes(), &[], vec!["latitude, longitude"]),
        ("missing required fields", collection(vec![missing]).to_string().into_bytes(), &[], vec!["kind: a required value is missing", "name: a required value is empty"]),
        ("bad code and inconsistent size", collection(vec![bad_code]).to_string().into_bytes(), &[], vec!["plan_status: unknown plan status", "area_available_m2: the available area is larger"]),
        ("duplicate reference in the file", collection(vec![good("3405-N-400", 0.0), good("3405-N-400", 0.01)]).to_string().into_bytes(), &[], vec!["feature 1 (3405-N-400)", "already uses this reference"]),
        ("an update from a stale export", collection(vec![good("3405-N-401", 0.0), stale]).to_string().into_bytes(), &[], vec!["feature 1 (3405-N-001)", "version", "it is at version 1"]),
        ("outside its municipality", collection(vec![in_oyer_but_claims_lillehammer]).to_string().into_bytes(), &[], vec!["outside municipality 3405"]),
        ("unknown municipality", collection(vec![feature("0301-N-1", "0301", "available", polygon(lon, lat, 100.0, 6, 0.0), json!({}))]).to_string().into_bytes(), &[], vec!["not registered"]),
        ("not a collection", json!({"type": "Feature"}).to_string().into_bytes(), &[], vec!["not a FeatureCollection"]),
        ("a point", collection(vec![json!({"type": "Feature", "properties": {"reference": "X", "name": "X", "municipality": "3405", "kind": "available"}, "geometry": {"type": "Point", "coordinates": [lon, lat]}})]).to_string().into_bytes(), &[], vec!["Polygon or MultiPolygon"]),
    ];
    let before: Value = app
        .get_json(
            &format!("/ogc/collections/areas/items/{}", existing[0]),
            200,
        )
        .await
        .1;
    for (what, doc, flags, expected) in cases {
        let out = run_import(&app, &doc, flags);
        let err = stderr(&out);
        assert!(!out.status.success(), "{what}: should be refused");
        for e in expected {
            assert!(err.contains(e), "{what}: expected {e:?} in:\n{err}");
        }
        assert_eq!(app.area_count().await, 1, "{what}: nothing written");
    }
    let after: Value = app
        .get_json(
            &format!("/ogc/collections/areas/items/{}", existing[0]),
            200,
        )
        .await
        .1;
    assert_eq!(before, after, "the stored area is untouched");
}

#[tokio::test]
async fn dry_run_writes_nothing() {
    let app = spawn_app().await;
    let out = run_import(
        &app,
        collection(vec![good("3405-N-500", 0.0)])
            .to_string()
            .as_bytes(),
        &["--dry-run"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 areas would be created"));
    assert_eq!(app.area_count().await, 0);
}
