//! Which current areas an outline being drawn overlaps, and by how much (m² in
//! EPSG:25832); an outline that is not valid is made valid first, so a half-drawn shape
//! never fails the check.

use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Overlap {
    pub id: Uuid,
    pub reference: String,
    pub name: String,
    pub m2: f64,
}

/// Areas that `geojson` (a CRS84 Polygon or MultiPolygon) overlaps by at least 1 m²,
/// the largest overlap first; `except` is the area being edited.
pub async fn find(
    pool: &PgPool,
    geojson: &str,
    except: Option<Uuid>,
) -> Result<Vec<Overlap>, StoreError> {
    sqlx::query_as::<_, Overlap>(
        "with drawn as (
             select st_makevalid(st_transform(st_setsrid(st_geomfromgeojson($1), 4326), 25832)) as g)
         select a.id, a.reference, a.name, st_area(st_intersection(a.geom, d.g)) as m2
         from area a, drawn d
         where area_is_current(a.end_date) and a.geom && d.g and st_intersects(a.geom, d.g)
           and a.id is distinct from $2
           and st_area(st_intersection(a.geom, d.g)) >= 1
         order by 4 desc
         limit 20",
    )
    .bind(geojson)
    .bind(except)
    .fetch_all(pool)
    .await
    .map_err(doing("finding the areas an outline overlaps"))
}
