//! Import and export for signed-in users: a GeoJSON FeatureCollection in (with a dry run
//! that shows what would be created and every problem), every area they may see out.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use geo::Area;
use serde_json::{json, Value};

use super::areas::{content_crs_of, readable};
use super::auth::Principal;
use super::problem::Problem;
use super::AppState;
use crate::domain::import::parse_feature_collection;
use crate::domain::user::{may_edit, Role};
use crate::store::{self, areas::ChangedBy};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/areas/import", post(import))
        .route("/api/areas/export", get(export))
}

/// `POST /api/areas/import[?dry_run=true]`: all features or none. The CRS is the file's
/// `crs` member, else `Content-Crs`, else CRS84.
async fn import(
    State(state): State<AppState>,
    who: Principal,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let dry_run = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .any(|(k, v)| k == "dry_run" && (v == "true" || v == "1"));
    let body = readable(body)?;
    let crs = content_crs_of(&headers)?;
    let parsed =
        parse_feature_collection(&body, crs, &state.codes).map_err(Problem::invalid_data)?;
    let refused: BTreeSet<&str> = parsed
        .areas
        .iter()
        .filter(|a| !may_edit(who.role, &who.municipalities, &a.municipality))
        .map(|a| a.municipality.as_str())
        .collect();
    if !refused.is_empty() {
        return Err(Problem::forbidden(format!(
            "{} may not register areas in municipality {}; nothing was written",
            who.username,
            refused.into_iter().collect::<Vec<_>>().join(", ")
        )));
    }
    let summary: Vec<Value> = parsed
        .areas
        .iter()
        .map(|a| json!({"reference": a.reference, "name": a.name, "municipality": a.municipality,
                        "kind": a.kind.as_str(), "area_gross_m2": (a.geometry.unsigned_area() * 10.0).round() / 10.0}))
        .collect();
    let ignored: Vec<&String> = parsed.ignored_properties.iter().collect();
    if dry_run {
        store::areas::check_all(&state.pool, &parsed.areas).await?;
        return Ok(Json(
            json!({"dry_run": true, "crs": parsed.crs.to_string(), "would_create": summary,
                              "ignored_properties": ignored}),
        )
        .into_response());
    }
    let by = ChangedBy {
        user_id: Some(who.user_id),
        name: &who.username,
    };
    let ids = store::areas::insert_all(&state.pool, &parsed.areas, &by).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"dry_run": false, "crs": parsed.crs.to_string(), "created": ids,
                                          "areas": summary, "ignored_properties": ignored}),
        ),
    )
        .into_response())
}

/// `GET /api/areas/export`: every area, unpublished and ended ones too, as GeoJSON that
/// `import` reads back. Owner names only for planners and admins.
async fn export(State(state): State<AppState>, who: Principal) -> Result<Response, Problem> {
    let mut doc = store::areas::export_all(&state.pool).await?;
    if who.role == Role::Viewer {
        let mut v: Value = serde_json::from_str(&doc).map_err(|_| Problem::internal())?;
        for f in v["features"].as_array_mut().into_iter().flatten() {
            if let Some(p) = f["properties"].as_object_mut() {
                p.remove("owner_name");
            }
        }
        doc = v.to_string();
    }
    let mut res = doc.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"arealbank-areas.geojson\""),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
