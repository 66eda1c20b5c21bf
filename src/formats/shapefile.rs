//! A zipped ESRI Shapefile in: the .shp geometries and .dbf attributes read as GeoJSON,
//! the CRS from the .prj, the text encoding from the .cpg.

use std::io::{Cursor, Read};

use geo::{Contains, InteriorPoint};
use serde_json::{Map, Value};
use shapefile::dbase::{self, FieldValue};
use shapefile::{PolygonRing, Shape};

use super::{crs_from_epsg, feature, file_issue};
use crate::domain::fields;
use crate::domain::{Issue, IssueType};
use crate::spatial::Crs;

const ACCEPTED: &str = "a .zip holding one Shapefile: .shp, .shx, .dbf and .prj (and .cpg)";
/// Unzipped, a Shapefile may not be larger than this (a guard against zip bombs).
const MAX_UNZIPPED: u64 = 512 * 1024 * 1024;

struct Parts {
    shp: Vec<u8>,
    shx: Option<Vec<u8>>,
    dbf: Vec<u8>,
    prj: Option<String>,
    cpg: Option<String>,
}

/// The features and declared CRS of the one Shapefile in a zip archive.
pub fn read(bytes: &[u8]) -> Result<(Vec<Value>, Option<Crs>), Vec<Issue>> {
    let parts = unzip(bytes)?;
    let crs = match &parts.prj {
        Some(wkt) => crs_of_prj(wkt)?,
        None => None,
    };
    let bad = |e: &dyn std::fmt::Display| {
        file_issue(
            "document",
            format!("the Shapefile could not be read: {e}"),
            ACCEPTED,
        )
    };
    let shapes = match &parts.shx {
        Some(shx) => shapefile::ShapeReader::with_shx(Cursor::new(&parts.shp), Cursor::new(shx)),
        None => shapefile::ShapeReader::new(Cursor::new(&parts.shp)),
    }
    .map_err(|e| bad(&e))?;
    let mut builder = dbase::ReaderBuilder::new();
    if let Some(enc) = parts.cpg.as_deref().and_then(encoding_of) {
        builder = builder.with_encoding(dbase::encoding::EncodingRs::from(enc));
    }
    let records = builder
        .build(Cursor::new(&parts.dbf))
        .map_err(|e| bad(&e))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut features = Vec::new();
    let mut issues = Vec::new();
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| bad(&e))?;
        let rings: Vec<PolygonRing<(f64, f64)>> = match shape {
            Shape::Polygon(p) => p
                .into_inner()
                .into_iter()
                .map(|r| map_ring(r, |p| (p.x, p.y)))
                .collect(),
            Shape::PolygonM(p) => p
                .into_inner()
                .into_iter()
                .map(|r| map_ring(r, |p| (p.x, p.y)))
                .collect(),
            Shape::PolygonZ(p) => p
                .into_inner()
                .into_iter()
                .map(|r| map_ring(r, |p| (p.x, p.y)))
                .collect(),
            other => {
                issues.push(
                    Issue::new(
                        IssueType::UnexpectedGeometryType,
                        "geometry",
                        Some(other.shapetype().to_string()),
                        "the Shapefile holds a shape that is not a polygon",
                        "a Polygon Shapefile",
                    )
                    .at(i, None),
                );
                continue;
            }
        };
        let mut props = Map::new();
        for (name, value) in record {
            props.insert(property_name(&name), json_of(value));
        }
        features.push(feature(multipolygon(rings), props));
    }
    if issues.is_empty() {
        Ok((features, crs))
    } else {
        Err(issues)
    }
}

fn map_ring<P>(r: PolygonRing<P>, f: impl Fn(&P) -> (f64, f64)) -> PolygonRing<(f64, f64)> {
    match r {
        PolygonRing::Outer(v) => PolygonRing::Outer(v.iter().map(f).collect()),
        PolygonRing::Inner(v) => PolygonRing::Inner(v.iter().map(f).collect()),
    }
}

