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
    if !get || res.status() != StatusCode::OK || private {
        return res;
    }
    if let Some(own) = res
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
    {
        // an answer with a validator of its own (an item's version)
        if wanted.as_deref().is_some_and(|w| tag_matches(w, own)) {
            let (mut parts, _) = res.into_parts();
            parts.status = StatusCode::NOT_MODIFIED;
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, Body::empty());
        }
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
    let matches = wanted.is_some_and(|w| tag_matches(&w, &tag));
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether `If-None-Match: wanted` matches `tag` (weak comparison, RFC 9110 §13.1.2).
fn tag_matches(wanted: &str, tag: &str) -> bool {
    wanted
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == tag.trim_start_matches("W/"))
}

/// Every error is problem+json: answers of other layers (405 with its `Allow`, the
/// timeout's 503, an extractor's plain-text rejection) get a problem body with their
/// text as the detail; their headers are kept.
pub async fn problems(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let nb = super::language::wants_bokmal(req.headers());
    let res = next.run(req).await;
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .ok()
        .filter(|_| !parts.headers.contains_key(header::CONTENT_ENCODING))
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let detail = match status {
        // the router adds `Allow` after the layers have run, so it is named, not quoted
        StatusCode::METHOD_NOT_ALLOWED => format!(
            "this address does not take {method}; the Allow header lists the methods it takes"
        ),
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::REQUEST_TIMEOUT if text.is_empty() => {
            "the request took too long and was stopped; nothing was changed — try again, or ask for less (a smaller limit or bbox)".to_string()
        }
        _ if text.is_empty() => status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_string(),
        _ => text,
    };
    let mut problem = super::problem::Problem::from_status(status, detail);
    if status == StatusCode::SERVICE_UNAVAILABLE && !parts.headers.contains_key(header::RETRY_AFTER)
    {
        problem.retry_after = Some(5);
    }
    let fresh = problem.into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    let (fresh_parts, body) = fresh.into_parts();
    for (name, value) in &fresh_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    let res = Response::from_parts(parts, body);
    if nb {
        super::language::in_bokmal(res).await
    } else {
        res
    }
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
