//! Substations: replacing the register from a file (by operator and name, with history),
//! and reading them for the map with their staleness.

use sqlx::PgPool;

use super::{doing, layers, StoreError};
use crate::domain::substation::NewSubstation;

/// What replacing the register did.
#[derive(Debug, Default)]
pub struct Replaced {
    pub created: usize,
    pub updated: usize,
    pub removed: usize,
}

/// A station's capacity figures at one version (MW, as published).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figures {
    pub available_cons_mw: Option<f64>,
    pub available_prod_mw: Option<f64>,
    pub reserved_cons_mw: Option<f64>,
    pub as_of: Option<chrono::NaiveDate>,
}

impl Figures {
    fn of(state: &serde_json::Value) -> Self {
        Self {
            available_cons_mw: state["free_capacity_mw_min"].as_f64(),
            available_prod_mw: state["available_prod_mw"].as_f64(),
            reserved_cons_mw: state["reserved_cons_mw"].as_f64(),
            as_of: state["as_of"]
                .as_str()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        }
    }
}

/// What an import did (or would do) to one station.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StationChange {
    pub name: String,
    pub operator: String,
    /// `created`, `updated`, `unchanged` or `removed`
    pub change: &'static str,
    pub before: Option<Figures>,
    pub after: Option<Figures>,
}

/// What importing an operator's file did: each station, and each area whose facts changed.
#[derive(Debug, Default, serde::Serialize)]
pub struct Imported {
    pub stations: Vec<StationChange>,
    pub areas: Vec<layers::FactChange>,
}

/// Make the register hold exactly `stations` (matched by operator and name): changed ones
/// get a new version with history, missing ones are removed, and every area's facts are
/// recomputed — one transaction.
pub async fn replace_all(
    pool: &PgPool,
    stations: &[NewSubstation],
    by: &str,
) -> Result<Replaced, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a substation import"))?;
    lock(&mut tx).await?;
    let mut out = Replaced::default();
    let mut kept = Vec::new();
    for s in stations {
        let (id, change) = upsert(&mut tx, s, by).await?;
        kept.push(id);
        match change.change {
            "created" => out.created += 1,
            "updated" => out.updated += 1,
            _ => {}
        }
    }
    out.removed = sqlx::query!("delete from substation where id <> all($1)", &kept)
        .execute(&mut *tx)
        .await
        .map_err(doing("removing substations no longer listed"))?
        .rows_affected() as usize;
    layers::refresh_all(&mut tx).await?;
    tx.commit()
        .await
        .map_err(doing("committing the substations"))?;
    Ok(out)
}

/// Load an operator's published file: its operators' stations become exactly those of the
/// file (others' stay), earlier figures go to the history, every area's facts are
/// recomputed, and the report says what changed — one transaction, rolled back on a dry run.
pub async fn import_operator_file(
    pool: &PgPool,
    stations: &[NewSubstation],
    operators: &[String],
    by: &str,
    dry_run: bool,
) -> Result<Imported, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a grid capacity import"))?;
    lock(&mut tx).await?;
    layers::remember_facts(&mut tx).await?;
    let mut out = Imported::default();
    let mut kept = Vec::new();
    for s in stations {
        let (id, change) = upsert(&mut tx, s, by).await?;
        kept.push(id);
        out.stations.push(change);
    }
    let removed = sqlx::query!(
        r#"delete from substation where operator = any($1) and id <> all($2)
           returning name, operator, to_jsonb(substation) - array['geom', 'service_area'] as "state!""#,
        operators,
        &kept
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(doing("removing the operator's stations no longer listed"))?;
    out.stations
        .extend(removed.into_iter().map(|r| StationChange {
            name: r.name,
            operator: r.operator,
            change: "removed",
            before: Some(Figures::of(&r.state)),
            after: None,
        }));
    layers::refresh_all(&mut tx).await?;
    out.areas = layers::changed_facts(&mut tx).await?;
    if dry_run {
        tx.rollback()
            .await
            .map_err(doing("rolling the dry run back"))?;
    } else {
        tx.commit()
            .await
            .map_err(doing("committing the grid capacity"))?;
    }
    Ok(out)
}

/// One import at a time (a planner's edit of one station's figures waits too).
async fn lock(tx: &mut sqlx::PgConnection) -> Result<(), StoreError> {
    sqlx::query("lock table substation in share row exclusive mode")
        .execute(&mut *tx)
        .await
        .map_err(doing("locking the substations for an import"))?;
    Ok(())
}

