//! Writing areas through OGC API – Features Part 4: create, replace, update, end.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::Principal;
use super::links::BaseUrl;
use super::problem::Problem;
use super::AppState;
use serde_json::Value;
use uuid::Uuid;

use crate::domain::import::parse_feature;
use crate::domain::query::ParamError;
use crate::domain::user::may_edit;
use crate::domain::{Issue, IssueType};
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
    let body = readable(body)?;
    let crs = content_crs(&headers)?;
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
    let (feature, _) = store::areas::full_feature(&state.pool, id)
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

/// `PUT /ogc/collections/areas/items/{id}`: replace every fact (and the outline) of an
/// area with the Feature in the body. Needs `If-Match` with the version read.
pub async fn replace(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let (id, expected, current) = editable(&state, &who, &id, &headers).await?;
    let body = readable(body)?;
    let area = parse_feature(&body, content_crs(&headers)?, &state.codes)
        .map_err(Problem::invalid_data)?;
    save(&state, &who, id, expected, &current, area, true, "update").await
}

/// `PATCH /ogc/collections/areas/items/{id}`: a JSON merge patch (RFC 7396) of a Feature:
/// properties given replace the stored ones (`null` clears one); a geometry, if given,
/// replaces the outline. The whole result is checked as if it were new.
pub async fn patch(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let (id, expected, current) = editable(&state, &who, &id, &headers).await?;
    let body = readable(body)?;
    let patch: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid_json(e, "a JSON merge patch of a Feature: {\"properties\": {…}}")
    })?;
    let mut merged = current.clone();
    if let (Some(props), Some(target)) = (
        patch.get("properties").and_then(Value::as_object),
        merged["properties"].as_object_mut(),
    ) {
        for (k, v) in props {
            target.insert(k.clone(), v.clone());
        }
    }
    let geometry_changed = patch.get("geometry").is_some_and(|g| !g.is_null());
    let crs = if geometry_changed {
        merged["geometry"] = patch["geometry"].clone();
        content_crs(&headers)?
    } else {
        Crs::Crs84
    };
    let area = parse_feature(merged.to_string().as_bytes(), crs, &state.codes)
        .map_err(Problem::invalid_data)?;
    // a patch of nothing but `published` is recorded as what it is
    let only_published = !geometry_changed
        && patch
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.len() == 1 && p.contains_key("published"));
    let action = match (only_published, area.published) {
        (true, true) => "publish",
        (true, false) => "unpublish",
        _ => "update",
    };
    save(
        &state,
        &who,
        id,
        expected,
        &current,
        area,
        geometry_changed,
        action,
    )
    .await
}

/// `DELETE /ogc/collections/areas/items/{id}?reason=…[&end_date=YYYY-MM-DD]`: areas are
/// never deleted; this ends the area (from today unless a date is given), keeping its history.
pub async fn end(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let (id, expected, current) = editable(&state, &who, &id, &headers).await?;
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let reason = params
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.trim().to_string())
        .filter(|r| !r.is_empty());
    let Some(reason) = reason else {
        return Err(Problem::bad_parameters(vec![ParamError {
            parameter: "reason".into(),
            value: String::new(),
            message: "an area is ended, never deleted, and needs the reason".into(),
            accepted: "reason=sold and built (and optionally end_date=YYYY-MM-DD)".into(),
        }]));
    };
    let end_date = params
        .iter()
        .find(|(k, _)| k == "end_date")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| chrono::Utc::now().date_naive().to_string());
    let mut merged = current.clone();
    merged["properties"]["end_date"] = end_date.into();
    merged["properties"]["end_reason"] = reason.into();
    let area = parse_feature(merged.to_string().as_bytes(), Crs::Crs84, &state.codes)
        .map_err(Problem::invalid_data)?;
    save(&state, &who, id, expected, &current, area, false, "end").await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The area to change, the version the client read (If-Match) and its current state,
/// after checking that `who` may edit it.
pub(super) async fn editable(
    state: &AppState,
    who: &Principal,
    id: &str,
    headers: &HeaderMap,
) -> Result<(Uuid, i32, Value), Problem> {
    let not_found = || Problem::not_found(format!("there is no area with id {id:?}"));
    let id = Uuid::parse_str(id).map_err(|_| not_found())?;
    let (text, version) = store::areas::full_feature(&state.pool, id)
        .await?
        .ok_or_else(not_found)?;
    let current: Value = serde_json::from_str(&text).map_err(|_| Problem::internal())?;
    let municipality = current["properties"]["municipality"]
        .as_str()
        .unwrap_or_default();
    if !may_edit(who.role, &who.municipalities, municipality) {
        return Err(Problem::forbidden(format!(
            "{} may not change areas in municipality {municipality}",
            who.username
        )));
    }
    let expected = if_match(headers)?;
    if expected != version {
        return Err(store::StoreError::Stale {
            expected,
            current: version,
        }
        .into());
    }
    Ok((id, expected, current))
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn save(
    state: &AppState,
    who: &Principal,
    id: Uuid,
    expected: i32,
    current: &Value,
    area: crate::domain::NewArea,
    geometry_changed: bool,
    action: &str,
) -> Result<Response, Problem> {
    if current["properties"]["municipality"].as_str() != Some(area.municipality.as_str())
        && !may_edit(who.role, &who.municipalities, &area.municipality)
    {
        return Err(Problem::forbidden(format!(
            "{} may not move areas to municipality {}",
            who.username, area.municipality
        )));
    }
    let by = ChangedBy {
        user_id: Some(who.user_id),
        name: &who.username,
    };
    store::areas::update(
        &state.pool,
        id,
        expected,
        &area,
        geometry_changed,
        action,
        &by,
    )
    .await?;
    let (feature, version) = store::areas::full_feature(&state.pool, id)
        .await?
        .ok_or_else(Problem::internal)?;
    let mut res = feature.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

/// The version in `If-Match: "N"`; 428 without it, 412 when it cannot be ours.
pub(super) fn if_match(headers: &HeaderMap) -> Result<i32, Problem> {
    let raw = headers
        .get(header::IF_MATCH)
        .ok_or_else(Problem::version_required)?;
    raw.to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i32>().ok())
        .ok_or_else(|| {
            store::StoreError::Stale {
                expected: -1,
                current: 0,
            }
            .into()
        })
}

pub(super) fn readable(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Problem> {
    body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Problem::bad_body(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is larger than {} MiB",
                super::MAX_BODY_BYTES / (1024 * 1024)
            ),
        ),
        status => Problem::bad_body(status, e.body_text()),
    })
}

/// The `Content-Crs` header when there is one (`None`: let the document decide).
pub(super) fn content_crs_of(headers: &HeaderMap) -> Result<Option<Crs>, Problem> {
    match headers.get("content-crs") {
        None => Ok(None),
        Some(_) => content_crs(headers).map(Some),
    }
}

fn content_crs(headers: &HeaderMap) -> Result<Crs, Problem> {
    match headers.get("content-crs").and_then(|v| v.to_str().ok()) {
        None => Ok(Crs::Crs84),
        Some(v) => {
            Crs::parse(v.trim().trim_start_matches('<').trim_end_matches('>')).map_err(|e| {
                Problem::invalid_data(vec![Issue::new(
                    IssueType::UnsupportedCrs,
                    "Content-Crs",
                    Some(v.to_string()),
                    e.to_string(),
                    "CRS84, EPSG:4258, EPSG:25832 or EPSG:25833",
                )])
            })
        }
    }
}
