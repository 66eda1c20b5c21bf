//! Writing areas through OGC API – Features Part 4: create, replace, update, end.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::auth::{Credential, Principal};
use super::links::BaseUrl;
use super::problem::Problem;
use super::AppState;
use serde_json::Value;
use uuid::Uuid;

use crate::domain::fields;
use crate::domain::import::parse_feature;
use crate::domain::import::unknown_properties;
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
    refuse_unknown_properties(&body)?;
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
/// area with the Feature in the body. Read-only and computed properties that a client
/// sends back as it read them are ignored. See [`precondition`] for `If-Match`.
pub async fn replace(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let body = readable(body)?;
    let crs = content_crs(&headers)?;
    refuse_unknown_properties(&body)?;
    let (state, who, body) = (&state, &who, &body);
    edit(state, who, &id, &headers, move |e| async move {
        let area = parse_feature(body, crs, &state.codes).map_err(Problem::invalid_data)?;
        save(state, who, &e, area, true, "update").await
    })
    .await
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
    let body = readable(body)?;
    let patch: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid_json(e, "a JSON merge patch of a Feature: {\"properties\": {…}}")
    })?;
    let props = match patch.get("properties") {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(other) => {
            return Err(Problem::invalid_data(vec![Issue::new(
                IssueType::InvalidValue,
                "properties",
                Some(other.to_string()),
                "the properties of a merge patch must be an object",
                "{\"properties\": {\"name\": \"…\"}}",
            )]))
        }
    };
    // a property the registry does not know would be lost: refused, naming it
    let unknown = unknown_properties(&props);
    if !unknown.is_empty() {
        return Err(Problem::invalid_data(unknown));
    }
    let geometry_changed = patch.get("geometry").is_some_and(|g| !g.is_null());
    let crs = if geometry_changed {
        content_crs(&headers)?
    } else {
        Crs::Crs84
    };
    // a patch of nothing but `published` is recorded as what it is
    let only_published = !geometry_changed && props.len() == 1 && props.contains_key("published");
    let (state, who, props, patch) = (&state, &who, &props, &patch);
    edit(state, who, &id, &headers, move |e| async move {
        let mut merged = e.current.clone();
        if let Some(target) = merged["properties"].as_object_mut() {
            for (k, v) in props {
                // computed and read-only values sent back as read are not facts to store
                if !fields::is_computed(k) {
                    target.insert(k.clone(), v.clone());
                }
            }
        }
        // without a new geometry the stored outline (read back in CRS84) is kept as it is
        if geometry_changed {
            merged["geometry"] = patch["geometry"].clone();
        }
        let area = parse_feature(merged.to_string().as_bytes(), crs, &state.codes)
            .map_err(Problem::invalid_data)?;
        let action = match (only_published, area.published()) {
            (true, true) => "publish",
            (true, false) => "unpublish",
            _ => "update",
        };
        save(state, who, &e, area, geometry_changed, action).await
    })
    .await
}

