//! Who is asking: API tokens sent as `Authorization: Bearer arb_…`.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

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
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| Problem::unauthorized("this needs an API token: send `Authorization: Bearer <token>` (arealbank token add)"))?;
        let found = store::users::principal_for_token(&state.pool, &token::digest(secret)).await?;
        let p = found.ok_or_else(|| {
            Problem::unauthorized("the API token is unknown, revoked, or its account is disabled")
        })?;
        Ok(Principal {
            role: Role::parse(&p.role).ok_or_else(Problem::internal)?,
            user_id: p.user_id,
            username: p.username,
            municipalities: p.municipalities,
        })
    }
}
