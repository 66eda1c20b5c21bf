//! The OpenAPI 3.0 definition at `/ogc/api`, kept in `openapi.json` beside this file and
//! checked by a test against the routes the server answers.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::links::BaseUrl;

const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document(BaseUrl(base): BaseUrl) -> Response {
    let body = DOCUMENT.replace("{{BASE_URL}}", &base);
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.oai.openapi+json;version=3.0"),
    );
    res
}
