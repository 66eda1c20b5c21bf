//! Freshness: `POST /api/areas/{id}/confirm` records that a planner has checked that an
//! area's facts still hold (last_confirmed = today, an action of its own in the
//! history); `GET /api/areas/due` lists the caller's areas not confirmed within the
//! configured days (`--confirm-within-days`), the longest unconfirmed first.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::areas::{edit, save};
use super::auth::Principal;
use super::problem::Problem;
use super::AppState;
use crate::domain::import::parse_feature;
use crate::domain::user::Role;
use crate::spatial::Crs;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/areas/due", get(due))
        .route("/api/areas/{id}/confirm", post(confirm))
}

async fn confirm(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let (state, who) = (&state, &who);
    let today = chrono::Utc::now().date_naive().to_string();
    let today = &today;
    edit(state, who, &id, &headers, move |e| async move {
        let mut merged = e.current.clone();
        merged["properties"]["last_confirmed"] = today.clone().into();
        let area = parse_feature(merged.to_string().as_bytes(), Crs::Crs84, &state.codes)
            .map_err(Problem::invalid_data)?;
        save(state, who, &e, area, false, "confirm").await
    })
    .await
}

async fn due(State(state): State<AppState>, who: Principal) -> Result<Json<Value>, Problem> {
    let days = state.settings.confirm_within_days();
    let areas = match who.role {
        Role::Admin => store::freshness::due(&state.pool, None, days).await?,
        Role::Planner => {
            store::freshness::due(&state.pool, Some(&who.municipalities), days).await?
        }
        Role::Viewer => {
            return Err(Problem::forbidden(
                "only planners and admins confirm areas; viewers cannot",
            ))
        }
    };
    Ok(Json(json!({"confirm_within_days": days, "areas": areas})))
}
