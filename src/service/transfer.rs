//! Importing and exporting areas: what the HTTP API (`api::transfer`) and the command line
//! (`cli::areas`) both do, written once. Each caller only says who is asking and how the
//! answer is shown.

use std::collections::BTreeSet;

use sqlx::PgPool;

use crate::domain::{CodeLists, Issue, NewArea};
use crate::formats::{self, read_upload, ExportFormat};
use crate::spatial::Crs;
use crate::store::{self, areas::ChangedBy, areas::Imported, StoreError};

/// What an import did (or, in a dry run, would do).
pub struct Import {
    /// the file's format, as a person names it ("GeoPackage")
    pub format: &'static str,
    /// the CRS its coordinates were read in
    pub crs: Crs,
    pub areas: Vec<NewArea>,
    pub ignored_properties: BTreeSet<String>,
    pub done: Imported,
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// the file, or what it would store, breaks a rule: nothing was written
    #[error("{} problem(s) in the file", .0.len())]
    Invalid(Vec<Issue>),
    /// areas in municipalities the caller may not edit: nothing was written
    #[error("may not register areas in municipality {}", .0.join(", "))]
    Forbidden(Vec<String>),
    #[error(transparent)]
    Store(StoreError),
    #[error("writing the file failed: {0}")]
    Write(String),
}

impl From<StoreError> for TransferError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Rejected(issues) => TransferError::Invalid(issues),
            e => TransferError::Store(e),
        }
    }
}

/// Read a file (GeoJSON, GeoPackage, zipped Shapefile; `layer` picks a GeoPackage table,
/// `crs` is the one the caller gives) and import all of its areas or none: new ones are
/// created, those with a known reference updated. `may_edit` says which municipalities the
/// caller may write in.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    pool: &PgPool,
    codes: &CodeLists,
    bytes: Vec<u8>,
    layer: Option<String>,
    crs: Option<Crs>,
    may_edit: impl Fn(&str) -> bool,
    by: &ChangedBy<'_>,
    dry_run: bool,
) -> Result<Import, TransferError> {
    let codes = codes.clone();
    // reading a GeoPackage or a Shapefile is work for a blocking thread
    let (format, parsed) =
        tokio::task::spawn_blocking(move || read_upload(&bytes, layer.as_deref(), crs, &codes))
            .await
            .map_err(|e| TransferError::Write(format!("reading the file stopped: {e}")))?
            .map_err(TransferError::Invalid)?;
    let refused: BTreeSet<String> = parsed
        .areas
        .iter()
        .filter(|a| !may_edit(&a.municipality))
        .map(|a| a.municipality.clone())
        .collect();
    if !refused.is_empty() {
        return Err(TransferError::Forbidden(refused.into_iter().collect()));
    }
    let done = store::areas::import_all(pool, &parsed.areas, by, dry_run).await?;
    Ok(Import {
        format: format.name(),
        crs: parsed.crs,
        areas: parsed.areas,
        ignored_properties: parsed.ignored_properties,
        done,
    })
}

/// Every area, unpublished and ended ones too, in a file that [`import`] reads back; the
/// fields in `hidden` (e.g. owner names for viewers) left out.
pub async fn export(
    pool: &PgPool,
    format: ExportFormat,
    hidden: &[&'static str],
) -> Result<Vec<u8>, TransferError> {
    Ok(match format {
        ExportFormat::GeoJson => {
            let doc = store::areas::export_all(pool).await?;
            if hidden.is_empty() {
                doc.into_bytes()
            } else {
                let mut v: serde_json::Value =
                    serde_json::from_str(&doc).map_err(|e| TransferError::Write(e.to_string()))?;
                for f in v["features"].as_array_mut().into_iter().flatten() {
                    if let Some(p) = f["properties"].as_object_mut() {
                        for h in hidden {
                            p.remove(*h);
                        }
                    }
                }
                v.to_string().into_bytes()
            }
        }
        ExportFormat::Csv => {
            formats::export_csv(&store::areas::export_rows(pool).await?, hidden).into_bytes()
        }
        ExportFormat::GeoPackage => {
            let rows = store::areas::export_rows(pool).await?;
            let hidden = hidden.to_vec();
            tokio::task::spawn_blocking(move || formats::export_gpkg(&rows, &hidden))
                .await
                .map_err(|e| TransferError::Write(e.to_string()))?
                .map_err(|e| TransferError::Write(e.to_string()))?
        }
    })
}
