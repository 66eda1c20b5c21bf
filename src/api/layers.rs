//! Reference layers for the map: the list with source, licence and date, each layer's
//! features, and the substations with their capacity figures (public), which planners
//! and admins keep current (PATCH with If-Match; history kept).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::areas::{readable, required_version};
use super::auth::Principal;
use super::params::import::{bad, ImportQuery};
use super::problem::Problem;
use super::AppState;
use crate::domain::layer::Provenance;
use crate::domain::substation::parse_substations;
use crate::domain::user::Role;
use crate::domain::{Issue, IssueType};
use crate::service::grid::{self, GridImportError};
use crate::service::layers as layer_service;
use crate::spatial::Crs;
use crate::store::{self, areas::ChangedBy};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/layers", get(list))
        .route("/api/layers/{kind}", get(features))
        .route("/api/layers/{kind}/import", post(import_layer))
        .route("/api/substations", get(substations))
        .route("/api/substations/import", post(import_grid_capacity))
        .route("/api/substations/{id}", patch(edit_substation))
        .route("/api/substations/{id}/history", get(substation_history))
        .route("/api/substations/{id}/figures", get(substation_figures))
}

/// The figures a planner may change; name, operator and position come from the operator's
/// list (`arealbank layer import substations`).
const EDITABLE: &[&str] = &[
    "voltage_kv",
    "free_capacity_mw_min",
    "free_capacity_mw_max",
    "available_prod_mw",
    "reserved_cons_mw",
    "licence",
    "future_capacity_mw_min",
    "future_capacity_mw_max",
    "measure",
    "expected_year",
    "queue_status",
    "source_url",
    "as_of",
];

