//! File formats in and out. Uploads in GeoPackage or zipped Shapefile become a GeoJSON
//! FeatureCollection, so that one import path (`domain::import`) checks every file the
//! same way; exports are written as CSV with WKT geometry or as GeoPackage.

pub mod csv;
pub mod gpkg;
pub mod shapefile;
mod wkb;

use serde_json::Value;

use crate::domain::fields::{self, AREA_FIELDS};
use crate::domain::import::{parse_feature_collection, ParsedImport};
use crate::domain::{CodeLists, Issue, IssueType};
use crate::spatial::Crs;
use crate::store::areas::ExportRow;

/// What an uploaded file is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    GeoJson,
    GeoPackage,
    ZippedShapefile,
}

impl Format {
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"SQLite format 3\0") {
            Format::GeoPackage
        } else if bytes.starts_with(b"PK\x03\x04") {
            Format::ZippedShapefile
        } else {
            Format::GeoJson
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::GeoJson => "GeoJSON",
            Format::GeoPackage => "GeoPackage",
            Format::ZippedShapefile => "zipped Shapefile",
        }
    }
}

/// An upload turned into GeoJSON, with the CRS the file declares (`None`: the file cannot
/// say, and the user must choose).
#[derive(Debug)]
pub struct Converted {
    pub format: Format,
    pub document: Vec<u8>,
    pub crs: Option<Crs>,
}

/// Any accepted upload as a GeoJSON FeatureCollection. `layer` picks a table of a
/// GeoPackage that holds several. GeoJSON passes through unchanged (its CRS is read by
/// the import itself).
pub fn to_geojson(bytes: &[u8], layer: Option<&str>) -> Result<Converted, Vec<Issue>> {
    let format = Format::sniff(bytes);
    let (features, crs) = match format {
        Format::GeoJson => {
            return Ok(Converted {
                format,
                document: bytes.to_vec(),
                crs: None,
            })
        }
        Format::GeoPackage => gpkg::read(bytes, layer)?,
        Format::ZippedShapefile => shapefile::read(bytes)?,
    };
    let doc = serde_json::json!({"type": "FeatureCollection", "features": features});
    Ok(Converted {
        format,
        document: doc.to_string().into_bytes(),
        crs,
    })
}

/// Read and check an upload in any accepted format. `chosen` is the CRS the user gave; a
/// GeoPackage's or Shapefile's own CRS wins over it, a GeoJSON's `crs` member too.
pub fn read_upload(
    bytes: &[u8],
    layer: Option<&str>,
    chosen: Option<Crs>,
    codes: &CodeLists,
) -> Result<(Format, ParsedImport), Vec<Issue>> {
    let converted = to_geojson(bytes, layer)?;
    let crs = match converted.format {
        Format::GeoJson => chosen,
        format => Some(choose_crs(converted.crs, chosen, format)?),
    };
    let parsed = parse_feature_collection(&converted.document, crs, codes)?;
    Ok((converted.format, parsed))
}

/// The export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    GeoJson,
    Csv,
    GeoPackage,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(Self::GeoJson),
            "csv" => Some(Self::Csv),
            "gpkg" | "geopackage" => Some(Self::GeoPackage),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::GeoJson => "application/geo+json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::GeoPackage => "application/geopackage+sqlite3",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Self::GeoJson => "arealbank-areas.geojson",
            Self::Csv => "arealbank-areas.csv",
            Self::GeoPackage => "arealbank-areas.gpkg",
        }
    }
}

/// Name of the WKT column of a CSV export.
pub const WKT_COLUMN: &str = "geometry_wkt_epsg25832";

/// Export columns in a stable order: the id, then every field of the field table (entered,
/// kept by the registry, facts from the reference layers). Fields in `hidden` (e.g. owner
/// names for viewers) are left out.
pub fn export_columns(hidden: &[&str]) -> Vec<String> {
    std::iter::once("id")
        .chain(AREA_FIELDS.iter().map(|f| f.name))
        .filter(|c| !hidden.contains(c))
        .map(str::to_string)
        .collect()
}

fn properties_of(row: &ExportRow) -> serde_json::Map<String, Value> {
    let mut p: serde_json::Map<String, Value> =
        serde_json::from_str(&row.properties).unwrap_or_default();
    p.insert("id".into(), Value::String(row.id.to_string()));
    p
}

/// Areas as CSV, the geometry as WKT in EPSG:25832 in the last column.
pub fn export_csv(rows: &[ExportRow], hidden: &[&str]) -> String {
    let columns = export_columns(hidden);
    let values: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            let p = properties_of(r);
            columns
                .iter()
                .map(|c| p.get(c).cloned().unwrap_or(Value::Null))
                .chain(std::iter::once(Value::String(r.wkt.clone())))
                .collect()
        })
        .collect();
    let mut header = columns;
    header.push(WKT_COLUMN.into());
    csv::write(&header, &values)
}

