//! Vector tiles (Mapbox Vector Tile) built by PostGIS with ST_AsMVT.

use sqlx::PgPool;

use super::{doing, StoreError};

/// A tile touching more areas than this holds clusters instead of outlines: at a
/// county's zoom a tile would otherwise carry tens of thousands of polygons (5 MB at
/// zoom 9 over 100 000 areas) that no browser draws quickly and nobody can tell apart.
pub const CLUSTER_ABOVE: i64 = 4000;

/// Clusters per tile side (a grid of 32 × 32 cells of 128 tile units).
const CLUSTER_GRID: i32 = 32;

/// The public areas in tile z/x/y (web mercator, extent 4096, buffer 64) as one MVT
/// layer `areas`; empty when none touch it. Only published, current areas take part (those
/// of `area_public`, read from `area_visible`, which has the names without a join).
/// The index's bounding-box test selects; an outline that only comes near the tile is
/// clipped away by ST_AsMVTGeom (null), and ST_AsMVT leaves rows without a geometry out
/// (a `where geom is not null` would build every geometry twice). The envelope is
/// materialised so that a generic plan computes it once.
///
/// Above [`CLUSTER_ABOVE`] areas the layer holds clusters instead: one point per grid
/// cell, kind and municipality (what the map filters tiles by), at the mean of the
/// areas' bounding-box centres, with `areas` (how many), `kind`, `municipality` and
/// `demo` (any of them demo data).
pub async fn areas(pool: &PgPool, z: i32, x: i32, y: i32) -> Result<Vec<u8>, StoreError> {
    sqlx::query_scalar::<_, Vec<u8>>(
        r#"with bounds as materialized (
               select ST_TileEnvelope($1, $2, $3) as env,
                      ST_Transform(ST_TileEnvelope($1, $2, $3), 25832) as env25
           ), hits as materialized (
               select a.id, a.reference, a.name, a.municipality, a.kind, a.readiness,
                      a.availability, a.demo, a.area_gross_m2, a.geom
               from area_visible a
               cross join bounds b
               where a.geom && b.env25
           )
           select case when (select count(*) from hits) <= $4 then (
               select coalesce(ST_AsMVT(t, 'areas', 4096, 'geom'), '')
               from (
                   select h.id::text as id, h.reference, h.name, h.municipality, h.kind,
                          h.readiness, h.availability, h.demo,
                          round(h.area_gross_m2)::int as area_gross_m2,
                          ST_AsMVTGeom(ST_Transform(h.geom, 3857), b.env, 4096, 64, true) as geom
                   from hits h
                   cross join bounds b
               ) t
           ) else (
               select coalesce(ST_AsMVT(t, 'areas', 4096, 'geom'), '')
               from (
                   select count(*)::int as areas, c.kind, c.municipality,
                          bool_or(c.demo) as demo,
                          ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(avg(c.x), avg(c.y)),
                                                               25832), 3857),
                                       b.env, 4096, 0, true) as geom
                   from (
                       select h.kind, h.municipality, h.demo,
                              (ST_XMin(h.geom) + ST_XMax(h.geom)) / 2 as x,
                              (ST_YMin(h.geom) + ST_YMax(h.geom)) / 2 as y
                       from hits h
                   ) c
                   cross join bounds b
                   group by c.kind, c.municipality, b.env,
                            floor((c.x - ST_XMin(b.env25)) * $5
                                  / (ST_XMax(b.env25) - ST_XMin(b.env25))),
                            floor((c.y - ST_YMin(b.env25)) * $5
                                  / (ST_YMax(b.env25) - ST_YMin(b.env25)))
               ) t
           ) end"#,
    )
    .bind(z)
    .bind(x)
    .bind(y)
    .bind(CLUSTER_ABOVE)
    .bind(CLUSTER_GRID)
    .fetch_one(pool)
    .await
    .map_err(doing("building a vector tile"))
}
