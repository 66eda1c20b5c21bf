//! Loading a reference layer: arealbank's own layer files by kind, the national datasets
//! by name (`ar5`, `naturvern`, `flomsone`, `skredfaresone`, `kvikkleire`, `kulturminner`,
//! `elveg`, `nsr`), or another dataset with named attributes — for the command line and the
//! admin API. Every import is all or nothing, with a dry run and a report of the facts that
//! changed.

use sqlx::PgPool;

use crate::domain::datasets::{dataset, dataset_names, Named};
use crate::domain::layer::{
    accepted_kinds, parse_dataset, Parsed, Plain, Provenance, Reader, KINDS,
};
use crate::domain::{netex, Issue, IssueType};
use crate::formats;
use crate::spatial::Crs;
use crate::store::layers::{self, LayersReplaced};
use crate::store::StoreError;

/// Attribute names for a dataset arealbank has no reader for.
#[derive(Debug, Clone, Default)]
pub struct AttributeNames {
    pub name: Option<String>,
    pub class: Option<String>,
    pub reference: Option<String>,
    pub link: Option<String>,
}

impl AttributeNames {
    fn any(&self) -> bool {
        self.name.is_some()
            || self.class.is_some()
            || self.reference.is_some()
            || self.link.is_some()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LayerImportError {
    #[error("{} problem(s) in the file", .0.len())]
    Invalid(Vec<Issue>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Vec<Issue>> for LayerImportError {
    fn from(issues: Vec<Issue>) -> Self {
        LayerImportError::Invalid(issues)
    }
}

/// What was read and what loading it did.
#[derive(Debug)]
pub struct LayerImport {
    /// the dataset reader, when one was used
    pub dataset: Option<&'static str>,
    pub skipped: usize,
    pub done: LayersReplaced,
}

/// The default source text of what `what` names (a dataset's official name).
pub fn default_source(what: &str) -> Option<&'static str> {
    match what {
        "nsr" => Some("Nasjonalt stoppestedsregister (Entur)"),
        _ => dataset(what).map(|d| d.title),
    }
}

/// Load `bytes` as `what` (a layer kind or a dataset name).
#[allow(clippy::too_many_arguments)]
pub async fn import(
    pool: &PgPool,
    what: &str,
    bytes: &[u8],
    names: &AttributeNames,
    gpkg_layer: Option<&str>,
    crs: Option<Crs>,
    provenance: &Provenance,
    by: &str,
    dry_run: bool,
) -> Result<LayerImport, LayerImportError> {
    let (kinds, parsed, used): (Vec<&'static str>, Parsed, Option<&'static str>) = if what == "nsr"
    {
        (
            vec!["passenger_station", "skysstasjon"],
            netex::read(bytes)?,
            Some("nsr"),
        )
    } else if let Some(d) = dataset(what) {
        let (doc, crs) = formats::layer_upload(bytes, gpkg_layer, crs)?;
        (d.kinds.to_vec(), parse_dataset(&doc, d, crs)?, Some(d.name))
    } else if let Some(&(kind, _)) = KINDS.iter().find(|(k, _)| *k == what) {
        let (doc, crs) = formats::layer_upload(bytes, gpkg_layer, crs)?;
        let named = Named {
            kind,
            name: names.name.clone(),
            class: names.class.clone(),
            reference: names.reference.clone(),
            link: names.link.clone(),
        };
        let reader: &dyn Reader = if names.any() { &named } else { &Plain(kind) };
        (vec![kind], parse_dataset(&doc, reader, crs)?, None)
    } else {
        return Err(LayerImportError::Invalid(vec![Issue::new(
            IssueType::InvalidCode,
            "kind",
            Some(what.to_string()),
            "neither a reference layer nor a dataset arealbank knows",
            format!(
                "a layer ({}, substations) or a dataset ({})",
                accepted_kinds(),
                dataset_names()
            ),
        )]));
    };
    if provenance.source.trim().is_empty() {
        return Err(LayerImportError::Invalid(vec![Issue::new(
            IssueType::MissingValue,
            "source",
            None,
            "say where the data comes from",
            "--source (source=…), e.g. \"Kartverket N1000 (2024)\"",
        )]));
    }
    let done = layers::replace_layers(
        pool,
        &kinds,
        &parsed.features,
        provenance,
        used,
        by,
        dry_run,
    )
    .await
    .map_err(|e| match e {
        StoreError::Rejected(issues) => LayerImportError::Invalid(issues),
        e => LayerImportError::Store(e),
    })?;
    Ok(LayerImport {
        dataset: used,
        skipped: parsed.skipped,
        done,
    })
}
