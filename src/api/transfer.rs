//! Import and export for signed-in users: GeoJSON, GeoPackage or a zipped Shapefile in
//! (with a dry run that shows what would be created and every problem), every area they
//! may see out as GeoJSON, CSV (WKT) or GeoPackage.

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
use super::params::ParamError;
use super::problem::Problem;
use super::AppState;
use crate::domain::user::{may_edit, Role};
use crate::formats::ExportFormat;
use crate::service::transfer::{self, TransferError};
use crate::store::areas::ChangedBy;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/areas/import", post(import))
        .route("/api/areas/export", get(export))
}

/// `POST /api/areas/import[?dry_run=true][&layer=table]`: all features or none. The format
/// is recognised from the file itself. The CRS is the file's own (a GeoJSON `crs` member,
/// a GeoPackage's srs, a Shapefile's .prj), else `Content-Crs`, else CRS84 for GeoJSON;
/// a GeoPackage or Shapefile that does not say gets a 422 asking for `Content-Crs`.
async fn import(
    State(state): State<AppState>,
    who: Principal,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let dry_run = params
        .iter()
        .any(|(k, v)| k == "dry_run" && (v == "true" || v == "1"));
    let layer = params
        .iter()
        .find(|(k, _)| k == "layer")
        .map(|(_, v)| v.clone());
    let body = readable(body)?;
    let crs = content_crs_of(&headers)?;
    let by = ChangedBy {
        user_id: Some(who.user_id),
        name: &who.username,
    };
    let may = |m: &str| may_edit(who.role, &who.municipalities, m);
    let import = transfer::import(
        &state.pool,
        &state.codes,
        body.to_vec(),
        layer,
        crs,
        may,
        &by,
        dry_run,
    )
    .await
    .map_err(|e| problem(e, &who.username))?;
    let (format, parsed, done) = (import.format, &import, &import.done);
    let summary = |i: usize, id: uuid::Uuid| {
        let a = &parsed.areas[i];
        json!({"id": id, "reference": a.reference, "name": a.name, "municipality": a.municipality,
               "kind": a.kind.as_str(), "area_gross_m2": (a.geometry.unsigned_area() * 10.0).round() / 10.0})
    };
    let created: Vec<Value> = done.created.iter().map(|&(i, id)| summary(i, id)).collect();
    let updated: Vec<Value> = done
        .updated
        .iter()
        .map(|(i, id, version, fields)| {
            let mut s = summary(*i, *id);
            s["version"] = json!(version);
            s["changed_fields"] = json!(fields);
            s
        })
        .collect();
    let unchanged: Vec<Value> = done
        .unchanged
        .iter()
        .map(|&(i, id)| summary(i, id))
        .collect();
    let ignored: Vec<&String> = parsed.ignored_properties.iter().collect();
    let body = if dry_run {
        // ids of areas that would be created are not kept: the dry run was rolled back
        let created: Vec<Value> = created
            .into_iter()
            .map(|mut c| {
                c["id"] = Value::Null;
                c
            })
            .collect();
        json!({"dry_run": true, "format": format, "crs": parsed.crs.to_string(),
               "would_create": created, "would_update": updated, "unchanged": unchanged,
               "ignored_properties": ignored})
    } else {
        json!({"dry_run": false, "format": format, "crs": parsed.crs.to_string(),
               "created": created, "updated": updated, "unchanged": unchanged,
               "ignored_properties": ignored})
    };
    let status = if dry_run || done.created.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(body)).into_response())
}

/// `GET /api/areas/export[?format=geojson|csv|gpkg]`: every area, unpublished and ended
/// ones too, in a file that `import` reads back. Owner names only for planners and admins.
async fn export(
    State(state): State<AppState>,
    who: Principal,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let requested = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.into_owned());
    let format = match requested {
        None => ExportFormat::GeoJson,
        Some(f) => ExportFormat::parse(&f).ok_or_else(|| {
            Problem::bad_parameters(vec![ParamError {
                parameter: "format".into(),
                value: f.clone(),
                message: "unknown export format".into(),
                accepted: "geojson, csv or gpkg".into(),
            }])
        })?,
    };
    let hidden: &[&'static str] = if who.role == Role::Viewer {
        &["owner_name"]
    } else {
        &[]
    };
    let body = transfer::export(&state.pool, format, hidden)
        .await
        .map_err(|e| problem(e, &who.username))?;
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", format.file_name()))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// How a failed import or export is told over HTTP.
fn problem(e: TransferError, username: &str) -> Problem {
    match e {
        TransferError::Invalid(issues) => Problem::invalid_data(issues),
        TransferError::Forbidden(municipalities) => Problem::forbidden(format!(
            "{username} may not register areas in municipality {}; nothing was written",
            municipalities.join(", ")
        )),
        TransferError::Store(e) => e.into(),
        TransferError::Write(e) => {
            tracing::error!(error = %e, "writing an export");
            Problem::internal()
        }
    }
}
