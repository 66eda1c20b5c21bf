//! Vector tiles (Mapbox Vector Tile) built by PostGIS with ST_AsMVT.

use sqlx::PgPool;

use super::{doing, StoreError};

/// The public areas in tile z/x/y (web mercator, extent 4096, buffer 64) as one MVT
/// layer `areas`; empty when none touch it. Only published, current areas take part (those
/// of `area_public`, read from `area_visible`, which has the names without a join).
/// The index's bounding-box test selects; an outline that only comes near the tile is
/// clipped away by ST_AsMVTGeom (null), and ST_AsMVT leaves rows without a geometry out
/// (a `where geom is not null` would build every geometry twice). The envelope is
/// materialised so that a generic plan computes it once.
pub async fn areas(pool: &PgPool, z: i32, x: i32, y: i32) -> Result<Vec<u8>, StoreError> {
    sqlx::query_scalar::<_, Vec<u8>>(
        r#"with bounds as materialized (select ST_TileEnvelope($1, $2, $3) as env)
           select coalesce(ST_AsMVT(t, 'areas', 4096, 'geom'), '')
           from (
               select a.id::text as id, a.reference, a.name, a.municipality, a.kind,
                      a.readiness, a.availability, a.demo,
                      round(a.area_gross_m2)::int as area_gross_m2,
                      ST_AsMVTGeom(ST_Transform(a.geom, 3857), b.env, 4096, 64, true) as geom
               from area_visible a
               cross join bounds b
               where a.geom && ST_Transform(b.env, 25832)
           ) t"#,
    )
    .bind(z)
    .bind(x)
    .bind(y)
    .fetch_one(pool)
    .await
    .map_err(doing("building a vector tile"))
}
