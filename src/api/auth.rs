//! Who is asking: an API token (`Authorization: Bearer arb_…`, or HTTP Basic with the
//! token as the password, as GIS clients send a user name and password) or a browser
//! session cookie; cookie-authenticated writes must also send the session's `X-CSRF-Token`.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::response::Response;
use base64::Engine;

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
    /// How the request authenticated.
    pub credential: Credential,
}

impl Principal {
    /// Only an admin may `act` (e.g. "load plan data"): a 403 naming the account otherwise.
    pub fn must_be_admin(&self, act: &str) -> Result<(), Problem> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "{} may not {act}; an admin does",
                self.username
            )))
        }
    }
}

/// The kind of credentials a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// An API token (Bearer or Basic): scripts and GIS clients.
    Token,
    /// A browser session cookie.
    Session,
}

/// The credentials in the `Authorization` header.
enum Authorization<'a> {
    Bearer(&'a str),
    /// User name and password (the password being an API token).
    Basic(String, String),
    Malformed(&'static str),
}

fn authorization(headers: &HeaderMap) -> Option<Authorization<'_>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let Ok(value) = value.to_str() else {
        return Some(Authorization::Malformed(
            "the Authorization header is not readable text",
        ));
    };
    let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(Authorization::Bearer(rest.trim()));
    }
    if !scheme.eq_ignore_ascii_case("basic") {
        return Some(Authorization::Malformed(
            "the Authorization header must be `Bearer <token>` or `Basic <user:token in base64>`",
        ));
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    Some(match decoded.as_deref().and_then(|d| d.split_once(':')) {
        Some((user, password)) => Authorization::Basic(user.to_string(), password.to_string()),
        None => {
            Authorization::Malformed("the Basic credentials are not base64 of `username:token`")
        }
    })
}

impl<S> FromRequestParts<S> for Principal
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let unknown_token = || {
            Problem::unauthorized("the API token is unknown, revoked, or its account is disabled")
        };
        let (found, credential) = match authorization(&parts.headers) {
            Some(Authorization::Malformed(why)) => return Err(Problem::unauthorized(why)),
            Some(Authorization::Bearer(secret)) => (
                store::users::principal_for_token(&state.pool, &token::digest(secret))
                    .await?
                    .ok_or_else(unknown_token)?,
                Credential::Token,
            ),
            Some(Authorization::Basic(user, secret)) => {
                // the password of a GIS client's connection is an API token: one hash
                // check, never the account's password (argon2) on every request
                let found = store::users::principal_for_token(&state.pool, &token::digest(&secret))
                    .await?
                    .ok_or_else(|| {
                        Problem::unauthorized(
                            "the password must be an API token of the account (arealbank token add); the token is unknown, revoked, or its account is disabled",
                        )
                    })?;
                if !found.username.eq_ignore_ascii_case(user.trim()) {
                    return Err(Problem::unauthorized(format!(
                        "the API token does not belong to the user name {:?}",
                        user.trim()
                    )));
                }
                (found, Credential::Token)
            }
            None => match session_secret(&parts.headers) {
                Some(secret) => {
                    let (p, csrf) =
                        store::sessions::principal(&state.pool, &token::digest(&secret))
                            .await?
                            .ok_or_else(|| {
                                Problem::unauthorized("the session has ended; sign in again")
                            })?;
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
                    (p, Credential::Session)
                }
                None => {
                    return Err(Problem::unauthorized(
                        "sign in, or send an API token as `Authorization: Bearer <token>` or as the password of HTTP Basic (arealbank token add)",
                    ))
                }
            },
        };
        Ok(Principal {
            role: Role::parse(&found.role).ok_or_else(Problem::internal)?,
            user_id: found.user_id,
            username: found.username,
            municipalities: found.municipalities,
            credential,
        })
    }
}

/// The caller of a route anyone may use: `None` when no credentials were sent. A bad
/// `Authorization` header is an error (401: a GIS client must learn that its token is
/// wrong, not silently see less); a browser whose session has ended reads as anyone.
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Principal>);

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if !has_credentials(&parts.headers) {
            return Ok(Caller(None));
        }
        let explicit = parts.headers.contains_key(header::AUTHORIZATION);
        match Principal::from_request_parts(parts, state).await {
            Ok(p) => Ok(Caller(Some(p))),
            Err(e) if explicit || e.status != axum::http::StatusCode::UNAUTHORIZED => Err(e),
            Err(_) => Ok(Caller(None)),
        }
    }
}

/// Whether the request carries credentials of any kind.
pub fn has_credentials(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION) || session_secret(headers).is_some()
}

/// Answers that depend on who asks are never stored by shared caches: `private, no-store`
/// for a signed-in caller, `no-cache` otherwise; both vary by the credentials.
pub fn private(mut res: Response, who: &Option<Principal>) -> Response {
    let value = if who.is_some() {
        "private, no-store"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Authorization, Cookie"),
    );
    res
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
