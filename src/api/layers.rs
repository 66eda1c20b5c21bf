//! Reference layers for the map: the list with source, licence and date, each layer's
//! features, and the substations with their capacity figures. Public data.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::problem::Problem;
use super::AppState;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/layers", get(list))
        .route("/api/layers/{kind}", get(features))
        .route("/api/substations", get(substations))
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
