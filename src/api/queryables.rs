//! `/ogc/collections/areas/queryables` and `/sortables` (Part 3): the properties a filter
//! and `sortby` may name, as a JSON Schema.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::links::BaseUrl;
use crate::domain::filter::{QType, QUERYABLES};

pub async fn queryables(BaseUrl(base): BaseUrl) -> Response {
    schema(&base, "queryables", true)
}

pub async fn sortables(BaseUrl(base): BaseUrl) -> Response {
    schema(&base, "sortables", false)
}

fn schema(base: &str, what: &str, with_geometry: bool) -> Response {
    let mut properties = Map::new();
    for q in QUERYABLES.iter() {
        let t = match q.qtype {
            QType::Text => json!({"type": "string"}),
            QType::Number => json!({"type": "number"}),
            QType::Integer => json!({"type": "integer"}),
            QType::Boolean => json!({"type": "boolean"}),
            QType::Date => json!({"type": "string", "format": "date"}),
            QType::Timestamp => json!({"type": "string", "format": "date-time"}),
            QType::Geometry if with_geometry => json!({
                "format": "geometry-multipolygon",
                "$ref": "https://geojson.org/schema/MultiPolygon.json",
                "x-ogc-role": "primary-geometry"
            }),
            QType::Geometry => continue,
        };
        let mut t = t;
        t["title"] = json!(q.title);
        if let Some(unit) = q.unit {
            t["x-ogc-unit"] = json!(unit);
        }
        properties.insert(q.name.to_string(), t);
    }
    let body = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{base}/ogc/collections/areas/{what}"),
        "type": "object",
        "title": "Næringsarealer / Business land",
        "properties": Value::Object(properties),
        "additionalProperties": false,
    });
    let mut res = axum::Json(body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/schema+json"),
    );
    res
}
