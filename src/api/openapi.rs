//! The OpenAPI 3.0 definition at `/ogc/api`, kept in `openapi.json` beside this file and
//! checked by a test against the routes the server answers. The properties of an area are
//! not written there: they are made from the field table (`domain::fields`).

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use std::sync::LazyLock;

use serde_json::{json, Map, Value};

use super::links::BaseUrl;
use crate::domain::codes::vocabulary;
use crate::domain::fields::{Access, Kept, AREA_FIELDS};

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    include_str!("openapi.json").replace(
        "\"{{AREA_PROPERTIES}}\"",
        &Value::Object(area_properties()).to_string(),
    )
});

/// The JSON Schema of each property of an area's Feature.
fn area_properties() -> Map<String, Value> {
    AREA_FIELDS
        .iter()
        .filter(|f| f.kept != Kept::ExportOnly)
        .map(|f| {
            let (ty, format) = f.ty.json_schema();
            let mut about = vec![format!("{} / {}", f.labels.0, f.labels.1)];
            if !f.about.is_empty() {
                about.push(f.about.to_string());
            }
            if let Some(unit) = f.unit {
                about.push(format!("unit: {unit}"));
            }
            match f.access {
                Access::Public => {}
                Access::SignedIn => about.push("signed-in readers only".into()),
                Access::Private => about.push("planners and admins only".into()),
            }
            let mut schema = json!({"type": ty, "description": about.join(". ")});
            if let Some(format) = format {
                schema["format"] = json!(format);
            }
            if !f.required {
                schema["nullable"] = json!(true);
            }
            if let Some(codes) = f.codes.and_then(vocabulary) {
                if ty == "string" {
                    schema["enum"] = json!(codes.iter().map(|(c, _)| c).collect::<Vec<_>>());
                }
            }
            (f.name.to_string(), schema)
        })
        .collect()
}

pub async fn document(BaseUrl(base): BaseUrl) -> Response {
    let body = DOCUMENT.replace("{{BASE_URL}}", &base);
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.oai.openapi+json;version=3.0"),
    );
    res
}
