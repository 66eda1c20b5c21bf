//! Health and what the map needs to start: background map, demo notice, code lists and
//! the field table (the editor's form, labels and units come from it).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::problem::Problem;
use super::AppState;
use crate::domain::codes::{vocabulary, CodeLists, VOCABULARIES};
use crate::domain::fields::{Access, Field, Group, Source, AREA_FIELDS};
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .route("/metrics", get(super::observe::metrics))
        .route(
            "/api/csp-reports",
            axum::routing::post(super::security::report),
        )
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

/// `GET /health/live`: the process answers (restart it when this fails).
async fn live() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /health/ready`: 200 when the database answers and has every migration this
/// binary knows; 503 (problem+json) otherwise — send no traffic here yet.
async fn ready(State(state): State<AppState>) -> Result<Json<Value>, Problem> {
    match crate::db::pending_migrations(&state.pool).await {
        Ok(0) => Ok(Json(
            json!({"status": "ok", "database": "ok", "migrations": "current"}),
        )),
        Ok(n) => Err(Problem::unavailable(format!(
            "the database lacks {n} of this version's migrations; they are applied when arealbank starts (or by `arealbank migrate`)"
        ))),
        Err(e) => {
            tracing::error!(error = %e, "readiness check: database unreachable");
            Err(Problem::unavailable("the database cannot be reached"))
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
        "confirm_within_days": s.confirm_within_days(),
        "place_service": s.place_service_url.as_ref().map(|url| json!({"url": url, "name": "Kartverket (stedsnavn)"})),
        "fields": AREA_FIELDS.iter().map(field_json).collect::<Vec<_>>(),
        "field_groups": Group::ALL
            .iter()
            .map(|g| json!({"id": g.id(), "labels": {"nb": g.labels().0, "en": g.labels().1}}))
            .collect::<Vec<_>>(),
        "codes": codes(&state.codes),
    })))
}

/// Every code list with its labels: the small vocabularies and the national SOSI lists.
fn codes(national: &CodeLists) -> Value {
    let mut m = Map::new();
    for list in VOCABULARIES {
        let mut entries = Map::new();
        for (code, (nb, en)) in vocabulary(list).unwrap_or_default() {
            entries.insert(code.into(), json!({"nb": nb, "en": en}));
        }
        m.insert((*list).into(), Value::Object(entries));
    }
    m.insert("plan_type".into(), json!(national.plan_type));
    m.insert("plan_status".into(), json!(national.plan_status));
    m.insert("land_use".into(), json!(national.land_use));
    Value::Object(m)
}
/// A field of the field table as the map's editor, search and datasheet read it.
fn field_json(f: &Field) -> Value {
    let (ty, format) = f.ty.json_schema();
    json!({
        "name": f.name,
        "type": format.unwrap_or(ty),
        "unit": f.unit,
        "codes": f.codes,
        "access": match f.access {
            Access::Public => "public",
            Access::SignedIn => "signed_in",
            Access::Private => "private",
        },
        "source": match f.source {
            Source::Entered => "entered",
            Source::Computed => "computed",
            Source::Fact => "fact",
        },
        "labels": {"nb": f.labels.0, "en": f.labels.1},
        "required": f.required,
        "group": f.form.map(|(g, _)| g.id()),
        "input": f.form.map(|(_, i)| i.id()),
        "queryable": f.queryable,
    })
}
