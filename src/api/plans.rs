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
use super::params::ParamError;
use super::problem::Problem;
use super::AppState;
use crate::domain::user::Role;
use crate::service::plans::{self, PlanFile, PlanImportError};
use crate::spatial::Crs;

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
    if who.role != Role::Admin {
        return Err(Problem::forbidden(format!(
            "{} may not load plan data; an admin does",
            who.username
        )));
    }
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let dry_run = matches!(param("dry_run").as_deref(), Some("true" | "1"));
    let bad = |parameter: &str, value: &str, message: String, accepted: &str| {
        Problem::bad_parameters(vec![ParamError {
            parameter: parameter.into(),
            value: value.into(),
            message,
            accepted: accepted.into(),
        }])
    };
    let crs = match param("crs") {
        None => None,
        Some(c) => Some(Crs::parse(&c).map_err(|e| {
            bad(
                "crs",
                &c,
                e.to_string(),
                "EPSG:25832, EPSG:25833, EPSG:4258 or CRS84",
            )
        })?),
    };
    let as_of = match param("as_of") {
        None => chrono::Local::now().date_naive(),
        Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map_err(|_| bad("as_of", &d, "not a date".into(), "YYYY-MM-DD"))?,
    };
    let body = readable(body)?;
    let file = PlanFile {
        name: param("name").unwrap_or_else(|| "upload".into()),
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