/// Outer rings start polygons; each hole goes to the outer ring that contains it.
fn multipolygon(rings: Vec<PolygonRing<(f64, f64)>>) -> Value {
    let mut polygons: Vec<(geo::Polygon, Vec<Vec<[f64; 2]>>)> = Vec::new();
    let mut holes = Vec::new();
    for r in rings {
        match r {
            PolygonRing::Outer(v) => {
                let coords: Vec<[f64; 2]> = v.iter().map(|&(x, y)| [x, y]).collect();
                let poly = geo::Polygon::new(v.into_iter().collect(), vec![]);
                polygons.push((poly, vec![coords]));
            }
            PolygonRing::Inner(v) => holes.push(v),
        }
    }
    for hole in holes {
        // a point strictly inside the hole: its first vertex may touch the outer ring
        let ring = geo::Polygon::new(hole.iter().copied().collect(), vec![]);
        let Some(at) = ring
            .interior_point()
            .or_else(|| hole.first().map(|&(x, y)| geo::Point::new(x, y)))
        else {
            continue;
        };
        let owner = polygons
            .iter()
            .position(|(p, _)| p.contains(&at))
            .unwrap_or(polygons.len().saturating_sub(1));
        if let Some((_, rings)) = polygons.get_mut(owner) {
            rings.push(hole.iter().map(|&(x, y)| [x, y]).collect());
        }
    }
    let coords: Vec<_> = polygons.into_iter().map(|(_, r)| r).collect();
    serde_json::json!({"type": "MultiPolygon", "coordinates": coords})
}

/// A .dbf column name as an area property: dBase cuts names to 10 characters, so a cut
/// name that begins exactly one known property's name stands for that property.
fn property_name(column: &str) -> String {
    let lower = column.to_ascii_lowercase();
    if fields::is_entered(&lower) || lower.len() < 10 {
        return lower;
    }
    let mut candidates = fields::entered_fields()
        .map(|f| f.name)
        .filter(|f| f.starts_with(&lower));
    match (candidates.next(), candidates.next()) {
        (Some(only), None) => only.to_string(),
        _ => lower,
    }
}

fn json_of(v: FieldValue) -> Value {
    match v {
        FieldValue::Character(s) => s.map_or(Value::Null, |s| Value::String(s.trim().to_string())),
        FieldValue::Memo(s) => Value::String(s),
        FieldValue::Numeric(n) => n.map_or(Value::Null, number),
        FieldValue::Float(n) => n.map_or(Value::Null, |f| number(f64::from(f))),
        FieldValue::Double(n) | FieldValue::Currency(n) => number(n),
        FieldValue::Integer(i) => i.into(),
        FieldValue::Logical(b) => b.map_or(Value::Null, Value::Bool),
        FieldValue::Date(d) => d.map_or(Value::Null, |d| {
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }),
        FieldValue::DateTime(_) => Value::Null,
    }
}

fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        (f as i64).into()
    } else {
        serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

fn encoding_of(cpg: &str) -> Option<&'static encoding_rs::Encoding> {
    let label = cpg.trim();
    match label {
        "1252" | "ANSI 1252" => Some(encoding_rs::WINDOWS_1252),
        "88591" | "8859_1" | "ISO88591" => Some(encoding_rs::WINDOWS_1252),
        _ => encoding_rs::Encoding::for_label(label.as_bytes()),
    }
}

