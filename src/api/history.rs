//! An area's history for signed-in users: every change, any earlier version, and
//! restoring one (as a new version).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use uuid::Uuid;

use super::areas::save;
use super::auth::Principal;
use super::problem::Problem;
use super::AppState;
use crate::domain::import::parse_feature;
use crate::domain::user::Role;
use crate::spatial::Crs;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/areas/{id}/history", get(list))
        .route("/api/areas/{id}/versions/{version}", get(version))
        .route("/api/areas/{id}/versions/{version}/restore", post(restore))
}

fn area_id(id: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(id).map_err(|_| Problem::not_found(format!("there is no area with id {id:?}")))
}

/// Every change, newest first.
async fn list(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let uuid = area_id(&id)?;
    let mut rows = store::areas::history(&state.pool, uuid).await?;
    // private fields' values only for planners and admins (viewers see that they changed)
    if !matches!(who.role, Role::Admin | Role::Planner) {
        for r in &mut rows {
            if let Some(values) = r.values.as_object_mut() {
                values.retain(|k, _| {
                    crate::domain::fields::field(k)
                        .is_none_or(|f| f.access != crate::domain::fields::Access::Private)
                });
            }
        }
    }
    if rows.is_empty() {
        return Err(Problem::not_found(format!(
            "there is no area with id {id:?}"
        )));
    }
    Ok(Json(json!({"area": uuid, "changes": rows})))
}

/// The area as it was at a version (CRS84 GeoJSON Feature). Owner names are for
/// planners and admins only.
async fn version(
    State(state): State<AppState>,
    who: Principal,
    Path((id, version)): Path<(String, i32)>,
) -> Result<Response, Problem> {
    let uuid = area_id(&id)?;
    let text = store::areas::feature_at_version(&state.pool, uuid, version)
        .await?
        .ok_or_else(|| Problem::not_found(format!("area {id} has no version {version}")))?;
    let mut feature: Value = serde_json::from_str(&text).map_err(|_| Problem::internal())?;
    if who.role == Role::Viewer {
        if let Some(p) = feature["properties"].as_object_mut() {
            p.remove("owner_name");
        }
    }
    let mut res = Json(feature).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/geo+json"),
    );
    Ok(res)
}

/// Make an earlier version current again, as a new version (`If-Match` as for any write).
async fn restore(
    State(state): State<AppState>,
    who: Principal,
    Path((id, version)): Path<(String, i32)>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let (state, who, id) = (&state, &who, &id);
    super::areas::edit(state, who, id, &headers, move |e| async move {
        let old = store::areas::stored_state_at_version(&state.pool, e.id, version)
            .await?
            .ok_or_else(|| {
                Problem::not_found(format!("area {id} has no earlier version {version}"))
            })?;
        let area = parse_feature(old.as_bytes(), Crs::Epsg25832, &state.codes)
            .map_err(Problem::invalid_data)?;
        save(state, who, &e, area, true, "restore").await
    })
    .await
}
