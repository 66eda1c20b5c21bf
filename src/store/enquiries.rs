//! Enquiries about areas: stored with the area's municipality (only when the area is
//! public), limited per e-mail address and per area within an hour, listed for the
//! municipality's planners, marked handled.

use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};
use crate::domain::enquiry::{NewEnquiry, PER_AREA_PER_HOUR, PER_EMAIL_PER_HOUR};

/// What storing an enquiry came to.
pub enum Stored {
    Saved(Uuid),
    /// No public area with this id.
    NoArea,
    /// Too many within the hour; the minutes until the oldest counted one is an hour old.
    TooManyFromEmail(i32),
    TooManyAboutArea(i32),
}

pub async fn add(pool: &PgPool, area: Uuid, e: &NewEnquiry) -> Result<Stored, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a transaction"))?;
    // one writer at a time, so two requests cannot both pass the limit
    sqlx::query("lock table enquiry in share row exclusive mode")
        .execute(&mut *tx)
        .await
        .map_err(doing("locking the enquiries"))?;
    let municipality: Option<String> = sqlx::query_scalar(
        "select municipality from area where id = $1 and area_is_public(published, end_date)",
    )
    .bind(area)
    .fetch_optional(&mut *tx)
    .await
    .map_err(doing("finding the area of an enquiry"))?;
    let Some(municipality) = municipality else {
        return Ok(Stored::NoArea);
    };
    let (by_email, email_wait, by_area, area_wait): (i64, i32, i64, i32) = sqlx::query_as(
        "select count(*) filter (where lower(email) = lower($1)),
                coalesce(ceil(extract(epoch from (min(created_at) filter (where lower(email) = lower($1))
                    + interval '1 hour' - now())) / 60)::int, 0),
                count(*) filter (where area_id = $2),
                coalesce(ceil(extract(epoch from (min(created_at) filter (where area_id = $2)
                    + interval '1 hour' - now())) / 60)::int, 0)
         from enquiry where created_at > now() - interval '1 hour'",
    )
    .bind(&e.email)
    .bind(area)
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("counting recent enquiries"))?;
    if by_email >= PER_EMAIL_PER_HOUR {
        return Ok(Stored::TooManyFromEmail(email_wait.max(1)));
    }
    if by_area >= PER_AREA_PER_HOUR {
        return Ok(Stored::TooManyAboutArea(area_wait.max(1)));
    }
    let id: Uuid = sqlx::query_scalar(
        "insert into enquiry (area_id, municipality, name, company, email, need, message)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(area)
    .bind(&municipality)
    .bind(&e.name)
    .bind(&e.company)
    .bind(&e.email)
    .bind(&e.need)
    .bind(&e.message)
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("storing an enquiry"))?;
    tx.commit().await.map_err(doing("storing an enquiry"))?;
    Ok(Stored::Saved(id))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Enquiry {
    pub id: Uuid,
    pub area_id: Uuid,
    pub area_name: String,
    pub area_reference: String,
    pub municipality: String,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub need: Option<String>,
    pub message: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub handled_at: Option<chrono::DateTime<chrono::Utc>>,
    pub handled_by: Option<String>,
}

const SELECT: &str = "select q.id, q.area_id, a.name as area_name, a.reference as area_reference,
        q.municipality, q.name, q.company, q.email, q.need, q.message, q.created_at,
        q.handled_at, q.handled_by
     from enquiry q join area a on a.id = q.area_id";

/// Enquiries of these municipalities (`None`: all), unhandled first, newest first.
pub async fn list(
    pool: &PgPool,
    municipalities: Option<&[String]>,
) -> Result<Vec<Enquiry>, StoreError> {
    sqlx::query_as::<_, Enquiry>(&format!(
        "{SELECT} where ($1::text[] is null or q.municipality = any($1))
         order by q.handled_at is not null, q.created_at desc limit 500"
    ))
    .bind(municipalities)
    .persistent(false) // planned for its filter: db::tuned
    .fetch_all(pool)
    .await
    .map_err(doing("listing enquiries"))
}

/// Mark handled (or not); `None` when there is no such enquiry in these municipalities.
pub async fn set_handled(
    pool: &PgPool,
    id: Uuid,
    municipalities: Option<&[String]>,
    handled: bool,
    by: &str,
) -> Result<Option<Enquiry>, StoreError> {
    let done: Option<Uuid> = sqlx::query_scalar(
        "update enquiry set handled_at = case when $3 then coalesce(handled_at, now()) end,
                            handled_by = case when $3 then coalesce(handled_by, $4) end
         where id = $1 and ($2::text[] is null or municipality = any($2)) returning id",
    )
    .bind(id)
    .bind(municipalities)
    .bind(handled)
    .bind(by)
    .fetch_optional(pool)
    .await
    .map_err(doing("marking an enquiry"))?;
    let Some(id) = done else { return Ok(None) };
    sqlx::query_as::<_, Enquiry>(&format!("{SELECT} where q.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(doing("reading an enquiry"))
}
