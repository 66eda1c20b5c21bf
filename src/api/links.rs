//! Absolute URLs for `links`: the configured public URL, or the request's own address
//! (honouring `X-Forwarded-Proto` and `X-Forwarded-Host` from a reverse proxy).

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

/// The media types and CRS the OGC API's links and answers name.
pub(super) const GEOJSON: &str = "application/geo+json";
pub(super) const JSON: &str = "application/json";
pub(super) const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

use super::AppState;

/// The base URL the client used, without a trailing slash.
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl<S> FromRequestParts<S> for BaseUrl
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        if let Some(url) = &state.settings.public_url {
            return Ok(BaseUrl(url.trim_end_matches('/').to_string()));
        }
        Ok(BaseUrl(from_headers(&parts.headers)))
    }
}

fn from_headers(headers: &HeaderMap) -> String {
    let first = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let proto = match first("x-forwarded-proto") {
        Some("https") => "https",
        _ => "http",
    };
    // only characters a host may contain: nothing from a header can break out of a link
    let host = first("x-forwarded-host")
        .or_else(|| first("host"))
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("{proto}://{host}")
}

/// A link object.
pub fn link(href: String, rel: &str, kind: &str, title: &str) -> serde_json::Value {
    serde_json::json!({"href": href, "rel": rel, "type": kind, "title": title})
}
