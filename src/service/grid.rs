//! Loading a grid operator's published capacity file (DIGIN GridCapacity): read and check
//! it, then replace that operator's stations — for the command line and the admin API.

use sqlx::PgPool;

use crate::domain::grid_capacity::{is_grid_capacity, parse_grid_capacity, GridCapacityFile};
use crate::domain::{Issue, IssueType};
use crate::store::substations::{self, Imported};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum GridImportError {
    /// the file breaks a rule: nothing was written
    #[error("{} problem(s) in the file", .0.len())]
    Invalid(Vec<Issue>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Read `bytes` as an operator's file and load it (or only report, on a dry run).
pub async fn import(
    pool: &PgPool,
    bytes: &[u8],
    by: &str,
    dry_run: bool,
) -> Result<(GridCapacityFile, Imported), GridImportError> {
    let looks_right = serde_json::from_slice::<serde_json::Value>(bytes)
        .map(|doc| is_grid_capacity(&doc))
        .unwrap_or(true); // not JSON: the parser says why
    if !looks_right {
        return Err(GridImportError::Invalid(vec![Issue::new(
            IssueType::InvalidValue,
            "document",
            None,
            "this is not a grid operator's capacity file (DIGIN GridCapacity); arealbank's own \
             substation GeoJSON is loaded with `arealbank layer import substations`",
            "a DIGIN GridCapacity file: a JSON array holding a GeoJSON-LD FeatureCollection",
        )]));
    }
    let file = parse_grid_capacity(bytes).map_err(GridImportError::Invalid)?;
    let done =
        substations::import_operator_file(pool, &file.stations, &file.operators(), by, dry_run)
            .await?;
    Ok((file, done))
}
