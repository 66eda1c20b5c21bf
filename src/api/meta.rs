//! Health and what the map needs to start: background map, demo notice, code lists.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::problem::Problem;
use super::AppState;
use crate::domain::codes::{
    Availability, DataQuality, Kind, LandControl, LandUseList, Readiness, Utility, UtilizationType,
};
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/api/config", get(config))
}

/// 200 when the database answers, 503 otherwise.
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match sqlx::query_scalar::<_, String>("select postgis_lib_version()")
        .fetch_one(&state.pool)
        .await
    {
        Ok(v) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "database": "ok", "postgis": v})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "database": "unreachable"})),
            )
        }
    }
}

/// Everything the map needs before it draws: settings, demo notice, labels.
async fn config(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    let demo = store::areas::demo_visible(&state.pool).await?;
    let attributions = store::municipalities::attributions(&state.pool).await?;
    let s = &state.settings;
    Ok(Json(json!({
        "basemap": {"url": s.basemap_url, "attribution": s.basemap_attribution},
        "data_attributions": attributions,
        "demo_data": demo,
        "tile_threshold": s.map_tile_threshold.unwrap_or(super::DEFAULT_TILE_THRESHOLD),
        "codes": {
            "kind": vocabulary(Kind::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "readiness": vocabulary(Readiness::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "availability": vocabulary(Availability::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "land_control": vocabulary(LandControl::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "data_quality": vocabulary(DataQuality::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "utility": vocabulary(Utility::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "utilization_type": vocabulary(UtilizationType::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "land_use_list": vocabulary(LandUseList::ALL.iter().map(|v| (v.as_str(), v.labels()))),
            "land_use_status": {
                "1": {"nb": "Nåværende", "en": "Current"},
                "2": {"nb": "Framtidig", "en": "Future"},
                "3": {"nb": "Videreutvikling av nåværende", "en": "Further development of current"},
            },
            "plan_type": &state.codes.plan_type,
            "plan_status": &state.codes.plan_status,
            "land_use": &state.codes.land_use,
        }
    })))
}

fn vocabulary<'a>(items: impl Iterator<Item = (&'a str, (&'a str, &'a str))>) -> Value {
    let mut m = Map::new();
    for (code, (nb, en)) in items {
        m.insert(code.into(), json!({"nb": nb, "en": en}));
    }
    Value::Object(m)
}