/// Insert or update one station by operator and name; a changed one gets a new version and
/// its earlier state in the history.
async fn upsert(
    tx: &mut sqlx::PgConnection,
    s: &NewSubstation,
    by: &str,
) -> Result<(uuid::Uuid, StationChange), StoreError> {
    let service_area = s
        .service_area
        .as_ref()
        .map(|a| geojson::GeometryValue::from(a).to_string());
    let row = sqlx::query!(
        // (no FOR UPDATE here: a row locked and updated by the same statement would not be
        // seen; the import holds the table lock instead)
        r#"with old as (select id, to_jsonb(n) - array['geom', 'service_area'] as state from substation n
                        where operator = $2 and name = $1),
                up as (
           insert into substation as n (name, operator, voltage_kv, geom, free_capacity_mw_min,
               free_capacity_mw_max, future_capacity_mw_min, future_capacity_mw_max, measure,
               expected_year, queue_status, source_url, as_of, demo, available_prod_mw,
               reserved_cons_mw, licence, rights_holder, external_id, service_area, position_known)
           values ($1, $2, $3, st_setsrid(st_makepoint($4, $5), 25832), $6, $7, $8, $9, $10,
                   $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                   st_multi(st_setsrid(st_geomfromgeojson($21::text), 25832)), $22)
           on conflict (operator, name) do update set
               voltage_kv = excluded.voltage_kv, geom = excluded.geom,
               free_capacity_mw_min = excluded.free_capacity_mw_min,
               free_capacity_mw_max = excluded.free_capacity_mw_max,
               future_capacity_mw_min = excluded.future_capacity_mw_min,
               future_capacity_mw_max = excluded.future_capacity_mw_max,
               measure = excluded.measure, expected_year = excluded.expected_year,
               queue_status = excluded.queue_status, source_url = excluded.source_url,
               as_of = excluded.as_of, demo = excluded.demo,
               available_prod_mw = excluded.available_prod_mw,
               reserved_cons_mw = excluded.reserved_cons_mw, licence = excluded.licence,
               rights_holder = excluded.rights_holder, external_id = excluded.external_id,
               service_area = excluded.service_area, position_known = excluded.position_known,
               version = n.version + 1, updated_at = now()
           where (n.voltage_kv, n.geom, n.free_capacity_mw_min, n.free_capacity_mw_max,
                  n.future_capacity_mw_min, n.future_capacity_mw_max, n.measure,
                  n.expected_year, n.queue_status, n.source_url, n.as_of, n.demo,
                  n.available_prod_mw, n.reserved_cons_mw, n.licence, n.rights_holder,
                  n.external_id, n.service_area, n.position_known)
                 is distinct from
                 (excluded.voltage_kv, excluded.geom, excluded.free_capacity_mw_min,
                  excluded.free_capacity_mw_max, excluded.future_capacity_mw_min,
                  excluded.future_capacity_mw_max, excluded.measure, excluded.expected_year,
                  excluded.queue_status, excluded.source_url, excluded.as_of, excluded.demo,
                  excluded.available_prod_mw, excluded.reserved_cons_mw, excluded.licence,
                  excluded.rights_holder, excluded.external_id, excluded.service_area,
                  excluded.position_known)
           returning n.id, n.version, to_jsonb(n) - array['geom', 'service_area'] as state)
           select coalesce(up.id, old.id) as "id!", up.version as "version?",
                  old.state as "previous?", up.state as "current?"
           from (select 1) one left join up on true left join old on true"#,
        s.name,
        s.operator,
        s.voltage_kv,
        s.position.x(),
        s.position.y(),
        s.free_mw.0,
        s.free_mw.1,
        s.future_mw.0,
        s.future_mw.1,
        s.measure,
        s.expected_year,
        s.queue_status,
        s.source_url,
        s.as_of,
        s.demo,
        s.available_prod_mw,
        s.reserved_cons_mw,
        s.licence,
        s.rights_holder,
        s.external_id,
        service_area,
        s.position_known
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("storing a substation"))?;
    let change = |change, before: Option<&serde_json::Value>, after: Option<&serde_json::Value>| {
        StationChange {
            name: s.name.clone(),
            operator: s.operator.clone(),
            change,
            before: before.map(Figures::of),
            after: after.map(Figures::of),
        }
    };
    let out = match (row.version, &row.previous) {
        (None, previous) => change("unchanged", previous.as_ref(), previous.as_ref()),
        (Some(_), None) => change("created", None, row.current.as_ref()),
        (Some(version), Some(previous)) => {
            sqlx::query!(
                r#"insert into substation_history (substation_id, version, changed_by_name, changed_fields, previous)
                   values ($1, $2, $3,
                           array(select k.key from jsonb_each($4::jsonb) k
                                 where k.key not in ('version', 'updated_at')
                                   and k.value is distinct from ($5::jsonb -> k.key) order by k.key),
                           $5)"#,
                row.id,
                version,
                by,
                row.current,
                previous
            )
            .execute(&mut *tx)
            .await
            .map_err(doing("recording a substation's history"))?;
            change("updated", Some(previous), row.current.as_ref())
        }
    };
    Ok((row.id, out))
}

/// A station's published figures over time, oldest first: each earlier version kept in the
/// history, then the current one.
pub async fn figures_over_time(
    pool: &PgPool,
    id: uuid::Uuid,
) -> Result<Vec<(Figures, Option<String>)>, StoreError> {
    let rows = sqlx::query!(
        r#"select state as "state!" from (
               select h.previous as state, h.version - 1 as version from substation_history h
               where h.substation_id = $1 and h.previous is not null
               union all
               select to_jsonb(n) - array['geom', 'service_area'], n.version from substation n
               where n.id = $1) v
           order by version"#,
        id
    )
    .fetch_all(pool)
    .await
    .map_err(doing("reading a substation's figures over time"))?;
    let mut out: Vec<(Figures, Option<String>)> = Vec::new();
    for r in rows {
        let figures = Figures::of(&r.state);
        let licence = r.state["licence"].as_str().map(str::to_string);
        // a version that changed something other than the figures adds no point in time
        if out
            .last()
            .is_some_and(|(f, l)| *f == figures && *l == licence)
        {
            continue;
        }
        out.push((figures, licence));
    }
    Ok(out)
}

