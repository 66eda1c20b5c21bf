//! Loading the municipality's plan data as the national plan register publishes it (GML,
//! GeoPackage or GeoJSON, one file or several): read every file, understand its features
//! as plans and purpose areas, then replace the municipality's plans and recompute every
//! area's zoning — for the command line and the admin API.

use serde_json::Value;
use sqlx::PgPool;

use crate::domain::plan::features::{from_geojson_features, geojson_layers};
use crate::domain::plan::{gml, plan_type, resolve, PlanData, RawFeature};
use crate::domain::{CodeLists, Issue, IssueType};
use crate::formats::{gpkg, Format};
use crate::spatial::Crs;
use crate::store::plans::{self, PlanImported, PlanSource};
use crate::store::StoreError;

/// One file of an import.
#[derive(Debug, Clone)]
pub struct PlanFile {
    /// its name (a GeoJSON file named after its layer, e.g. `RpOmråde.geojson`, says its type)
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanImportError {
    /// a file breaks a rule: nothing was written
    #[error("{} problem(s) in the plan data", .0.len())]
    Invalid(Vec<Issue>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What was read, and what loading it did.
#[derive(Debug)]
pub struct PlanImport {
    pub formats: Vec<&'static str>,
    pub data: PlanData,
    pub done: PlanImported,
}

/// Read `files` (CRS from each file, else `crs`, else CRS84 for GeoJSON) and load them.
pub async fn import(
    pool: &PgPool,
    codes: &CodeLists,
    files: &[PlanFile],
    crs: Option<Crs>,
    as_of: chrono::NaiveDate,
    by: &str,
    dry_run: bool,
) -> Result<PlanImport, PlanImportError> {
    let mut features = Vec::new();
    let mut formats = Vec::new();
    let mut issues = Vec::new();
    for file in files {
        match read(file, crs) {
            Ok((format, mut f)) => {
                formats.push(format);
                features.append(&mut f);
            }
            Err(mut found) => {
                for i in &mut found {
                    i.field = format!("{}: {}", file.name, i.field);
                }
                issues.append(&mut found);
            }
        }
    }
    if !issues.is_empty() {
        return Err(PlanImportError::Invalid(issues));
    }
    let data = resolve(features, codes).map_err(PlanImportError::Invalid)?;
    formats.sort();
    formats.dedup();
    let source = PlanSource {
        source: files
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        format: formats.join(", "),
        as_of,
    };
    let done = plans::replace(pool, &data, &source, by, dry_run).await?;
    Ok(PlanImport {
        formats,
        data,
        done,
    })
}

fn read(
    file: &PlanFile,
    chosen: Option<Crs>,
) -> Result<(&'static str, Vec<RawFeature>), Vec<Issue>> {
    let bytes = &file.bytes;
    if Format::sniff(bytes) == Format::GeoPackage {
        let mut out = Vec::new();
        let tables = gpkg::read_tables(bytes, |t| plan_type(t).is_some())?;
        if tables.is_empty() {
            return Err(no_plan_layers("GeoPackage"));
        }
        for (table, rows, crs) in tables {
            let crs = crs.or(chosen).ok_or_else(|| needs_crs(&table))?;
            out.extend(with_crs(from_geojson_features(&rows, Some(&table)), crs));
        }
        return Ok(("GeoPackage", out));
    }
    if gml::is_xml(bytes) {
        let (features, crs) = gml::read(bytes)?;
        let crs = crs.or(chosen).ok_or_else(|| needs_crs("the GML"))?;
        return Ok(("GML", with_crs(features, crs)));
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
        vec![Issue::new(
            IssueType::InvalidJson,
            "document",
            None,
            format!("the file is neither GML, GeoPackage nor GeoJSON: {e}"),
            "plan data as GML (SOSI Plan 4.5/5.0), GeoPackage or GeoJSON",
        )]
    })?;
    let declared = doc["crs"]["properties"]["name"]
        .as_str()
        .map(|n| {
            Crs::parse(n).map_err(|e| {
                vec![Issue::new(
                    IssueType::UnsupportedCrs,
                    "crs",
                    Some(n.to_string()),
                    e.to_string(),
                    "EPSG:25832, EPSG:25833, EPSG:4258 or CRS84",
                )]
            })
        })
        .transpose()?;
    let crs = declared.or(chosen).unwrap_or(Crs::Crs84);
    // a file named after its layer says the type of features that name none
    let stem = std::path::Path::new(&file.name)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| plan_type(s).is_some())
        .map(str::to_string);
    let layers = geojson_layers(&doc);
    if layers.is_empty() {
        return Err(no_plan_layers("GeoJSON"));
    }
    let mut out = Vec::new();
    for (name, rows) in layers {
        let layer = name.filter(|n| plan_type(n).is_some()).or(stem.clone());
        out.extend(with_crs(
            from_geojson_features(&rows, layer.as_deref()),
            crs,
        ));
    }
    Ok(("GeoJSON", out))
}

fn with_crs(mut features: Vec<RawFeature>, crs: Crs) -> Vec<RawFeature> {
    for f in &mut features {
        f.crs = crs;
    }
    features
}

fn no_plan_layers(format: &str) -> Vec<Issue> {
    vec![Issue::new(
        IssueType::MissingValue,
        "document",
        None,
        format!("the {format} has no plan layers"),
        "layers KpArealformålOmråde, KpOmråde, RpArealformålOmråde, RpOmråde (any spelling)",
    )]
}

fn needs_crs(what: &str) -> Vec<Issue> {
    vec![Issue::new(
        IssueType::UnsupportedCrs,
        "crs",
        None,
        format!("{what} does not say its coordinate system"),
        "--crs EPSG:25832 (or 25833, 4258, CRS84)",
    )]
}
