//! What a good HTTP server does for every answer: validators and conditional GETs
//! (`ETag`, `If-None-Match` → 304), a `Cache-Control` that lets shared caches keep
//! only public data, and CORS for the origins the operator allows.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Largest answer given a content validator (bigger ones are sent as they are).
const MAX_HASHED: usize = 64 * 1024 * 1024;

/// Give successful GET answers that have no validator of their own a weak ETag (a hash
/// of the body before compression) and answer a matching `If-None-Match` with 304.
/// Answers without a `Cache-Control` get `no-cache` (store, but revalidate); answers
/// marked `no-store` (private data) are left alone.
pub async fn conditional(req: Request, next: Next) -> Response {
    let get = req.method() == Method::GET || req.method() == Method::HEAD;
    let wanted = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let res = next.run(req).await;
    let private = res
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store"));
    if !get || res.status() != StatusCode::OK || private || res.headers().contains_key(header::ETAG)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_HASHED).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "answer too large to send",
        )
            .into_response();
    };
    // a fast non-cryptographic hash is enough to tell two answers apart (XXH3, 128 bits)
    let tag = format!("W/\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(&bytes));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    let matches = wanted.is_some_and(|w| {
        w.split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/") == tag.trim_start_matches("W/"))
    });
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// CORS for the configured origins (`*` for any); none configured → no CORS headers.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                Method::GET,
                Method::HEAD,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_MATCH,
                header::IF_NONE_MATCH,
                header::HeaderName::from_static("content-crs"),
            ])
            .expose_headers([
                header::ETAG,
                header::LOCATION,
                header::HeaderName::from_static("content-crs"),
                header::HeaderName::from_static("x-request-id"),
            ])
            .max_age(std::time::Duration::from_secs(3600)),
    )
}
