//! `GET /api/places?q=…`: finding a place to go to on the map — a coordinate typed as
//! latitude/longitude or UTM 32/33, the registry's areas and municipalities, and
//! Kartverket's N1000 place names (offline).

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::params::import::bad;
use super::problem::Problem;
use super::AppState;
use crate::domain::places::{coordinate, place_names};
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/places", get(find))
}

#[derive(Deserialize)]
struct Ask {
    #[serde(default)]
    q: String,
}

async fn find(
    State(state): State<AppState>,
    Query(ask): Query<Ask>,
) -> Result<Json<Value>, Problem> {
    let q = ask.q.trim();
    if q.chars().count() > 100 {
        return Err(bad(
            "q",
            q,
            "the text is too long",
            "at most 100 characters",
        ));
    }
    let mut places = Vec::new();
    if let Some(c) = coordinate(q) {
        places.push(c);
    }
    if q.chars().count() >= 2 {
        places.extend(store::places::find(&state.pool, q, 8).await?);
        places.extend(place_names(q, 8));
    }
    Ok(Json(json!({"q": q, "places": places,
        "attribution": "Stedsnavn: Kartverket N1000, CC BY 4.0"})))
}
