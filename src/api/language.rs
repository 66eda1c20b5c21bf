//! The language of what the server says to a person: bokmål for the map's Norwegian UI
//! (its `arealbank_lang` cookie) and for clients whose `Accept-Language` puts Norwegian
//! first (nb, no, nn); English otherwise. Problem answers are written in English where they
//! arise and put into bokmål here, from `domain::messages`, every title, detail and issue.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use crate::domain::messages::bokmal;

/// Whether the request wants bokmål.
pub fn wants_bokmal(headers: &HeaderMap) -> bool {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("arealbank_lang=").map(str::to_string));
    if let Some(lang) = cookie {
        return lang == "nb";
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|first| {
            first
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|tag| {
            let primary = tag.split('-').next().unwrap_or("");
            matches!(primary, "nb" | "no" | "nn")
        })
}

fn translate(v: &mut Value, key: &str) {
    if let Some(text) = v.get(key).and_then(Value::as_str) {
        if let Some(nb) = bokmal(text) {
            v[key] = Value::String(nb);
        }
    }
}

/// Problems in bokmål for those who want it (the handlers' problems; `http::problems` puts
/// the ones it writes itself into bokmål with [`in_bokmal`]).
pub async fn problems_in_bokmal(req: Request, next: Next) -> Response {
    let nb = wants_bokmal(req.headers());
    let res = next.run(req).await;
    if nb {
        in_bokmal(res).await
    } else {
        res
    }
}

/// A problem answer with its texts in bokmål (other answers as they are).
pub async fn in_bokmal(res: Response) -> Response {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !is_problem || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    translate(&mut doc, "title");
    translate(&mut doc, "detail");
    for list in ["issues", "invalid-params"] {
        for item in doc
            .get_mut(list)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            translate(item, "message");
            translate(item, "accepted");
        }
    }
    let body = serde_json::to_vec(&doc).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_LANGUAGE, HeaderValue::from_static("nb"));
    Response::from_parts(parts, Body::from(body))
}