/// Areas as a GeoPackage with one table `areas` in EPSG:25832.
pub fn export_gpkg(rows: &[ExportRow], hidden: &[&str]) -> Result<Vec<u8>, rusqlite::Error> {
    let columns = export_columns(hidden);
    let gpkg_rows: Vec<gpkg::Row> = rows
        .iter()
        .map(|r| gpkg::Row {
            properties: properties_of(r),
            wkb: r.wkb.clone(),
            bbox: r.bbox,
        })
        .collect();
    gpkg::write(&gpkg_rows, &columns)
}

/// A reference-layer file (GeoJSON or GeoPackage) as GeoJSON and the CRS to read it in:
/// the file's own (a GeoJSON `crs` member, a GeoPackage's srs), else `chosen`, else CRS84
/// for GeoJSON.
pub fn layer_upload(
    bytes: &[u8],
    layer: Option<&str>,
    chosen: Option<Crs>,
) -> Result<(Vec<u8>, Crs), Vec<Issue>> {
    let converted = to_geojson(bytes, layer)?;
    let crs = match converted.format {
        Format::GeoJson => {
            let declared = serde_json::from_slice::<Value>(&converted.document)
                .ok()
                .and_then(|d| d["crs"]["properties"]["name"].as_str().map(str::to_string));
            match declared {
                Some(name) => Crs::parse(&name).map_err(|e| {
                    vec![Issue::new(
                        IssueType::UnsupportedCrs,
                        "crs",
                        Some(name),
                        e.to_string(),
                        "EPSG:25832, EPSG:25833, EPSG:4258 or CRS84",
                    )]
                })?,
                None => chosen.unwrap_or(Crs::Crs84),
            }
        }
        format => choose_crs(converted.crs, chosen, format)?,
    };
    Ok((converted.document, crs))
}

/// The CRS to read a converted file in: the file's own, else the one the user chose.
pub fn choose_crs(
    file: Option<Crs>,
    chosen: Option<Crs>,
    format: Format,
) -> Result<Crs, Vec<Issue>> {
    file.or(chosen).ok_or_else(|| {
        vec![Issue::new(
            IssueType::UnsupportedCrs,
            "crs",
            None,
            format!(
                "the {} does not say which coordinate system its coordinates are in; choose one",
                format.name()
            ),
            "EPSG:25832, EPSG:25833, EPSG:4258 or EPSG:4326 (Content-Crs header, or --crs on the command line)",
        )]
    })
}

/// A CRS from an EPSG code found in a file: `Ok(None)` when the file leaves it undefined.
fn crs_from_epsg(code: i64, field: &str) -> Result<Option<Crs>, Vec<Issue>> {
    match code {
        4326 => Ok(Some(Crs::Crs84)),
        4258 => Ok(Some(Crs::Epsg4258)),
        25832 => Ok(Some(Crs::Epsg25832)),
        25833 => Ok(Some(Crs::Epsg25833)),
        c if c <= 0 => Ok(None),
        c => Err(vec![Issue::new(
            IssueType::UnsupportedCrs,
            field,
            Some(format!("EPSG:{c}")),
            "the file's coordinate system is not one arealbank reads; reproject it first (e.g. in QGIS: Export → Save Features As)",
            "EPSG:25832, EPSG:25833, EPSG:4258 or EPSG:4326",
        )]),
    }
}

fn file_issue(field: &str, message: impl Into<String>, accepted: &str) -> Vec<Issue> {
    vec![Issue::new(
        IssueType::InvalidValue,
        field,
        None,
        message.into(),
        accepted,
    )]
}

/// A GeoJSON Feature with a (Multi)Polygon geometry and these properties. Yes/no
/// properties stored as 1/0 or as letters (T/F, Y/N, J/N) become true/false; anything
/// else is left for the import to report.
fn feature(geometry: Value, mut properties: serde_json::Map<String, Value>) -> Value {
    for field in fields::entered_of_type(fields::Type::Boolean) {
        if let Some(v) = properties.get_mut(field) {
            let yes_no = match &*v {
                Value::Number(n) => match n.as_f64() {
                    Some(1.0) => Some(true),
                    Some(0.0) => Some(false),
                    _ => None,
                },
                Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "t" | "true" | "y" | "yes" | "j" | "ja" | "1" => Some(true),
                    "f" | "false" | "n" | "no" | "nei" | "0" => Some(false),
                    _ => None,
                },
                _ => None,
            };
            if let Some(b) = yes_no {
                *v = Value::Bool(b);
            }
        }
    }
    serde_json::json!({"type": "Feature", "geometry": geometry, "properties": properties})
}
