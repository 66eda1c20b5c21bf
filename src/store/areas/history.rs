//! Every version of an area: the history list, a version's Feature and stored state.

use sqlx::PgPool;
use uuid::Uuid;

use crate::store::{doing, StoreError};

/// One area with every field, private ones included (for its editors), as a Feature
/// with its version.
pub async fn full_feature(pool: &PgPool, id: Uuid) -> Result<Option<(String, i32)>, StoreError> {
    let row = sqlx::query!(
        r#"select json_build_object(
               'type', 'Feature',
               'id', a.id,
               'geometry', a.geometry_geojson::json,
               'properties', to_jsonb(a) - array['geom', 'geometry_geojson', 'id']
           )::text as "feature!", a.version
           from area a where a.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading an area"))?;
    Ok(row.map(|r| (r.feature, r.version)))
}

/// The history of an area, newest first: (version, action, who, when, changed fields).
pub async fn history(pool: &PgPool, id: Uuid) -> Result<Vec<HistoryEntry>, StoreError> {
    // row N keeps the state before change N: a field's old value is in that row, its new
    // one in the next row, or in the area itself for the latest change
    let rows = sqlx::query_as::<_, HistoryEntry>(
        "with h as (select * from area_history where area_id = $1),
              now as (select to_jsonb(a) - 'geom' as state from area a where a.id = $1)
         select h.version, h.action, h.changed_by_name, h.changed_at, h.changed_fields,
                coalesce((select jsonb_object_agg(f, jsonb_build_object(
                                     'old', h.previous -> f,
                                     'new', coalesce(n.previous, now.state) -> f))
                          from unnest(h.changed_fields) f
                          where f not in ('geom', 'geometry')), '{}') as values
         from h
         left join h n on n.version = h.version + 1
         cross join now
         order by h.id desc",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(doing("reading an area's history"))?;
    Ok(rows)
}

/// One change in an area's history.
#[derive(Debug, serde::Serialize, sqlx::FromRow)]
pub struct HistoryEntry {
    pub version: i32,
    pub action: String,
    #[serde(rename = "changed_by")]
    pub changed_by_name: String,
    pub changed_at: chrono::DateTime<chrono::Utc>,
    pub changed_fields: Vec<String>,
    /// each changed field's value before and after: `{"field": {"old": …, "new": …}}`
    pub values: serde_json::Value,
}

/// An area as it was at `version`, as a Feature text in CRS84 with every field; `None`
/// when the area or that version does not exist. (History row N keeps the state before
/// change N, that is, version N − 1.)
pub async fn feature_at_version(
    pool: &PgPool,
    id: Uuid,
    version: i32,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        r#"with state as (
               select h.previous as s from area_history h
               where h.area_id = $1 and h.version = $2 + 1 and h.previous is not null
               union all
               select to_jsonb(a) - array['geometry_geojson'] from area a where a.id = $1 and a.version = $2
           )
           select json_build_object(
               'type', 'Feature',
               'id', $1::uuid,
               'geometry', ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(ST_GeomFromGeoJSON(s ->> 'geom'), 4326)), 7)::json,
               'properties', s - array['geom', 'id']
           )::text as "feature!"
           from state limit 1"#,
        id,
        version
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading an earlier version"))
}

/// The stored state at `version` in EPSG:25832 (for restoring it), as a Feature text.
pub async fn stored_state_at_version(
    pool: &PgPool,
    id: Uuid,
    version: i32,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object('type', 'Feature', 'geometry', h.previous -> 'geom',
                                    'properties', h.previous - array['geom', 'id'])::text as "feature!"
           from area_history h
           where h.area_id = $1 and h.version = $2 + 1 and h.previous is not null"#,
        id,
        version
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading an earlier version"))
}
