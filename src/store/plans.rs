//! The plan register's plans and purpose areas: replacing a municipality's plans from an
//! import, and every area's zoning recomputed from them — one transaction. The plans'
//! geometry is never read back out (its licence is restricted).

use geojson::GeometryValue;
use sqlx::PgPool;

use super::layers::{self, FactChange};
use super::{doing, StoreError};
use crate::domain::plan::PlanData;

/// Where an import came from.
#[derive(Debug, Clone)]
pub struct PlanSource {
    /// file names, or what the caller says
    pub source: String,
    pub format: String,
    pub as_of: chrono::NaiveDate,
}

/// What an import did (or would do).
#[derive(Debug, Default, serde::Serialize)]
pub struct PlanImported {
    pub municipalities: Vec<String>,
    pub plans: usize,
    pub purposes: usize,
    /// surfaces that were not valid (self-touching rings, spikes) and were made valid by
    /// PostGIS before use
    pub repaired: i64,
    pub areas: Vec<FactChange>,
}

/// Replace the plans of the file's municipalities with those of `data` and recompute every
/// area's zoning; on a dry run everything is rolled back after the report is made.
pub async fn replace(
    pool: &PgPool,
    data: &PlanData,
    source: &PlanSource,
    by: &str,
    dry_run: bool,
) -> Result<PlanImported, StoreError> {
    let municipalities = data.municipalities();
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a plan import"))?;
    sqlx::query("lock table plan in share row exclusive mode")
        .execute(&mut *tx)
        .await
        .map_err(doing("locking the plans for an import"))?;
    layers::remember_facts(&mut tx).await?;
    let import_id: i64 = sqlx::query_scalar(
        "insert into plan_import (municipalities, source, format, as_of, loaded_by, plans, purposes)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(&municipalities)
    .bind(&source.source)
    .bind(&source.format)
    .bind(source.as_of)
    .bind(by)
    .bind(data.plans.len() as i32)
    .bind(data.purposes.len() as i32)
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("recording the plan import"))?;
    sqlx::query("delete from plan where municipality = any($1)")
        .bind(&municipalities)
        .execute(&mut *tx)
        .await
        .map_err(doing("removing the municipality's earlier plans"))?;
    let geojson = |g: &geo::MultiPolygon<f64>| GeometryValue::from(g).to_string();
    let p = &data.plans;
    let repaired_plans: i64 = sqlx::query_scalar(
        "with input as (
             select t.*, st_setsrid(st_geomfromgeojson(t.g), 25832) as raw
             from unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::smallint[],
                         $6::text[], $7::date[], $8::date[], $9::text[], $10::text[])
                  as t(level, municipality, ident, plan_type, status, name, in_force, adopted, link, g)),
         stored as (
             insert into plan (import_id, level, municipality, ident, plan_type, status, name,
                               in_force, adopted, link, geom)
             select $11, level, municipality, ident, plan_type, status, name, in_force, adopted,
                    link, st_multi(st_collectionextract(st_makevalid(raw), 3))
             from input returning 1)
         select count(*) filter (where raw is not null and not st_isvalid(raw))
         from input, (select count(*) from stored) s",
    )
    .bind(p.iter().map(|x| x.level.as_str()).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.municipality.as_str()).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.ident.as_str()).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.plan_type).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.status).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.name.clone()).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.in_force).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.adopted).collect::<Vec<_>>())
    .bind(p.iter().map(|x| x.link.clone()).collect::<Vec<_>>())
    .bind(
        p.iter()
            .map(|x| x.outline.as_ref().map(geojson))
            .collect::<Vec<_>>(),
    )
    .bind(import_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("storing the plans"))?;
    let u = &data.purposes;
    let repaired_purposes: i64 = sqlx::query_scalar(
        "with input as (
             select t.*, st_setsrid(st_geomfromgeojson(t.g), 25832) as raw
             from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::smallint[],
                         $6::text[], $7::text[], $8::text[])
                  as t(level, municipality, ident, code, status, field_name, area_name, g)),
         stored as (
             insert into plan_purpose (plan_id, code, status, field_name, area_name, geom)
             select p.id, i.code, i.status, i.field_name, i.area_name,
                    st_multi(st_collectionextract(st_makevalid(i.raw), 3))
             from input i
             join plan p on (p.level, p.municipality, p.ident) = (i.level, i.municipality, i.ident)
             returning 1)
         select count(*) filter (where not st_isvalid(raw))
         from input, (select count(*) from stored) s",
    )
    .bind(u.iter().map(|x| x.level.as_str()).collect::<Vec<_>>())
    .bind(
        u.iter()
            .map(|x| x.municipality.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(u.iter().map(|x| x.ident.as_str()).collect::<Vec<_>>())
    .bind(u.iter().map(|x| x.code).collect::<Vec<_>>())
    .bind(u.iter().map(|x| x.status).collect::<Vec<_>>())
    .bind(u.iter().map(|x| x.field_name.clone()).collect::<Vec<_>>())
    .bind(u.iter().map(|x| x.area_name.clone()).collect::<Vec<_>>())
    .bind(u.iter().map(|x| geojson(&x.geometry)).collect::<Vec<_>>())
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("storing the plans' purpose areas"))?;
    // a plan published without its outline covers what its purposes cover
    sqlx::query(
        "update plan p set geom = (select st_multi(st_union(u.geom)) from plan_purpose u
                                   where u.plan_id = p.id)
         where p.import_id = $1 and p.geom is null",
    )
    .bind(import_id)
    .execute(&mut *tx)
    .await
    .map_err(doing("outlining plans from their purposes"))?;
    layers::refresh_all(&mut tx).await?;
    let areas = layers::changed_facts(&mut tx).await?;
    if dry_run {
        tx.rollback()
            .await
            .map_err(doing("rolling the dry run back"))?;
    } else {
        tx.commit().await.map_err(doing("committing the plans"))?;
    }
    Ok(PlanImported {
        municipalities,
        plans: data.plans.len(),
        purposes: data.purposes.len(),
        repaired: repaired_plans + repaired_purposes,
        areas,
    })
}
