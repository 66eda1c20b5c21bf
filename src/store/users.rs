//! Accounts and the municipalities planners are assigned to.

use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};
use crate::domain::user::NewUser;

/// An account as listed (never with its password hash).
#[derive(Debug, Clone, Serialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub municipalities: Vec<String>,
    pub disabled: bool,
}

/// Store a new account; a taken username or an unknown municipality is refused.
pub async fn add(pool: &PgPool, user: &NewUser) -> Result<Uuid, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting to add a user"))?;
    let id = sqlx::query_scalar!(
        "insert into app_user (username, display_name, role, password_hash) values ($1, $2, $3, $4) returning id",
        user.username,
        user.display_name,
        user.role.as_str(),
        user.password_hash
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match constraint(&e).as_deref() {
        Some("app_user_username_unique") => StoreError::Conflict(format!("the username {:?} is taken", user.username)),
        _ => StoreError::Database { doing: "adding a user", source: e },
    })?;
    let inserted = sqlx::query!(
        "insert into app_user_municipality (user_id, municipality)
         select $1, m.number from municipality m where m.number = any($2)",
        id,
        &user.municipalities
    )
    .execute(&mut *tx)
    .await
    .map_err(doing("assigning municipalities"))?;
    if inserted.rows_affected() as usize != user.municipalities.len() {
        return Err(StoreError::NotFound(format!(
            "one of the municipalities {} is not registered in arealbank",
            user.municipalities.join(", ")
        )));
    }
    tx.commit()
        .await
        .map_err(doing("committing the new user"))?;
    Ok(id)
}

/// Every account, by username.
pub async fn list(pool: &PgPool) -> Result<Vec<UserSummary>, StoreError> {
    sqlx::query_as!(
        UserSummary,
        r#"select u.id, u.username, u.display_name, u.role,
                  coalesce(array_agg(m.municipality order by m.municipality)
                           filter (where m.municipality is not null), '{}') as "municipalities!",
                  u.disabled_at is not null as "disabled!"
           from app_user u left join app_user_municipality m on m.user_id = u.id
           group by u.id order by u.username"#
    )
    .fetch_all(pool)
    .await
    .map_err(doing("listing users"))
}

/// Disable (or enable again) an account.
pub async fn set_disabled(pool: &PgPool, username: &str, disabled: bool) -> Result<(), StoreError> {
    let done = sqlx::query!(
        "update app_user set disabled_at = case when $2 then coalesce(disabled_at, now()) end where username = $1",
        username,
        disabled
    )
    .execute(pool)
    .await
    .map_err(doing("disabling a user"))?;
    found(done.rows_affected(), username)
}

/// Replace an account's password hash.
pub async fn set_password_hash(
    pool: &PgPool,
    username: &str,
    hash: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query!(
        "update app_user set password_hash = $2 where username = $1",
        username,
        hash
    )
    .execute(pool)
    .await
    .map_err(doing("changing a password"))?;
    found(done.rows_affected(), username)
}

/// The stored hash of an enabled account, for signing in.
pub async fn password_hash(pool: &PgPool, username: &str) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        "select password_hash from app_user where username = $1 and disabled_at is null",
        username
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading a password hash"))
}

fn found(rows: u64, username: &str) -> Result<(), StoreError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!(
            "there is no user {username:?}"
        )))
    }
}

fn constraint(e: &sqlx::Error) -> Option<String> {
    e.as_database_error()
        .and_then(|d| d.constraint())
        .map(str::to_string)
}

/// Who a request acts for: an enabled account found by its API token.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: Uuid,
    pub username: String,
    pub role: String,
    pub municipalities: Vec<String>,
}

/// Store a token digest for an account; the name is unique per account.
pub async fn add_token(
    pool: &PgPool,
    username: &str,
    name: &str,
    digest: &[u8; 32],
) -> Result<(), StoreError> {
    let done = sqlx::query!(
        "insert into api_token (user_id, name, token_sha256)
         select id, $2, $3 from app_user where username = $1",
        username,
        name,
        &digest[..]
    )
    .execute(pool)
    .await
    .map_err(|e| match constraint(&e).as_deref() {
        Some("api_token_name_unique") => {
            StoreError::Conflict(format!("{username} already has a token named {name:?}"))
        }
        _ => StoreError::Database {
            doing: "adding a token",
            source: e,
        },
    })?;
    found(done.rows_affected(), username)
}

/// Revoke a named token.
pub async fn revoke_token(pool: &PgPool, username: &str, name: &str) -> Result<(), StoreError> {
    let done = sqlx::query!(
        "update api_token t set revoked_at = coalesce(t.revoked_at, now())
         from app_user u where u.id = t.user_id and u.username = $1 and t.name = $2",
        username,
        name
    )
    .execute(pool)
    .await
    .map_err(doing("revoking a token"))?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!(
            "{username} has no token named {name:?}"
        )))
    }
}

/// The account behind a live token (enabled user, token not revoked), noting its use.
pub async fn principal_for_token(
    pool: &PgPool,
    digest: &[u8; 32],
) -> Result<Option<Principal>, StoreError> {
    sqlx::query_as!(
        Principal,
        r#"with used as (
               update api_token t set last_used_at = now()
               from app_user u
               where t.token_sha256 = $1 and t.revoked_at is null
                 and u.id = t.user_id and u.disabled_at is null
               returning u.id, u.username, u.role)
           select used.id as "user_id!", used.username as "username!", used.role as "role!",
                  coalesce((select array_agg(m.municipality order by m.municipality)
                            from app_user_municipality m where m.user_id = used.id), '{}') as "municipalities!"
           from used"#,
        &digest[..]
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("checking an API token"))
}
