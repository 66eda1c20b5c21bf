//! SQL through sqlx. PostGIS does the geometry work and builds the GeoJSON; this layer
//! only moves values in and text out.

pub mod areas;
pub mod codes;
pub mod comparisons;
pub mod data_version;
pub mod enquiries;
pub mod fields;
pub mod filter;
pub mod freshness;
pub mod land_account;
pub mod layers;
pub mod municipalities;
pub mod overlaps;
pub mod places;
pub mod plans;
pub mod reproject;
pub mod search;
pub mod sessions;
pub mod substations;
pub mod tile_cache;
pub mod tiles;
pub mod users;

use crate::domain::Issue;

/// A read-only transaction whose statements are planned for their values on every call
/// (`plan_cache_mode = force_custom_plan` for this transaction only): for compile-checked
/// queries with optional filters `($1 is null or …)`, see `db::tuned`.
pub async fn planned_per_call(
    pool: &sqlx::PgPool,
) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a transaction"))?;
    sqlx::query("set local plan_cache_mode = force_custom_plan")
        .execute(&mut *tx)
        .await
        .map_err(doing("starting a transaction"))?;
    Ok(tx)
}

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed; the cause is logged, never shown to clients.
    #[error("database error while {doing}: {source}")]
    Database {
        doing: &'static str,
        #[source]
        source: sqlx::Error,
    },
    /// The data breaks rules that only the database can check (duplicates, boundaries).
    #[error("{} problem(s) with the data", .0.len())]
    Rejected(Vec<Issue>),
    /// The change clashes with what is stored (e.g. a username already taken).
    #[error("{0}")]
    Conflict(String),
    /// The thing to change does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Someone else changed it since the version the client read.
    #[error("the area has changed since version {expected}: it is now at version {current}")]
    Stale { expected: i32, current: i32 },
}

/// Attach what the store was doing to a sqlx error.
pub(crate) fn doing(doing: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |source| StoreError::Database { doing, source }
}