pub async fn count(pool: &PgPool) -> Result<i64, StoreError> {
    sqlx::query_scalar!(r#"select count(*) as "n!" from substation"#)
        .fetch_one(pool)
        .await
        .map_err(doing("counting substations"))
}

/// Every substation as GeoJSON (CRS84) with its figures and whether they are stale.
pub async fn geojson(pool: &PgPool) -> Result<String, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
               json_build_object('type', 'Feature', 'id', n.id,
                   'geometry', st_asgeojson(st_transform(n.geom, 4326), 6)::json,
                   'properties', (to_jsonb(n) - array['geom', 'id', 'service_area'])
                       || jsonb_build_object('stale', n.as_of < current_date - coalesce(
                              nullif(current_setting('arealbank.substation_stale_days', true), '')::int, 365)))
               order by n.operator, n.name), '[]'::json))::text as "doc!"
           from substation n"#
    )
    .fetch_one(pool)
    .await
    .map_err(doing("reading substations"))
}

/// A substation as a GeoJSON Feature (CRS84) with its version, for editing.
pub async fn feature(pool: &PgPool, id: uuid::Uuid) -> Result<Option<(String, i32)>, StoreError> {
    let row = sqlx::query!(
        r#"select json_build_object('type', 'Feature', 'id', n.id,
                  'geometry', st_asgeojson(st_transform(n.geom, 4326), 9)::json,
                  'properties', to_jsonb(n) - array['geom', 'id', 'service_area'])::text as "feature!", n.version
           from substation n where n.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading a substation"))?;
    Ok(row.map(|r| (r.feature, r.version)))
}

/// Change a substation's figures (not its name, operator or position) if it is still at
/// `expected` version, with a history entry — one transaction. Returns the new version.
pub async fn update_figures(
    pool: &PgPool,
    id: uuid::Uuid,
    expected: i32,
    s: &NewSubstation,
    by: &super::areas::ChangedBy<'_>,
) -> Result<i32, StoreError> {
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a substation update"))?;
    let current = sqlx::query!(
        r#"select version, to_jsonb(n) - array['geom', 'service_area'] as "state!" from substation n where id = $1 for update"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await
    .map_err(doing("locking the substation"))?
    .ok_or_else(|| StoreError::NotFound(format!("there is no substation with id {id}")))?;
    if current.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: current.version,
        });
    }
    let version = sqlx::query_scalar!(
        "update substation set voltage_kv = $2, free_capacity_mw_min = $3, free_capacity_mw_max = $4,
             future_capacity_mw_min = $5, future_capacity_mw_max = $6, measure = $7,
             expected_year = $8, queue_status = $9, source_url = $10, as_of = $11, demo = $12,
             available_prod_mw = $13, reserved_cons_mw = $14, licence = $15,
             version = version + 1, updated_at = now()
         where id = $1 returning version",
        id,
        s.voltage_kv,
        s.free_mw.0,
        s.free_mw.1,
        s.future_mw.0,
        s.future_mw.1,
        s.measure,
        s.expected_year,
        s.queue_status,
        s.source_url,
        s.as_of,
        s.demo,
        s.available_prod_mw,
        s.reserved_cons_mw,
        s.licence
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(doing("updating a substation"))?;
    sqlx::query!(
        r#"insert into substation_history (substation_id, version, changed_by, changed_by_name, changed_fields, previous)
           select n.id, n.version, $2, $3,
                  array(select k.key from jsonb_each(to_jsonb(n) - array['geom', 'service_area', 'version', 'updated_at']) k
                        where k.value is distinct from ($4::jsonb -> k.key) order by k.key),
                  $4
           from substation n where n.id = $1"#,
        id,
        by.user_id,
        by.name,
        current.state
    )
    .execute(&mut *tx)
    .await
    .map_err(doing("recording the substation's history"))?;
    tx.commit()
        .await
        .map_err(doing("committing the substation"))?;
    Ok(version)
}

/// A substation's changes, newest first: (version, who, when, changed fields).
pub async fn history(
    pool: &PgPool,
    id: uuid::Uuid,
) -> Result<Vec<(i32, String, chrono::DateTime<chrono::Utc>, Vec<String>)>, StoreError> {
    let rows = sqlx::query!(
        "select version, changed_by_name, changed_at, changed_fields from substation_history
         where substation_id = $1 order by id desc",
        id
    )
    .fetch_all(pool)
    .await
    .map_err(doing("reading a substation's history"))?;
    Ok(rows
        .into_iter()
        .map(|r| (r.version, r.changed_by_name, r.changed_at, r.changed_fields))
        .collect())
}
