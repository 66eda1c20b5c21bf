//! Places in the registry's own data by name: public areas (name or reference) and
//! municipalities (name or number), each with a point to go to.

use sqlx::PgPool;

use super::{doing, StoreError};
use crate::domain::places::Place;

/// Public areas and municipalities whose name (or reference, number) contains `q`.
pub async fn find(pool: &PgPool, q: &str, limit: i64) -> Result<Vec<Place>, StoreError> {
    let pattern = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows = sqlx::query_as::<_, (String, String, Option<String>, f64, f64, Option<String>)>(
        "(select 'area', a.name, a.reference,
                 st_x(st_transform(st_pointonsurface(a.geom), 4326)),
                 st_y(st_transform(st_pointonsurface(a.geom), 4326)), a.id::text
          from area_visible a
          where a.name ilike $1 or a.reference ilike $1
          order by a.name limit $2)
         union all
         (select 'municipality', m.name, m.number,
                 st_x(st_transform(st_pointonsurface(m.geom), 4326)),
                 st_y(st_transform(st_pointonsurface(m.geom), 4326)), null
          from municipality m
          where m.name ilike $1 or m.number like $1
          order by m.name limit $2)",
    )
    .bind(&pattern)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map_err(doing("finding places"))?;
    Ok(rows
        .into_iter()
        .map(|(kind, name, detail, lon, lat, id)| Place {
            name,
            kind: if kind == "area" {
                "area"
            } else {
                "municipality"
            },
            detail,
            lon,
            lat,
            id,
        })
        .collect())
}
