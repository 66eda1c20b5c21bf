//! File formats over HTTP: CSV (WKT) and GeoPackage exports, GeoPackage and zipped
//! Shapefile imports. GDAL (`ogrinfo`, `ogr2ogr` from Debian's gdal-bin, the library QGIS
//! itself reads files with) checks our GeoPackage and writes the Shapefiles we read.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

async fn export(app: &TestApp, token: &str, format: &str) -> reqwest::Response {
    app.http
        .get(app.url(&format!("/api/areas/export?format={format}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("export")
}

async fn import(
    app: &TestApp,
    token: &str,
    body: Vec<u8>,
    query: &str,
    crs: Option<&str>,
) -> (u16, Value) {
    let mut req = app
        .http
        .post(app.url(&format!("/api/areas/import{query}")))
        .bearer_auth(token)
        .body(body);
    if let Some(c) = crs {
        req = req.header("Content-Crs", c);
    }
    let res = req.send().await.expect("import");
    let status = res.status().as_u16();
    (status, res.json().await.expect("json"))
}

fn gdal(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} ({e}): scripts/install-deps --test installs gdal-bin")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn gross_areas(app: &TestApp) -> Vec<(String, f64)> {
    sqlx::query_as("select reference, area_gross_m2 from area order by reference")
        .fetch_all(&app.pool)
        .await
        .expect("areas")
}

fn assert_same_areas(a: &[(String, f64)], b: &[(String, f64)], tolerance: f64) {
    assert_eq!(a.len(), b.len());
    for ((ra, ga), (rb, gb)) in a.iter().zip(b) {
        assert_eq!(ra, rb);
        assert!((ga - gb).abs() / ga < tolerance, "{ra}: {ga} m² vs {gb} m²");
    }
}

#[tokio::test]
async fn csv_export_has_every_area_its_wkt_and_no_formulas() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let admin = app.account("ada", "admin", &[]).await;
    // a name a spreadsheet would run as a formula, stored through the API
    let id: uuid::Uuid =
        sqlx::query_scalar("update area set name = '=HYPERLINK(\"http://x\",\"y\")' where reference = '3441-N-004' returning id")
            .fetch_one(&app.pool)
            .await
            .expect("rename");
    let res = export(&app, &admin, "csv").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("cd")
        .contains(".csv"));
    let text = res.text().await.expect("csv");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 19, "a header and 18 areas");
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "id");
    assert_eq!(header[1], "reference");
    assert!(header.contains(&"owner_name") && header.contains(&"area_gross_m2"));
    assert!(
        header.contains(&"e6_junction_m") && header.contains(&"location_profile"),
        "the computed facts are exported too"
    );
    assert_eq!(*header.last().expect("last"), "geometry_wkt_epsg25832");
    assert!(lines[1..].iter().all(|l| l.contains("\"MULTIPOLYGON(((")));
    let row = lines
        .iter()
        .find(|l| l.starts_with(&id.to_string()))
        .expect("row");
    assert!(row.contains("\"'=HYPERLINK("), "formula guarded: {row}");

    let viewer = app.account("vera", "viewer", &[]).await;
    let text = export(&app, &viewer, "csv")
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        !text.lines().next().expect("header").contains("owner_name"),
        "viewers get no owner names"
    );
    let res = export(&app, &admin, "xlsx").await;
    assert_eq!(res.status(), 400);
    let p: Value = res.json().await.expect("problem");
    assert!(p.to_string().contains("geojson, csv or gpkg"));
    let anonymous = app
        .http
        .get(app.url("/api/areas/export?format=csv"))
        .send()
        .await
        .expect("req");
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_geopackage_export_opens_in_gdal_and_imports_back_unchanged() {
    let source = spawn_app().await;
    source.seed_demo().await;
    let admin = source.account("ada", "admin", &[]).await;
    let res = export(&source, &admin, "gpkg").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/geopackage+sqlite3"
    );
    let gpkg = res.bytes().await.expect("bytes").to_vec();
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("areas.gpkg");
    std::fs::write(&file, &gpkg).expect("write");
    let info = gdal(
        "ogrinfo",
        &["-ro", "-so", "-al", file.to_str().expect("path")],
    );
    assert!(info.contains("using driver `GPKG'"), "{info}");
    assert!(info.contains("Feature Count: 18"), "{info}");
    assert!(info.contains("Multi Polygon"), "{info}");
    assert!(info.contains("UTM zone 32N"), "{info}");
    assert!(info.contains("published: Integer(Boolean)"), "{info}");
    assert!(info.contains("available_from: Date"), "{info}");
    assert!(
        info.contains("farmland_share: Real"),
        "facts as typed columns: {info}"
    );

    let target = spawn_app().await;
    let kari = target.account("kari", "admin", &[]).await;
    let (status, dry) = import(&target, &kari, gpkg.clone(), "?dry_run=true", None).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["format"], "GeoPackage");
    assert_eq!(dry["crs"], "EPSG:25832");
    assert_eq!(dry["would_create"].as_array().expect("list").len(), 18);
    assert_eq!(target.area_count().await, 0);
    let (status, done) = import(&target, &kari, gpkg.clone(), "", None).await;
    assert_eq!(status, 201, "{done}");
    assert_same_areas(
        &gross_areas(&source).await,
        &gross_areas(&target).await,
        1e-9,
    );
    let published: i64 = sqlx::query_scalar("select count(*) from area where published")
        .fetch_one(&target.pool)
        .await
        .expect("count");
    assert_eq!(published, 17, "booleans survive the round trip");

    // the same file without a CRS: the import asks for one …
    let conn = rusqlite::Connection::open(&file).expect("open");
    conn.execute_batch(
        "update gpkg_geometry_columns set srs_id = 0; update gpkg_contents set srs_id = 0;",
    )
    .expect("drop the crs");
    drop(conn);
    let no_crs = std::fs::read(&file).expect("read");
    let fresh = spawn_app().await;
    let kari = fresh.account("kari", "admin", &[]).await;
    let (status, p) = import(&fresh, &kari, no_crs.clone(), "?dry_run=true", None).await;
    assert_eq!(status, 422);
    assert_eq!(p["issues"][0]["field"], "crs");
    assert_eq!(p["issues"][0]["type"], "unsupported_crs");
    // … and takes the one chosen
    let (status, dry) = import(&fresh, &kari, no_crs, "?dry_run=true", Some("EPSG:25832")).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["would_create"].as_array().expect("list").len(), 18);
}