/// The CRS an ESRI .prj describes: its EPSG authority when it has one, else its name.
fn crs_of_prj(wkt: &str) -> Result<Option<Crs>, Vec<Issue>> {
    let upper = wkt.to_ascii_uppercase().replace([' ', '_'], "");
    // the outermost AUTHORITY is the last one in WKT1
    if let Some(code) = upper
        .rsplit("AUTHORITY[\"EPSG\",\"")
        .next()
        .filter(|_| upper.contains("AUTHORITY[\"EPSG\""))
        .and_then(|rest| rest.split('"').next())
        .and_then(|c| c.parse::<i64>().ok())
    {
        return crs_from_epsg(code, "crs");
    }
    let etrs = upper.contains("ETRS1989") || upper.contains("ETRS89") || upper.contains("EUREF89");
    let code = if upper.starts_with("PROJCS") {
        match (
            etrs,
            upper.contains("UTMZONE32N"),
            upper.contains("UTMZONE33N"),
        ) {
            (true, true, _) => 25832,
            (true, _, true) => 25833,
            _ => -2,
        }
    } else if upper.starts_with("GEOGCS") && etrs {
        4258
    } else if upper.starts_with("GEOGCS") && (upper.contains("WGS1984") || upper.contains("WGS84"))
    {
        4326
    } else {
        -2
    };
    if code == -2 {
        let name: String = wkt.chars().take(80).collect();
        return Err(vec![Issue::new(
            IssueType::UnsupportedCrs,
            "crs",
            Some(name),
            "the Shapefile's .prj names a coordinate system arealbank does not read; reproject it first",
            "ETRS89 / UTM zone 32N or 33N, ETRS89 or WGS 84 geographic",
        )]);
    }
    crs_from_epsg(code, "crs")
}

fn unzip(bytes: &[u8]) -> Result<Parts, Vec<Issue>> {
    unzip_within(bytes, MAX_UNZIPPED)
}

