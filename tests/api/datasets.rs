//! The national datasets by name: each read with its own attributes and codes gives the
//! right facts and source texts; unknown codes and missing attributes are reported by
//! feature; a dataset arealbank does not know is read with named attributes.

use serde_json::{json, Value};

use crate::helpers::{feature, spawn_app, TestApp};

const CRS: &str = "urn:ogc:def:crs:EPSG::25832";

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]})
}

fn collection(features: Vec<(Value, Value)>) -> Vec<u8> {
    let features: Vec<Value> = features
        .into_iter()
        .map(|(props, geometry)| json!({"type": "Feature", "properties": props, "geometry": geometry}))
        .collect();
    json!({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": CRS}},
           "features": features})
    .to_string()
    .into_bytes()
}

async fn load(app: &TestApp, token: &str, what: &str, query: &str, body: Vec<u8>) -> (u16, Value) {
    app.post_as(
        token,
        &format!("/api/layers/{what}/import?licence=NLOD%202.0&as_of=2025-06-01{query}"),
        body,
    )
    .await
}

/// A square test area of 200 × 200 m in EPSG:25832 (south-west corner x0, y0), stored
/// through the API from the same corners in CRS84.
async fn square(app: &TestApp, token: &str) -> (f64, f64) {
    let (x0, y0) = (572_000.0, 6_770_000.0);
    let corners: String = sqlx::query_scalar(
        "select st_asgeojson(st_transform(st_makeenvelope($1, $2, $1 + 200, $2 + 200, 25832), 4326), 9)",
    )
    .bind(x0)
    .bind(y0)
    .fetch_one(&app.pool)
    .await
    .expect("corners");
    let geometry: Value = serde_json::from_str(&corners).expect("geometry");
    let mut f = feature("3405-D-001", "3405", "available", vec![], json!({}));
    f["geometry"] = geometry;
    let (status, body) = app
        .post_as(
            token,
            "/ogc/collections/areas/items",
            f.to_string().into_bytes(),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    (x0, y0)
}

fn close(got: &Value, want: f64, what: &str) {
    let g = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
    assert!((g - want).abs() < 0.002, "{what}: {g} vs {want}");
}

#[tokio::test]
async fn each_dataset_is_read_with_its_own_attributes_and_names_its_source() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ada = app.account("ada", "admin", &[]).await;
    let (x0, y0) = square(&app, &ada).await;
    let strip =
        |from: f64, to: f64| rect(x0 + from * 200.0, y0 - 10.0, x0 + to * 200.0, y0 + 210.0);

    // AR5 through the command line: farmland, forest with its site quality, bog; built-up
    // land is not held
    let ar5 = collection(vec![
        (json!({"arealtype": 21}), strip(0.0, 0.3)),
        (
            json!({"arealtype": 30, "skogbonitet": 14, "treslag": 31}),
            strip(0.3, 0.5),
        ),
        (json!({"arealtype": 60}), strip(0.5, 0.6)),
        (json!({"arealtype": 11}), strip(0.6, 1.0)),
    ]);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ar5.geojson");
    std::fs::write(&file, &ar5).expect("write");
    let run = |dry: bool| {
        let mut c = app.cli();
        c.args(["layer", "import", "ar5"]).arg(&file);
        c.args(["--licence", "Geovekst (NIBIO)", "--as-of", "2025-06-01"]);
        if dry {
            c.arg("--dry-run");
        }
        c.output().expect("cli")
    };
    let dry = run(true);
    let stdout = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(
        dry.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        stdout.contains("layer farmland: 1 features (read as ar5)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 features of types no layer holds were not used"),
        "{stdout}"
    );
    assert!(
        stdout.contains("3405-D-001 Testområde 3405-D-001: forest_share 0 → 0.2"),
        "{stdout}"
    );
    assert!(stdout.contains("dry run: nothing was written"));
    assert_eq!(
        app.public_properties("3405-D-001").await["forest_share"],
        0.0
    );
    let out = run(false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = app.public_properties("3405-D-001").await;
    close(&p["farmland_share"], 0.3, "farmland");
    close(&p["forest_share"], 0.2, "forest");
    close(&p["bog_share"], 0.1, "bog");
    let forest = &p["conflicts"]["forest"];
    assert_eq!(
        forest["classes"]["14"]["nb"], "Skog, høy bonitet",
        "{forest}"
    );
    assert_eq!(forest["source"], "AR5 arealressurskart (NIBIO, FKB-AR5)");
    assert_eq!(forest["as_of"], "2025-06-01");
    assert_eq!(
        p["conflicts"]["farmland"]["classes"]["21"]["nb"],
        "Fulldyrka jord"
    );

    // protected nature 10 m away: the area borders it, with its fact sheet
    let nature = collection(vec![(
        json!({"navn": "Hunderfossen", "verneform": "NR", "vernedato": "1990-12-21", "naturvernId": "VV00000077"}),
        rect(x0 + 210.0, y0, x0 + 400.0, y0 + 200.0),
    )]);
    let (status, report) = load(&app, &ada, "naturvern", "", nature).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        report["layers"],
        json!([{"kind": "protected_nature", "features": 1}])
    );
    let p = app.public_properties("3405-D-001").await;
    assert_eq!(p["protected_nature_share"], 0.0);
    let f = &p["conflicts"]["protected_nature"]["features"][0];
    assert_eq!(
        (f["name"].as_str(), f["nb"].as_str()),
        (Some("Hunderfossen"), Some("naturreservat")),
        "{p}"
    );
    assert_eq!(f["m2"], 0.0);
    close(&f["distance_m"], 10.0, "distance");
    assert_eq!(f["link"], "https://faktaark.naturbase.no/?id=VV00000077");
    assert_eq!(
        p["conflicts"]["protected_nature"]["source"],
        "Naturvernområder (Miljødirektoratet)"
    );

    // NVE flood zones: the 200-year zone inside the 1000-year one; shares per class
    let south = |to: f64| rect(x0 - 10.0, y0 - 10.0, x0 + 210.0, y0 + to * 200.0);
    let flood = collection(vec![
        (json!({"gjentaksintervall": 200}), south(0.12)),
        (json!({"gjentaksintervall": 1000}), south(0.2)),
    ]);
    let (status, report) = load(&app, &ada, "flomsone", "", flood).await;
    assert_eq!(status, 200, "{report}");
    let p = app.public_properties("3405-D-001").await;
    close(&p["flood_zone_share"], 0.2, "flood");
    let classes = &p["conflicts"]["flood_zone"]["classes"];
    assert_eq!(classes["200"]["nb"], "200-årsflom", "{classes}");
    close(
        &json!(classes["200"]["m2"].as_f64().map(|m| m / 40_000.0)),
        0.12,
        "200-year",
    );
    assert_eq!(classes["1000"]["en"], "1000-year flood");
    assert_eq!(p["conflicts"]["flood_zone"]["source"], "Flomsoner (NVE)");

    // landslide and quick clay, heritage with its Askeladden link
    let (status, _) = load(
        &app,
        &ada,
        "skredfaresone",
        "",
        collection(vec![(json!({"skredSannsynlighet": "1/1000"}), south(0.1))]),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = load(
        &app,
        &ada,
        "kvikkleire",
        "",
        collection(vec![(
            json!({"faregrad": "Høy", "risiko": 3, "skredOmrNavn": "Vingrom"}),
            strip(0.9, 1.0),
        )]),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = load(
        &app,
        &ada,
        "kulturminner",
        "",
        collection(vec![(
            json!({"navn": "Gravhaug", "kulturminneId": "12345-1", "vernetype": "AUT",
               "linkAskeladden": "https://askeladden.ra.no/sok/kulturminne/12345-1"}),
            rect(x0 + 90.0, y0 + 90.0, x0 + 110.0, y0 + 110.0),
        )]),
    )
    .await;
    assert_eq!(status, 200);
    let p = app.public_properties("3405-D-001").await;
    assert_eq!(
        p["conflicts"]["landslide_hazard"]["classes"]["1/1000"]["nb"],
        "årlig sannsynlighet 1/1000 (S2)"
    );
    close(&p["quick_clay_share"], 0.1, "quick clay");
    assert_eq!(
        p["conflicts"]["quick_clay"]["classes"]["høy"]["nb"],
        "faregrad høy, risikoklasse 3"
    );
    let heritage = &p["conflicts"]["cultural_heritage"]["features"][0];
    assert_eq!(
        (heritage["name"].as_str(), heritage["ref"].as_str()),
        (Some("Gravhaug"), Some("12345-1"))
    );
    assert_eq!(
        heritage["link"],
        "https://askeladden.ra.no/sok/kulturminne/12345-1"
    );
    close(&heritage["m2"], 400.0, "heritage m²");

    // Elveg: the E6, its junction parts become one junction, a county road a main road
    let line =
        |x: f64| json!({"type": "LineString", "coordinates": [[x, y0 - 2000.0], [x, y0 + 2000.0]]});
    let roads = collection(vec![
        (
            json!({"vegkategori": "E", "vegnummer": 6, "vegsystemreferanse": "EV6 S1D1 m100-4200"}),
            line(x0 + 1000.0),
        ),
        (
            json!({"vegsystemreferanse": "EV6 S1D1 m4230 KD1 m0-40"}),
            json!({"type": "LineString", "coordinates": [[x0 + 500.0, y0], [x0 + 1000.0, y0]]}),
        ),
        (
            json!({"vegsystemreferanse": "EV6 S1D1 m4230 KD2 m0-40"}),
            json!({"type": "LineString", "coordinates": [[x0 + 500.0, y0 + 50.0], [x0 + 1000.0, y0 + 50.0]]}),
        ),
        (
            json!({"vegkategori": "F", "vegnummer": 312}),
            line(x0 - 300.0),
        ),
        (
            json!({"vegkategori": "K", "vegnummer": 1001}),
            line(x0 - 100.0),
        ),
    ]);
    let (status, report) = load(&app, &ada, "elveg", "", roads).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        report["layers"],
        json!([{"kind": "e6", "features": 1}, {"kind": "e6_junction", "features": 1}, {"kind": "main_road", "features": 1}])
    );
    assert_eq!(report["not_used"], 1);
    let p = app.public_properties("3405-D-001").await;
    close(
        &json!(p["main_road_m"].as_f64().map(|m| m / 1000.0)),
        0.3,
        "main road (km)",
    );
    let junction = p["e6_junction_m"].as_f64().expect("junction");
    assert!(
        (500.0..560.0).contains(&junction),
        "the junction's point lies on its parts: {junction}"
    );

    // NSR stop places (NeTEx)
    let (lon, lat): (f64, f64) = sqlx::query_as(
        "select st_x(p), st_y(p) from (select st_transform(st_setsrid(st_makepoint($1, $2), 25832), 4326) p) t",
    )
    .bind(x0 + 100.0)
    .bind(y0 + 1100.0)
    .fetch_one(&app.pool)
    .await
    .expect("position");
    let netex = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<PublicationDelivery xmlns="http://www.netex.org.uk/netex" version="1.0"><dataObjects><SiteFrame id="s" version="1"><stopPlaces>
<StopPlace id="NSR:StopPlace:1" version="1"><Name>Teststasjon</Name><Centroid><Location><Longitude>{lon}</Longitude><Latitude>{lat}</Latitude></Location></Centroid><StopPlaceType>railStation</StopPlaceType></StopPlace>
<StopPlace id="NSR:StopPlace:2" version="1"><Name>Test skysstasjon</Name><Centroid><Location><Longitude>{lon}</Longitude><Latitude>{lat}</Latitude></Location></Centroid><StopPlaceType>busStation</StopPlaceType></StopPlace>
</stopPlaces></SiteFrame></dataObjects></PublicationDelivery>"#
    );
    let (status, report) = load(&app, &ada, "nsr", "", netex.into_bytes()).await;
    assert_eq!(status, 200, "{report}");
    let p = app.public_properties("3405-D-001").await;
    close(
        &json!(p["passenger_station_m"].as_f64().map(|m| m / 1000.0)),
        0.9,
        "station (km)",
    );
    close(
        &json!(p["skysstasjon_m"].as_f64().map(|m| m / 1000.0)),
        0.9,
        "skysstasjon (km)",
    );

    // another dataset with named attributes; versions count the imports
    let (status, report) = load(
        &app,
        &ada,
        "flood_zone",
        "&class_attribute=sone&name_attribute=navn&source=Kommunens%20flomkart",
        collection(vec![(json!({"sone": "rød", "navn": "Mjøsa"}), south(0.05))]),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    let p = app.public_properties("3405-D-001").await;
    close(&p["flood_zone_share"], 0.05, "named flood");
    assert_eq!(p["conflicts"]["flood_zone"]["source"], "Kommunens flomkart");
    let (_, layers) = app.get_json("/api/layers", 200).await;
    let flood = layers["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .find(|l| l["kind"] == "flood_zone")
        .expect("flood");
    assert_eq!(
        (flood["version"].as_i64(), flood["dataset"].as_str()),
        (Some(3), None),
        "seeded, flomsone, named: {flood}"
    );
}

#[tokio::test]
async fn unknown_codes_and_missing_attributes_are_reported_by_feature() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let ada = app.account("ada", "admin", &[]).await;
    let kari = app.account("kari", "planner", &["3405"]).await;
    let g = || rect(572_000.0, 6_770_000.0, 572_100.0, 6_770_100.0);
    let body = collection(vec![
        (json!({"arealtype": 21}), g()),
        (json!({"arealtype": 77}), g()),
        (json!({"treslag": 31}), g()),
        (json!({"arealtype": 30, "skogbonitet": 42}), g()),
    ]);
    let (status, _) = load(&app, &kari, "ar5", "", body.clone()).await;
    assert_eq!(status, 403, "planners do not load layers");
    let (status, p) = load(&app, &ada, "ar5", "", body).await;
    assert_eq!(status, 422, "{p}");
    let found: Vec<(i64, String, String)> = p["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| {
            (
                i["feature"].as_i64().unwrap_or(-1),
                i["field"].as_str().unwrap_or("").into(),
                i["type"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (1, "arealtype".into(), "invalid_code".into()),
            (2, "arealtype".into(), "missing_value".into()),
            (3, "skogbonitet".into(), "invalid_code".into()),
        ],
        "{p}"
    );
    for (what, props, field) in [
        (
            "flomsone",
            json!({"gjentaksintervall": 7}),
            "gjentaksintervall",
        ),
        (
            "naturvern",
            json!({"navn": "X", "verneform": "ZZ"}),
            "verneform",
        ),
        ("kulturminner", json!({"navn": "X"}), "vernetype"),
        ("kvikkleire", json!({"faregrad": "ukjent"}), "faregrad"),
        (
            "skredfaresone",
            json!({"skredSannsynlighet": "1/7"}),
            "skredSannsynlighet",
        ),
    ] {
        let (status, p) = load(&app, &ada, what, "", collection(vec![(props, g())])).await;
        assert_eq!(status, 422, "{what}: {p}");
        assert_eq!(p["issues"][0]["field"], field, "{what}: {p}");
        assert_eq!(p["issues"][0]["feature"], 0);
    }
    let (status, p) = load(&app, &ada, "no_such_thing", "", collection(vec![])).await;
    assert_eq!(status, 422, "{p}");
    assert!(
        p["issues"][0]["accepted"]
            .as_str()
            .unwrap_or("")
            .contains("naturvern"),
        "{p}"
    );
    let (_, layers) = app.get_json("/api/layers", 200).await;
    assert!(
        layers["layers"]
            .as_array()
            .expect("layers")
            .iter()
            .all(|l| l["dataset"].is_null()),
        "nothing loaded"
    );
}
