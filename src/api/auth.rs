//! Who is asking: an API token (`Authorization: Bearer arb_…`) or a browser session
//! cookie; cookie-authenticated writes must also send the session's `X-CSRF-Token`.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};

use super::problem::Problem;
use super::AppState;
use crate::domain::token;
use crate::domain::user::Role;
use crate::store;

/// An authenticated account.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: uuid::Uuid,
    pub username: String,
    pub role: Role,
    pub municipalities: Vec<String>,
}

impl<S> FromRequestParts<S> for Principal
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let found = if let Some(secret) = bearer {
            store::users::principal_for_token(&state.pool, &token::digest(secret))
                .await?
                .ok_or_else(|| {
                    Problem::unauthorized(
                        "the API token is unknown, revoked, or its account is disabled",
                    )
                })?
        } else if let Some(secret) = session_secret(&parts.headers) {
            let (p, csrf) = store::sessions::principal(&state.pool, &token::digest(&secret))
                .await?
                .ok_or_else(|| Problem::unauthorized("the session has ended; sign in again"))?;
            let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            let echoed = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok());
            if !safe && echoed != Some(csrf.as_str()) {
                return Err(Problem::forbidden(
                    "a change from the browser must send the session's X-CSRF-Token",
                ));
            }
            p
        } else {
            return Err(Problem::unauthorized(
                "sign in, or send an API token as `Authorization: Bearer <token>` (arealbank token add)",
            ));
        };
        Ok(Principal {
            role: Role::parse(&found.role).ok_or_else(Problem::internal)?,
            user_id: found.user_id,
            username: found.username,
            municipalities: found.municipalities,
        })
    }
}

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "arealbank_session";

/// The session secret from the request's cookies.
pub fn session_secret(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}
