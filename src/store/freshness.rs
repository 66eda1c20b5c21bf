//! Areas due for confirmation: current areas of the given municipalities whose facts
//! nobody has confirmed within the configured number of days (or ever).

use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Due {
    pub id: Uuid,
    pub reference: String,
    pub name: String,
    pub municipality: String,
    pub published: bool,
    /// The version confirmed (sent back as If-Match).
    pub version: i32,
    pub last_confirmed: Option<chrono::NaiveDate>,
    /// Days since the last confirmation (`None`: never confirmed).
    pub days_since: Option<i32>,
}

/// Due areas, the longest unconfirmed first; `municipalities: None` means every one.
pub async fn due(
    pool: &PgPool,
    municipalities: Option<&[String]>,
    within_days: u32,
) -> Result<Vec<Due>, StoreError> {
    sqlx::query_as::<_, Due>(
        "select id, reference, name, municipality, published, version, last_confirmed,
                (current_date - last_confirmed)::int as days_since
         from area
         where area_is_current(end_date)
           and ($1::text[] is null or municipality = any($1))
           and (last_confirmed is null or last_confirmed < current_date - $2::int)
         order by last_confirmed nulls first, municipality, reference",
    )
    .bind(municipalities)
    .bind(i32::try_from(within_days).unwrap_or(i32::MAX))
    .persistent(false) // planned for its filter: db::tuned
    .fetch_all(pool)
    .await
    .map_err(doing("listing the areas due for confirmation"))
}