/// The Shapefile's parts, read into memory (entry names are only matched, never made into
/// paths: nothing is written, so `../` in a name reaches nothing), at most `max` bytes in
/// all however far an entry claims or pretends to expand.
fn unzip_within(bytes: &[u8], max: u64) -> Result<Parts, Vec<Issue>> {
    let bad = |e: &dyn std::fmt::Display| {
        file_issue(
            "document",
            format!("the zip file could not be read: {e}"),
            ACCEPTED,
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let shps: Vec<&String> = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().ends_with(".shp") && !n.starts_with("__MACOSX"))
        .collect();
    let stem = match shps.as_slice() {
        [one] => one[..one.len() - 4].to_string(),
        [] => {
            return Err(file_issue(
                "document",
                "the zip file holds no .shp file",
                ACCEPTED,
            ))
        }
        many => {
            return Err(file_issue(
                "document",
                format!(
                    "the zip file holds {} Shapefiles ({}); import them one at a time",
                    many.len(),
                    many.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                ACCEPTED,
            ))
        }
    };
    let mut total = 0u64;
    let mut part = |ext: &str| -> Result<Option<Vec<u8>>, Vec<Issue>> {
        let Some(name) = names.iter().find(|n| {
            n.len() == stem.len() + 4
                && n.starts_with(&stem)
                && n.to_ascii_lowercase().ends_with(ext)
        }) else {
            return Ok(None);
        };
        let file = archive.by_name(name).map_err(|e| bad(&e))?;
        let mut out = Vec::new();
        file.take(max - total + 1)
            .read_to_end(&mut out)
            .map_err(|e| bad(&e))?;
        total += out.len() as u64;
        if total > max {
            return Err(file_issue(
                "document",
                format!(
                    "the Shapefile is larger than {} MiB unzipped",
                    max / (1024 * 1024)
                ),
                ACCEPTED,
            ));
        }
        Ok(Some(out))
    };
    let missing = |ext: &str| {
        file_issue(
            "document",
            format!("the zip file has no {ext} next to the .shp"),
            ACCEPTED,
        )
    };
    let shp = part(".shp")?.ok_or_else(|| missing(".shp"))?;
    let dbf = part(".dbf")?.ok_or_else(|| missing(".dbf"))?;
    let shx = part(".shx")?;
    let prj = part(".prj")?.map(|b| String::from_utf8_lossy(&b).into_owned());
    let cpg = part(".cpg")?.map(|b| String::from_utf8_lossy(&b).into_owned());
    Ok(Parts {
        shp,
        shx,
        dbf,
        prj,
        cpg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::Path;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, bytes) in entries {
            zip.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .expect("entry");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn a_zip_bomb_is_refused_at_the_limit_without_unpacking_it_all() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let bomb = zip_of(&[("a.shp", &zeros), ("a.dbf", b"x")]);
        assert!(
            bomb.len() < 64 * 1024,
            "a bomb: {} bytes packed",
            bomb.len()
        );
        let Err(issues) = unzip_within(&bomb, 1024 * 1024) else {
            panic!("a bomb past the limit was read");
        };
        assert!(
            issues[0].message.contains("larger than 1 MiB unzipped"),
            "{issues:?}"
        );
        // the same archive within a limit it fits is read
        assert!(unzip_within(&bomb, 8 * 1024 * 1024).is_ok());
    }

    #[test]
    fn entry_names_that_climb_out_are_read_into_memory_and_write_nothing() {
        let dir = format!("arealbank-slip-{}", uuid::Uuid::new_v4().simple());
        let climb = format!("../../../../../../tmp/{dir}/a");
        let (shp, dbf) = (format!("{climb}.shp"), format!("{climb}.dbf"));
        let slip = zip_of(&[(&shp, b"shp bytes"), (&dbf, b"dbf bytes")]);
        let parts = unzip_within(&slip, MAX_UNZIPPED).expect("read from memory");
        assert_eq!(parts.shp, b"shp bytes");
        assert_eq!(parts.dbf, b"dbf bytes");
        assert!(
            !Path::new("/tmp").join(&dir).exists(),
            "nothing was written"
        );
    }

    #[test]
    fn reads_the_crs_of_common_prj_files() {
        let esri_32 = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["Central_Meridian",9.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_of_prj(esri_32).expect("ok"), Some(Crs::Epsg25832));
        let esri_33 = esri_32.replace("32N", "33N");
        assert_eq!(crs_of_prj(&esri_33).expect("ok"), Some(Crs::Epsg25833));
        let wgs = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_of_prj(wgs).expect("ok"), Some(Crs::Crs84));
        let with_authority = r#"PROJCS["ETRS89 / UTM zone 33N",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],AUTHORITY["EPSG","25833"]]"#;
        assert_eq!(
            crs_of_prj(with_authority).expect("ok"),
            Some(Crs::Epsg25833)
        );
        let wgs_utm = r#"PROJCS["WGS_1984_UTM_Zone_32N",GEOGCS["GCS_WGS_1984"]]"#;
        assert_eq!(
            crs_of_prj(wgs_utm).expect_err("refused")[0].issue_type,
            IssueType::UnsupportedCrs
        );
    }

    #[test]
    fn cut_dbase_names_map_to_the_one_property_they_begin() {
        assert_eq!(property_name("AREA_AVAIL"), "area_available_m2");
        assert_eq!(property_name("reference"), "reference");
        assert_eq!(property_name("NAVN"), "navn");
        // two properties begin with "price_nok_": left as it is (reported as unknown)
        assert_eq!(property_name("price_nok_"), "price_nok_");
    }

    #[test]
    fn holes_go_to_the_polygon_that_contains_them() {
        let square =
            |x: f64, y: f64, s: f64| vec![(x, y), (x, y + s), (x + s, y + s), (x + s, y), (x, y)];
        // the hole touches the first square's edge and comes after the second square
        let g = multipolygon(vec![
            PolygonRing::Outer(square(0.0, 0.0, 10.0)),
            PolygonRing::Outer(square(20.0, 0.0, 10.0)),
            PolygonRing::Inner(square(2.0, 0.0, 2.0)),
        ]);
        let parts = g["coordinates"].as_array().expect("parts");
        assert_eq!(parts[0].as_array().expect("rings").len(), 2);
        assert_eq!(parts[1].as_array().expect("rings").len(), 1);
    }
}
