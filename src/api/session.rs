//! Signing in and out in the browser: a session cookie (HttpOnly, SameSite=Strict,
//! Secure over HTTPS) plus a CSRF token that cookie-authenticated writes must echo in
//! `X-CSRF-Token`. Failed sign-ins are throttled per username (and
//! per client address in `api::limits`); old attempts and ended sessions are deleted at
//! each sign-in.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::auth::{session_secret, Principal, SESSION_COOKIE};
use super::links::BaseUrl;
use super::problem::Problem;
use super::AppState;
use crate::domain::{token, user};
use crate::store::{self, sessions};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/session", get(current))
}

#[derive(Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    BaseUrl(base): BaseUrl,
    body: Result<Json<Credentials>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let Json(c) = body.map_err(|e| {
        Problem::bad_body(
            StatusCode::BAD_REQUEST,
            format!("send {{\"username\": …, \"password\": …}} as JSON ({e})"),
        )
    })?;
    let wrong = || Problem::unauthorized("wrong username or password");
    let username = user::parse_username(&c.username).map_err(|_| wrong())?;
    sessions::prune(&state.pool).await?;
    if sessions::recent_failures(&state.pool, &username).await? >= sessions::MAX_FAILURES {
        let mut res = Problem::too_many_attempts(sessions::THROTTLE_MINUTES).into_response();
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(sessions::THROTTLE_MINUTES as u32 * 60),
        );
        return Ok(res);
    }
    let stored = store::users::password_hash(&state.pool, &username).await?;
    let password = c.password;
    // argon2 is deliberately slow: keep it off the async workers
    let ok = tokio::task::spawn_blocking(move || {
        stored.is_some_and(|h| user::verify_password(&password, &h))
    })
    .await
    .map_err(|_| Problem::internal())?;
    sessions::record_attempt(&state.pool, &username, ok).await?;
    if !ok {
        return Err(wrong());
    }
    let (secret, digest) = token::generate();
    let (csrf, _) = token::generate();
    sessions::create(&state.pool, &username, &digest, &csrf).await?;
    let secure = if base.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{SESSION_COOKIE}={secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}",
        sessions::ABSOLUTE_HOURS * 3600
    );
    let mut res = Json(json!({"username": username, "csrf_token": csrf})).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| Problem::internal())?,
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Problem> {
    if let Some(secret) = session_secret(&headers) {
        sessions::delete(&state.pool, &token::digest(&secret)).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "arealbank_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
        ),
    );
    Ok(res)
}

/// Who is signed in, with the CSRF token the map sends with its writes.
async fn current(
    State(state): State<AppState>,
    headers: HeaderMap,
    who: Principal,
) -> Result<Response, Problem> {
    let csrf = match session_secret(&headers) {
        Some(secret) => sessions::principal(&state.pool, &token::digest(&secret))
            .await?
            .map(|(_, c)| c),
        None => None,
    };
    let mut res = Json(json!({
        "username": who.username,
        "role": who.role,
        "municipalities": who.municipalities,
        "csrf_token": csrf,
    }))
    .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
