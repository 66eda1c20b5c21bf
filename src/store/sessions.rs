//! Browser sessions and sign-in attempts.

use sqlx::PgPool;

use super::users::Principal;
use super::{doing, StoreError};

/// A session ends after this long without use.
pub const IDLE_MINUTES: i32 = 30;
/// A session ends this long after sign-in, used or not.
pub const ABSOLUTE_HOURS: i32 = 12;
/// Failed sign-ins per username allowed within [`THROTTLE_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_MINUTES: i32 = 15;

/// Recent failed attempts for a username.
pub async fn recent_failures(pool: &PgPool, username: &str) -> Result<i64, StoreError> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from login_attempt
           where username = $1 and not succeeded
             and attempted_at > now() - make_interval(mins => $2)"#,
        username,
        THROTTLE_MINUTES
    )
    .fetch_one(pool)
    .await
    .map_err(doing("counting sign-in attempts"))
}

/// Sign-in attempts are kept this long (the throttle reads only the last minutes).
pub const KEEP_ATTEMPTS_HOURS: i32 = 24;

/// Delete sign-in attempts older than [`KEEP_ATTEMPTS_HOURS`] and sessions that have
/// ended; returns how many rows went. Run at every sign-in.
pub async fn prune(pool: &PgPool) -> Result<u64, StoreError> {
    let attempts = sqlx::query(
        "delete from login_attempt where attempted_at < now() - make_interval(hours => $1)",
    )
    .bind(KEEP_ATTEMPTS_HOURS)
    .execute(pool)
    .await
    .map_err(doing("deleting old sign-in attempts"))?;
    let sessions = sqlx::query(
        "delete from user_session
         where expires_at < now() or last_seen_at < now() - make_interval(mins => $1)",
    )
    .bind(IDLE_MINUTES)
    .execute(pool)
    .await
    .map_err(doing("deleting ended sessions"))?;
    Ok(attempts.rows_affected() + sessions.rows_affected())
}

pub async fn record_attempt(
    pool: &PgPool,
    username: &str,
    succeeded: bool,
) -> Result<(), StoreError> {
    sqlx::query!(
        "insert into login_attempt (username, succeeded) values ($1, $2)",
        username,
        succeeded
    )
    .execute(pool)
    .await
    .map_err(doing("recording a sign-in attempt"))?;
    Ok(())
}

/// Start a session for an enabled account.
pub async fn create(
    pool: &PgPool,
    username: &str,
    digest: &[u8; 32],
    csrf: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query!(
        "insert into user_session (token_sha256, user_id, csrf_token, expires_at)
         select $2, id, $3, now() + make_interval(hours => $4) from app_user
         where username = $1 and disabled_at is null",
        username,
        &digest[..],
        csrf,
        ABSOLUTE_HOURS
    )
    .execute(pool)
    .await
    .map_err(doing("starting a session"))?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound(format!(
            "there is no enabled user {username:?}"
        )))
    }
}

/// The account and CSRF token of a live session, noting its use; expired sessions are
/// removed on the way.
pub async fn principal(
    pool: &PgPool,
    digest: &[u8; 32],
) -> Result<Option<(Principal, String)>, StoreError> {
    let row = sqlx::query!(
        r#"with live as (
               update user_session s set last_seen_at = now()
               from app_user u
               where s.token_sha256 = $1 and u.id = s.user_id and u.disabled_at is null
                 and s.expires_at > now()
                 and s.last_seen_at > now() - make_interval(mins => $2)
               returning u.id, u.username, u.role, s.csrf_token)
           select live.id as "user_id!", live.username as "username!", live.role as "role!",
                  live.csrf_token as "csrf!",
                  coalesce((select array_agg(m.municipality order by m.municipality)
                            from app_user_municipality m where m.user_id = live.id), '{}') as "municipalities!"
           from live"#,
        &digest[..],
        IDLE_MINUTES
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("checking a session"))?;
    if row.is_none() {
        sqlx::query!(
            "delete from user_session where token_sha256 = $1",
            &digest[..]
        )
        .execute(pool)
        .await
        .map_err(doing("removing an expired session"))?;
    }
    Ok(row.map(|r| {
        (
            Principal {
                user_id: r.user_id,
                username: r.username,
                role: r.role,
                municipalities: r.municipalities,
            },
            r.csrf,
        )
    }))
}

/// End a session.
pub async fn delete(pool: &PgPool, digest: &[u8; 32]) -> Result<(), StoreError> {
    sqlx::query!(
        "delete from user_session where token_sha256 = $1",
        &digest[..]
    )
    .execute(pool)
    .await
    .map_err(doing("ending a session"))?;
    Ok(())
}