fn zip_dir(dir: &Path, stem: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name.starts_with(stem) {
            zip.start_file(
                format!("data/{name}"),
                zip::write::SimpleFileOptions::default(),
            )
            .expect("zip entry");
            zip.write_all(&std::fs::read(&path).expect("read"))
                .expect("zip write");
        }
    }
    zip.finish().expect("zip");
    out.into_inner()
}

#[tokio::test]
async fn a_zipped_shapefile_from_gdal_imports_in_its_own_crs() {
    let reference = spawn_app().await;
    reference.seed_demo().await;
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/demo-areas.geojson");
    let dir = tempfile::tempdir().expect("dir");
    let shp = dir.path().join("omrader.shp");
    gdal(
        "ogr2ogr",
        &[
            "-f",
            "ESRI Shapefile",
            "-t_srs",
            "EPSG:25833",
            "-lco",
            "ENCODING=UTF-8",
            shp.to_str().expect("path"),
            seeds,
        ],
    );
    let zipped = zip_dir(dir.path(), "omrader");

    let app = spawn_app().await;
    let admin = app.account("ada", "admin", &[]).await;
    let (status, dry) = import(&app, &admin, zipped.clone(), "?dry_run=true", None).await;
    assert_eq!(status, 200, "{dry}");
    assert_eq!(dry["format"], "zipped Shapefile");
    assert_eq!(dry["crs"], "EPSG:25833", "the CRS is read from the .prj");
    assert_eq!(dry["would_create"].as_array().expect("list").len(), 18);
    let names: Vec<&str> = dry["would_create"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Øyer sentrum, gamle sagbruk (demo)"),
        "UTF-8 names: {names:?}"
    );
    let ignored = dry["ignored_properties"].to_string();
    assert!(
        ignored.contains("price_nok_"),
        "cut, ambiguous names are reported: {ignored}"
    );
    let (status, done) = import(&app, &admin, zipped, "", None).await;
    assert_eq!(status, 201, "{done}");
    // reprojected 25833 → 25832: the same areas to a hundredth of a per mille
    assert_same_areas(
        &gross_areas(&reference).await,
        &gross_areas(&app).await,
        1e-5,
    );
    let available: Option<f64> =
        sqlx::query_scalar("select area_available_m2 from area where reference = '3405-N-001'")
            .fetch_one(&app.pool)
            .await
            .expect("row");
    assert!(
        available.is_some(),
        "a cut dBase name (area_avail) is read as its property"
    );
}

#[tokio::test]
async fn broken_and_unsuitable_files_get_clear_problems() {
    let app = spawn_app().await;
    let admin = app.account("ada", "admin", &[]).await;
    let mut fake_gpkg = b"SQLite format 3\0".to_vec();
    fake_gpkg.extend_from_slice(&[0u8; 200]);
    let zip_without_shp = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"no shapefile here").expect("write");
        zip.finish().expect("zip");
        out.into_inner()
    };
    let truncated_zip = zip_without_shp[..zip_without_shp.len() / 2].to_vec();
    for (what, body, expected) in [
        (
            "a damaged GeoPackage",
            fake_gpkg,
            "GeoPackage could not be read",
        ),
        ("a zip without a Shapefile", zip_without_shp, "no .shp"),
        (
            "a truncated zip",
            truncated_zip,
            "zip file could not be read",
        ),
    ] {
        let (status, p) = import(&app, &admin, body, "?dry_run=true", None).await;
        assert_eq!(status, 422, "{what}: {p}");
        assert!(p.to_string().contains(expected), "{what}: {p}");
    }
    // a GeoPackage of points
    let dir = tempfile::tempdir().expect("dir");
    let points = dir.path().join("points.geojson");
    std::fs::write(
        &points,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"reference":"3405-P-1"},"geometry":{"type":"Point","coordinates":[10.46,61.11]}}]}"#,
    )
    .expect("write");
    let gpkg = dir.path().join("points.gpkg");
    gdal(
        "ogr2ogr",
        &[
            "-f",
            "GPKG",
            gpkg.to_str().expect("p"),
            points.to_str().expect("p"),
        ],
    );
    let (status, p) = import(
        &app,
        &admin,
        std::fs::read(&gpkg).expect("read"),
        "?dry_run=true",
        None,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["issues"][0]["type"], "unexpected_geometry_type", "{p}");
    assert_eq!(p["issues"][0]["value"], "Point", "{p}");
    assert_eq!(app.area_count().await, 0);
}
