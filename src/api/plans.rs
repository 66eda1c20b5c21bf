//! `POST /api/plans/import` (admins): the municipality's plan data, as the command line's
//! `arealbank plan import` loads it.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::areas::readable;
use super::auth::Principal;
use super::params::import::ImportQuery;
use super::problem::Problem;
use super::AppState;
use crate::service::plans::{self, PlanFile, PlanImportError};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/plans/import", post(import))
}

/// `POST /api/plans/import[?dry_run=true][&name=RpOmråde.geojson][&crs=…][&as_of=YYYY-MM-DD]`:
/// one file (GML, GeoPackage, GeoJSON; `name` tells a GeoJSON layer's type when the file
/// does not). The plans of the file's municipalities are replaced and every area's zoning
/// recomputed; the answer lists the plans read and every area fact that changed.
async fn import(
    State(state): State<AppState>,
    who: Principal,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, Problem> {
    who.must_be_admin("load plan data")?;
    let q = ImportQuery::parse(raw);
    let dry_run = q.flag("dry_run");
    let crs = q.crs()?;
    let as_of = q
        .date("as_of")?
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let body = readable(body)?;
    let file = PlanFile {
        name: q.get("name").unwrap_or_else(|| "upload".into()),
        bytes: body.to_vec(),
    };
    let done = plans::import(
        &state.pool,
        &state.codes,
        &[file],
        crs,
        as_of,
        &who.username,
        dry_run,
    )
    .await
    .map_err(|e| match e {
        PlanImportError::Invalid(issues) => Problem::invalid_data(issues),
        PlanImportError::Store(e) => e.into(),
    })?;
    Ok(Json(json!({
        "dry_run": dry_run,
        "formats": done.formats,
        "municipalities": done.done.municipalities,
        "plans": done.done.plans,
        "purposes": done.done.purposes,
        "not_at_ground_level": done.data.other_levels,
        "other_features": done.data.other_types,
        "repaired_surfaces": done.done.repaired,
        "areas": done.done.areas,
    })))
}
