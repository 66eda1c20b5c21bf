//! Municipality boundaries (a reference layer).

use sqlx::PgPool;

use super::{doing, StoreError};

/// A municipality boundary to store, geometry as GeoJSON in CRS84.
pub struct NewMunicipality<'a> {
    pub number: &'a str,
    pub name: &'a str,
    pub geometry_geojson: &'a str,
    pub source: &'a str,
    pub licence: &'a str,
    pub attribution: &'a str,
}

/// Insert a municipality unless it is already there; returns true when inserted.
pub async fn insert_if_missing(pool: &PgPool, m: &NewMunicipality<'_>) -> Result<bool, StoreError> {
    let done = sqlx::query!(
        r#"insert into municipality (number, name, geom, source, licence, attribution)
           values ($1, $2, ST_Multi(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), 25832))), $4, $5, $6)
           on conflict (number) do nothing"#,
        m.number,
        m.name,
        m.geometry_geojson,
        m.source,
        m.licence,
        m.attribution
    )
    .execute(pool)
    .await
    .map_err(doing("storing a municipality boundary"))?;
    Ok(done.rows_affected() == 1)
}

/// All municipality boundaries as a GeoJSON FeatureCollection (CRS84), built by PostGIS.
pub async fn feature_collection(pool: &PgPool) -> Result<String, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object(
               'type', 'FeatureCollection',
               'features', coalesce(json_agg(json_build_object(
                   'type', 'Feature',
                   'id', m.number,
                   'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(m.geom, 4326)), 6)::json,
                   'properties', json_build_object('number', m.number, 'name', m.name,
                                                   'source', m.source, 'licence', m.licence,
                                                   'attribution', m.attribution)
               ) order by m.number), '[]'::json),
               'numberMatched', count(*),
               'numberReturned', count(*)
           )::text as "doc!"
           from municipality m"#
    )
    .fetch_one(pool)
    .await
    .map_err(doing("reading municipality boundaries"))
}

/// Distinct attributions of the reference data, for the map's attribution line.
pub async fn attributions(pool: &PgPool) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar!(r#"select distinct attribution as "a!" from municipality order by 1"#)
        .fetch_all(pool)
        .await
        .map_err(doing("reading attributions"))
}

/// Record that a shipped seed has been loaded.
pub async fn mark_seeded(pool: &PgPool, name: &str) -> Result<(), StoreError> {
    sqlx::query!(
        "insert into seed_run (name) values ($1) on conflict (name) do nothing",
        name
    )
    .execute(pool)
    .await
    .map_err(doing("recording the seed run"))?;
    Ok(())
}

/// Whether a shipped seed has been loaded before.
pub async fn seeded(pool: &PgPool, name: &str) -> Result<bool, StoreError> {
    sqlx::query_scalar!(
        r#"select exists(select 1 from seed_run where name = $1) as "done!""#,
        name
    )
    .fetch_one(pool)
    .await
    .map_err(doing("looking up seed runs"))
}
