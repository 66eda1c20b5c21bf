//! Writing areas through OGC API – Features Part 4 (create for now).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::Principal;
use super::links::BaseUrl;
use super::problem::Problem;
use super::AppState;
use crate::domain::import::parse_feature;
use crate::domain::user::may_edit;
use crate::spatial::Crs;
use crate::store::{self, areas::ChangedBy};

/// `POST /ogc/collections/areas/items`: create one area from a GeoJSON Feature. The
/// coordinates are CRS84 unless a `Content-Crs` header names another accepted CRS.
/// New areas are unpublished until a planner publishes them.
pub async fn create(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    who: Principal,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Problem::bad_body(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is larger than {} MiB",
                super::MAX_BODY_BYTES / (1024 * 1024)
            ),
        ),
        status => Problem::bad_body(status, e.body_text()),
    })?;
    let crs = match headers.get("content-crs").and_then(|v| v.to_str().ok()) {
        None => Crs::Crs84,
        Some(v) => {
            Crs::parse(v.trim().trim_start_matches('<').trim_end_matches('>')).map_err(|e| {
                Problem::invalid_data(vec![crate::domain::Issue::new(
                    crate::domain::IssueType::UnsupportedCrs,
                    "Content-Crs",
                    Some(v.to_string()),
                    e.to_string(),
                    "CRS84, EPSG:4258, EPSG:25832 or EPSG:25833",
                )])
            })?
        }
    };
    let area = parse_feature(&body, crs, &state.codes).map_err(Problem::invalid_data)?;
    if !may_edit(who.role, &who.municipalities, &area.municipality) {
        return Err(Problem::forbidden(format!(
            "{} may not register areas in municipality {}",
            who.username, area.municipality
        )));
    }
    let by = ChangedBy {
        user_id: Some(who.user_id),
        name: &who.username,
    };
    let id = store::areas::insert_all(&state.pool, std::slice::from_ref(&area), &by)
        .await?
        .into_iter()
        .next()
        .ok_or_else(Problem::internal)?;
    let feature = store::areas::full_feature(&state.pool, id)
        .await?
        .ok_or_else(Problem::internal)?;
    let mut res = (StatusCode::CREATED, feature).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("{base}/ogc/collections/areas/items/{id}")) {
        h.insert(header::LOCATION, v);
    }
    h.insert(header::ETAG, HeaderValue::from_static("\"1\""));
    Ok(res)
}
