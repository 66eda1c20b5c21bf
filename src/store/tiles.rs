//! Vector tiles (Mapbox Vector Tile) built by PostGIS with ST_AsMVT.

use sqlx::PgPool;

use super::{doing, StoreError};

/// The public areas in tile z/x/y (web mercator, extent 4096, buffer 64) as one MVT
/// layer `areas`; empty when none touch it. Only published, current areas take part.
/// The index's bounding-box test selects; an outline that only comes near the tile is
/// clipped away by ST_AsMVTGeom (null) and left out.
pub async fn areas(pool: &PgPool, z: i32, x: i32, y: i32) -> Result<Vec<u8>, StoreError> {
    sqlx::query_scalar!(
        r#"with bounds as (select ST_TileEnvelope($1, $2, $3) as env)
           select coalesce(ST_AsMVT(t, 'areas', 4096, 'geom'), '') as "tile!"
           from (
               select p.id::text as id, a.reference, a.name, p.municipality, p.kind,
                      p.readiness, p.availability, p.demo,
                      round(a.area_gross_m2)::int as area_gross_m2,
                      ST_AsMVTGeom(ST_Transform(p.geom, 3857), b.env, 4096, 64, true) as geom
               from area_public p
               join area a on a.id = p.id
               cross join bounds b
               where p.geom && ST_Transform(b.env, 25832)
           ) t
           where t.geom is not null"#,
        z,
        x,
        y
    )
    .fetch_one(pool)
    .await
    .map_err(doing("building a vector tile"))
}
