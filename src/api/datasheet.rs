//! `/areas/{id}/datasheet`: the printable datasheet (prospektark) of a published area.
//! The page itself is static; it reads the area through the public API, so it shows
//! exactly what the public may see.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use uuid::Uuid;

use super::problem::Problem;
use super::AppState;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/areas/{id}/datasheet", get(datasheet))
}

async fn datasheet(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let public = match Uuid::parse_str(&id) {
        Ok(id) => !store::search::features(&state.pool, &[id])
            .await?
            .is_empty(),
        Err(_) => false,
    };
    if !public {
        return Ok(not_found());
    }
    Ok(super::assets::page("datasheet.html", &headers))
}

/// A page a person can read (this address is opened in browsers, not by API clients).
fn not_found() -> Response {
    not_found_page(
        "Fant ikke området",
        "Området finnes ikke, eller det er ikke publisert. \
         <em>The area does not exist or is not published.</em>",
    )
}

/// A 404 page in HTML with a title and a (trusted, static) explanation.
pub(super) fn not_found_page(title: &str, explanation: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"nb\"><meta charset=\"utf-8\"><title>{title}</title>\
         <body style=\"font-family:system-ui;margin:3rem\"><h1>{title}</h1>\
         <p>{explanation}</p><p><a href=\"/\">Til kartet / To the map</a></p></body></html>"
    );
    let mut res = (StatusCode::NOT_FOUND, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}