/// `PATCH /api/substations/{id}`: a JSON merge patch of the figures, with `If-Match`.
/// New figures need their date (`as_of`) and preferably their source (`source_url`).
async fn edit_substation(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    if !matches!(who.role, Role::Admin | Role::Planner) {
        return Err(Problem::forbidden(format!(
            "{} may read substations but not change their figures",
            who.username
        )));
    }
    let not_found = || Problem::not_found(format!("there is no substation with id {id:?}"));
    let uuid = uuid::Uuid::parse_str(&id).map_err(|_| not_found())?;
    let (text, version) = store::substations::feature(&state.pool, uuid)
        .await?
        .ok_or_else(not_found)?;
    let expected = required_version(&headers)?;
    if expected != version {
        return Err(store::StoreError::Stale {
            expected,
            current: version,
        }
        .into());
    }
    let body = readable(body)?;
    let patch: Value = serde_json::from_slice(&body).map_err(|e| {
        Problem::invalid_json(
            e,
            "{\"properties\": {\"free_capacity_mw_min\": 2, …, \"as_of\": \"2026-01-15\"}}",
        )
    })?;
    let mut feature: Value = serde_json::from_str(&text).map_err(|_| Problem::internal())?;
    let mut refused = Vec::new();
    for (k, v) in patch["properties"].as_object().into_iter().flatten() {
        if EDITABLE.contains(&k.as_str()) {
            feature["properties"][k] = v.clone();
        } else {
            refused.push(Issue::new(
                IssueType::InvalidValue,
                k.clone(),
                Some(v.to_string()),
                "this field is not changed here (name, operator and position come from the operator's list)",
                EDITABLE.join(", "),
            ));
        }
    }
    if !refused.is_empty() {
        return Err(Problem::invalid_data(refused));
    }
    // figures from an operator are not demo figures any more
    feature["properties"]["demo"] = false.into();
    let doc = json!({"type": "FeatureCollection", "features": [feature]}).to_string();
    let station = parse_substations(doc.as_bytes(), Crs::Crs84)
        .map_err(Problem::invalid_data)?
        .pop()
        .ok_or_else(Problem::internal)?;
    let by = ChangedBy {
        user_id: Some(who.user_id),
        name: &who.username,
    };
    let version =
        store::substations::update_figures(&state.pool, uuid, expected, &station, &by).await?;
    let (text, _) = store::substations::feature(&state.pool, uuid)
        .await?
        .ok_or_else(Problem::internal)?;
    let mut res = geojson(text);
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

/// `POST /api/substations/import[?dry_run=true]` (admins): a grid operator's published
/// capacity file (DIGIN GridCapacity). The operator's stations become those of the file,
/// earlier figures stay in the history; the answer lists each station's figures and each
/// area's facts before → after.
async fn import_grid_capacity(
    State(state): State<AppState>,
    who: Principal,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, Problem> {
    who.must_be_admin("load grid capacity files")?;
    let dry_run = ImportQuery::parse(raw).flag("dry_run");
    let body = readable(body)?;
    let (file, done) = grid::import(&state.pool, &body, &who.username, dry_run)
        .await
        .map_err(|e| match e {
            GridImportError::Invalid(issues) => Problem::invalid_data(issues),
            GridImportError::Store(e) => e.into(),
        })?;
    Ok(Json(json!({
        "dry_run": dry_run,
        "title": file.title,
        "operators": file.operators(),
        "licence": file.licence,
        "rights_holder": file.rights_holder,
        "stations": done.stations,
        "areas": done.areas,
    })))
}

async fn substation_history(
    State(state): State<AppState>,
    _who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let uuid = uuid::Uuid::parse_str(&id)
        .map_err(|_| Problem::not_found(format!("there is no substation with id {id:?}")))?;
    let changes: Vec<Value> = store::substations::history(&state.pool, uuid)
        .await?
        .into_iter()
        .map(|(version, by, at, fields)| {
            json!({"version": version, "changed_by": by, "changed_at": at, "changed_fields": fields})
        })
        .collect();
    Ok(Json(json!({"substation": uuid, "changes": changes})))
}

/// `GET /api/substations/{id}/figures` (public): the station's published figures over time,
/// oldest first, each with its licence.
async fn substation_figures(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let not_found = || Problem::not_found(format!("there is no substation with id {id:?}"));
    let uuid = uuid::Uuid::parse_str(&id).map_err(|_| not_found())?;
    let figures: Vec<Value> = store::substations::figures_over_time(&state.pool, uuid)
        .await?
        .into_iter()
        .map(|(f, licence)| json!({"figures": f, "licence": licence}))
        .collect();
    if figures.is_empty() {
        return Err(not_found());
    }
    Ok(Json(
        json!({"substation": uuid, "figures_over_time": figures}),
    ))
}

/// `POST /api/layers/{kind}/import?licence=…&as_of=YYYY-MM-DD[&source=…][&dry_run=true]
/// [&layer=table][&crs=…][&name_attribute=…][&class_attribute=…][&id_attribute=…]
/// [&link_attribute=…]` (admins): a reference layer, or a national dataset by name (`ar5`,
/// `naturvern`, `flomsone`, `skredfaresone`, `kvikkleire`, `kulturminner`, `elveg`, `nsr`).
/// The answer names the layers replaced and every area fact that changed.
async fn import_layer(
    State(state): State<AppState>,
    who: Principal,
    Path(kind): Path<String>,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, Problem> {
    who.must_be_admin("load reference layers")?;
    let q = ImportQuery::parse(raw);
    let param = |k: &str| q.get(k);
    let licence = param("licence")
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| {
            bad(
                "licence",
                "",
                "the data's licence is required",
                "e.g. NLOD 2.0",
            )
        })?;
    let as_of = q.date("as_of")?.ok_or_else(|| {
        bad(
            "as_of",
            "",
            "the date the data describes is required",
            "YYYY-MM-DD",
        )
    })?;
    let crs = q.crs()?;
    // (a kind without a default source and no `source` is refused by the import)
    let source = param("source")
        .or_else(|| layer_service::default_source(&kind).map(str::to_string))
        .unwrap_or_default();
    let provenance = Provenance {
        source,
        licence,
        as_of,
        demo: q.flag("demo"),
    };
    let names = layer_service::AttributeNames {
        name: param("name_attribute"),
        class: param("class_attribute"),
        reference: param("id_attribute"),
        link: param("link_attribute"),
    };
    let body = readable(body)?;
    let done = layer_service::import(
        &state.pool,
        &kind,
        &body,
        &names,
        param("layer").as_deref(),
        crs,
        &provenance,
        &who.username,
        q.flag("dry_run"),
    )
    .await
    .map_err(|e| match e {
        layer_service::LayerImportError::Invalid(issues) => Problem::invalid_data(issues),
        layer_service::LayerImportError::Store(e) => e.into(),
    })?;
    let layers: Vec<Value> = done
        .done
        .layers
        .iter()
        .map(|(kind, count)| json!({"kind": kind, "features": count}))
        .collect();
    Ok(Json(json!({
        "dataset": done.dataset,
        "layers": layers,
        "not_used": done.skipped,
        "areas": done.done.areas,
    })))
}

async fn list(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    let layers = store::layers::list(&state.pool).await?;
    Ok(Json(json!({"layers": layers})))
}

async fn features(
    State(state): State<AppState>,
    Path(kind): Path<String>,
) -> Result<Response, Problem> {
    let doc = store::layers::features(&state.pool, &kind)
        .await?
        .ok_or_else(|| {
            Problem::not_found(format!(
                "there is no layer {kind:?}; /api/layers lists them"
            ))
        })?;
    Ok(geojson(doc))
}

async fn substations(State(state): State<AppState>) -> Result<Response, Problem> {
    Ok(geojson(store::substations::geojson(&state.pool).await?))
}

fn geojson(doc: String) -> Response {
    let mut res = doc.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    res
}