/// `DELETE /ogc/collections/areas/items/{id}[?reason=…][&end_date=YYYY-MM-DD]`: areas are
/// never deleted; this ends the area (from today unless a date is given), keeping its
/// history. Without a reason (GIS clients send none) the reason says who ended it how.
pub async fn end(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, Problem> {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let reason = params
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.trim().to_string())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| {
            format!(
                "slettet av {0} via API-et / deleted by {0} through the API",
                who.username
            )
        });
    let end_date = params
        .iter()
        .find(|(k, _)| k == "end_date")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| chrono::Utc::now().date_naive().to_string());
    let (state, who, end_date, reason) = (&state, &who, &end_date, &reason);
    edit(state, who, &id, &headers, move |e| async move {
        let mut merged = e.current.clone();
        merged["properties"]["end_date"] = end_date.clone().into();
        merged["properties"]["end_reason"] = reason.clone().into();
        let area = parse_feature(merged.to_string().as_bytes(), Crs::Crs84, &state.codes)
            .map_err(Problem::invalid_data)?;
        save(state, who, &e, area, false, "end").await
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An area about to change: its id, the version read, its current state and whether
/// the client named the version it read (`If-Match`).
pub(super) struct Editable {
    pub id: Uuid,
    pub version: i32,
    pub current: Value,
    pub checked: bool,
}

/// How often a change without `If-Match` is tried again when others wrote in between.
const RETRIES: usize = 5;

/// Apply `change` to the current state of area `id`. A client that sent `If-Match` gets
/// 412 when someone else wrote first; for one that did not (an API token, see
/// [`precondition`]) the change is applied again to the newer state, so a merge patch
/// never undoes another writer's fields.
pub(super) async fn edit<F, Fut>(
    state: &AppState,
    who: &Principal,
    id: &str,
    headers: &HeaderMap,
    change: F,
) -> Result<Response, Problem>
where
    F: Fn(Editable) -> Fut,
    Fut: std::future::Future<Output = Result<Response, Problem>>,
{
    for _ in 0..RETRIES {
        let e = editable(state, who, id, headers).await?;
        let checked = e.checked;
        match change(e).await {
            Err(p) if !checked && p.status == StatusCode::PRECONDITION_FAILED => continue,
            done => return done,
        }
    }
    Err(Problem::conflict(
        "the area was changed by others while this change was applied; send it again",
    ))
}

/// The area to change, after checking that `who` may edit it and that the version the
/// client read (if it says) is still current.
pub(super) async fn editable(
    state: &AppState,
    who: &Principal,
    id: &str,
    headers: &HeaderMap,
) -> Result<Editable, Problem> {
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
    let expected = precondition(headers, who)?;
    if let Some(expected) = expected.filter(|e| *e != version) {
        return Err(store::StoreError::Stale {
            expected,
            current: version,
        }
        .into());
    }
    Ok(Editable {
        id,
        version,
        current,
        checked: expected.is_some(),
    })
}

/// The version a write is based on. `If-Match` is honoured whenever sent (`*`: any
/// version). Without it, a caller with an API token (scripts, QGIS, which never sends
/// it) writes onto the current version — the history keeps the version it replaced —
/// while a browser session must send it (428).
pub(super) fn precondition(headers: &HeaderMap, who: &Principal) -> Result<Option<i32>, Problem> {
    match headers.get(header::IF_MATCH) {
        None if who.credential == Credential::Token => Ok(None),
        None => Err(Problem::version_required()),
        Some(v) if v.as_bytes().trim_ascii() == b"*" => Ok(None),
        Some(_) => required_version(headers).map(Some),
    }
}

/// 422 naming every property of a Feature body that the registry does not know (it
/// would otherwise be lost); a body that is no JSON is reported by `parse_feature`.
fn refuse_unknown_properties(body: &[u8]) -> Result<(), Problem> {
    let Ok(doc) = serde_json::from_slice::<Value>(body) else {
        return Ok(());
    };
    match doc.get("properties").and_then(Value::as_object) {
        Some(props) => match unknown_properties(props) {
            issues if issues.is_empty() => Ok(()),
            issues => Err(Problem::invalid_data(issues)),
        },
        None => Ok(()),
    }
}

pub(super) async fn save(
    state: &AppState,
    who: &Principal,
    e: &Editable,
    area: crate::domain::NewArea,
    geometry_changed: bool,
    action: &str,
) -> Result<Response, Problem> {
    if e.current["properties"]["municipality"].as_str() != Some(area.municipality.as_str())
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
        e.id,
        e.version,
        &area,
        geometry_changed,
        action,
        &by,
    )
    .await?;
    let (feature, version) = store::areas::full_feature(&state.pool, e.id)
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

/// The version in `If-Match: "N"` where a write always needs it: 428 without it, 400 when
/// it is no entity tag, 412 when it is one but not ours.
pub(super) fn required_version(headers: &HeaderMap) -> Result<i32, Problem> {
    let raw = headers
        .get(header::IF_MATCH)
        .ok_or_else(Problem::version_required)?;
    let text = raw.to_str().ok().map(str::trim).unwrap_or_default();
    let tag = text.trim_start_matches("W/");
    let quoted = tag.len() >= 2 && tag.starts_with('"') && tag.ends_with('"');
    let inner = if quoted { &tag[1..tag.len() - 1] } else { tag };
    if inner.is_empty() || inner.contains('"') || inner.contains(',') && !quoted {
        return Err(Problem::bad_header(
            "If-Match",
            "is not an entity tag",
            "the ETag you read, e.g. If-Match: \"3\"",
        ));
    }
    inner.parse::<i32>().map_err(|_| {
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
