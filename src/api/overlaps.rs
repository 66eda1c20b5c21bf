//! `POST /api/areas/overlaps` — while a planner draws, which other current areas the
//! outline overlaps and by how much, so the editor can warn before saving (snapping can
//! glue a corner onto a neighbour). Body: `{"geometry": <GeoJSON Polygon or MultiPolygon
//! in CRS84>, "except": "<id of the area being edited>"}`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use uuid::Uuid;

use super::areas::readable;
use super::auth::Principal;
use super::problem::Problem;
use super::AppState;
use crate::domain::user::Role;
use crate::domain::{Issue, IssueType};
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/areas/overlaps", post(overlaps))
}

const ACCEPTED: &str = "{\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[lon, lat], …]]}, \"except\": \"<area id>\"}";

fn bad(field: &str, value: Option<String>, message: &str) -> Problem {
    Problem::invalid_data(vec![Issue::new(
        IssueType::InvalidValue,
        field,
        value,
        message,
        ACCEPTED,
    )])
}

async fn overlaps(
    State(state): State<AppState>,
    who: Principal,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, Problem> {
    if who.role == Role::Viewer {
        return Err(Problem::forbidden(
            "only planners and admins draw areas; viewers cannot",
        ));
    }
    let body = readable(body)?;
    let doc: Value =
        serde_json::from_slice(&body).map_err(|e| Problem::invalid_json(e, ACCEPTED))?;
    let geometry = doc.get("geometry").cloned().unwrap_or(Value::Null);
    serde_json::from_value::<geojson::Geometry>(geometry.clone())
        .map_err(|_| bad("geometry", Some(short(&geometry)), "not a GeoJSON geometry"))?;
    if !matches!(geometry["type"].as_str(), Some("Polygon" | "MultiPolygon")) {
        return Err(bad(
            "geometry",
            Some(short(&geometry)),
            "an outline is a Polygon or a MultiPolygon",
        ));
    }
    if !rings_are_closed_shapes(&geometry) {
        return Err(bad(
            "geometry",
            Some(short(&geometry)),
            "each ring needs at least 4 positions of longitude and latitude in degrees",
        ));
    }
    let except = match doc.get("except") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            Uuid::parse_str(s)
                .map_err(|_| bad("except", Some(s.clone()), "not an area id (a UUID)"))?,
        ),
        Some(other) => return Err(bad("except", Some(short(other)), "not an area id (a UUID)")),
    };
    let found = store::overlaps::find(&state.pool, &geometry.to_string(), except).await?;
    Ok(Json(json!({ "overlaps": found })))
}

/// Every ring has four or more positions, each a longitude and latitude in range (what
/// PostGIS needs to read it; validity itself is repaired by the store).
fn rings_are_closed_shapes(geometry: &Value) -> bool {
    let coordinates = &geometry["coordinates"];
    let polygons: Vec<&Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![coordinates],
        _ => coordinates
            .as_array()
            .map(|p| p.iter().collect())
            .unwrap_or_default(),
    };
    let rings: Vec<&Value> = polygons
        .iter()
        .flat_map(|p| {
            p.as_array()
                .map(|r| r.iter().collect())
                .unwrap_or_else(|| vec![&Value::Null])
        })
        .collect();
    !rings.is_empty() && rings.iter().all(|r| ring_is_readable(r))
}

fn ring_is_readable(ring: &Value) -> bool {
    let in_degrees = |p: &Value| {
        let (x, y) = (p[0].as_f64(), p[1].as_f64());
        x.is_some_and(|x| (-180.0..=180.0).contains(&x))
            && y.is_some_and(|y| (-90.0..=90.0).contains(&y))
    };
    ring.as_array()
        .is_some_and(|positions| positions.len() >= 4 && positions.iter().all(in_degrees))
}

fn short(v: &Value) -> String {
    v.to_string().chars().take(120).collect()
}
