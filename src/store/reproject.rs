//! Coordinates of the small collections (kept as CRS84 GeoJSON documents) in another CRS
//! of OGC API – Features Part 2, transformed by PostGIS.

use sqlx::PgPool;

use super::{doing, StoreError};
use crate::spatial::Crs;

/// Each GeoJSON geometry (CRS84) in `crs`, in order; EPSG:4258 latitude first as it
/// defines, metres to the centimetre, degrees to 7 decimals.
pub async fn geometries(
    pool: &PgPool,
    geometries: &[String],
    crs: Crs,
) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar::<_, String>(
        r#"select ST_AsGeoJSON(case when $2 = 4258
                                    then ST_FlipCoordinates(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), 4258))
                                    else ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326), $2) end,
                               case when $2 in (4258, 4326) then 7 else 2 end)
           from unnest($1::text[]) with ordinality as t(g, n)
           order by n"#,
    )
    .bind(geometries)
    .bind(crs.srid())
    .fetch_all(pool)
    .await
    .map_err(doing("transforming coordinates"))
}

/// The CRS84 envelope of a bbox given in `crs` (longitude first), densified so that it
/// covers the whole box after the transform.
pub async fn bbox_to_crs84(
    pool: &PgPool,
    [x0, y0, x1, y1]: [f64; 4],
    crs: Crs,
) -> Result<[f64; 4], StoreError> {
    let (a, b, c, d) = sqlx::query_as::<_, (f64, f64, f64, f64)>(
        r#"select ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
           from (select ST_Transform(ST_Segmentize(ST_MakeEnvelope($1, $2, $3, $4, $5),
                        case when $5 in (4326, 4258) then 0.02 else 2000 end), 4326)::box2d as e) t"#,
    )
    .bind(x0)
    .bind(y0)
    .bind(x1)
    .bind(y1)
    .bind(crs.srid())
    .fetch_one(pool)
    .await
    .map_err(doing("transforming a bbox"))?;
    Ok([a, b, c, d])
}
