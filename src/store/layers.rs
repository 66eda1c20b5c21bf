//! Reference layers: replacing one atomically (and the facts of every area with it), and
//! reading them for the map.

use geojson::GeometryValue;
use serde::Serialize;
use sqlx::PgPool;

use super::{doing, StoreError};
use crate::domain::layer::{LayerFeature, Provenance};
use crate::domain::{Issue, IssueType};

/// A layer and where its data came from.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct LayerInfo {
    pub kind: String,
    pub title_nb: String,
    pub title_en: String,
    pub geometry_type: String,
    pub role: String,
    pub source: Option<String>,
    pub licence: Option<String>,
    pub as_of: Option<chrono::NaiveDate>,
    pub demo: bool,
    pub loaded_at: Option<chrono::DateTime<chrono::Utc>>,
    pub feature_count: i32,
    /// advanced by every import
    pub version: i32,
    /// the dataset reader it was loaded with (`ar5`, `flomsone`, …)
    pub dataset: Option<String>,
}

pub async fn list(pool: &PgPool) -> Result<Vec<LayerInfo>, StoreError> {
    sqlx::query_as::<_, LayerInfo>(
        "select kind, title_nb, title_en, geometry_type, role, source, licence, as_of, demo,
                loaded_at, feature_count, version, dataset
         from layer order by role desc, kind",
    )
    .fetch_all(pool)
    .await
    .map_err(doing("listing layers"))
}

/// What replacing layers did (or would do).
#[derive(Debug, Default, Serialize)]
pub struct LayersReplaced {
    /// (kind, features) of each layer replaced
    pub layers: Vec<(String, usize)>,
    pub areas: Vec<FactChange>,
}

/// Replace every feature of a layer, record its provenance and recompute the facts of
/// every area — one transaction: readers see the old layer or the new one, never a mix.
/// Returns the number of areas whose facts were recomputed.
pub async fn replace(
    pool: &PgPool,
    kind: &str,
    features: &[LayerFeature],
    provenance: &Provenance,
    loaded_by: &str,
) -> Result<i64, StoreError> {
    let kind = crate::domain::layer::KINDS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| *k == kind)
        .ok_or_else(|| StoreError::NotFound(format!("there is no layer {kind}")))?;
    let pairs: Vec<(&str, LayerFeature)> = features.iter().map(|f| (kind, f.clone())).collect();
    replace_layers(pool, &[kind], &pairs, provenance, None, loaded_by, false).await?;
    sqlx::query_scalar(r#"select count(*) from area_fact"#)
        .fetch_one(pool)
        .await
        .map_err(doing("counting the areas' facts"))
}

/// Replace the layers `kinds` with `features` (each into its kind; a kind without features
/// becomes empty), advance their versions, record their provenance and the dataset reader,
/// recompute every area's facts and report those that changed — one transaction, rolled
/// back on a dry run.
pub async fn replace_layers(
    pool: &PgPool,
    kinds: &[&str],
    features: &[(&str, LayerFeature)],
    provenance: &Provenance,
    dataset: Option<&str>,
    loaded_by: &str,
    dry_run: bool,
) -> Result<LayersReplaced, StoreError> {
    let geometries: Vec<String> = features
        .iter()
        .map(|(_, f)| GeometryValue::from(&f.geometry).to_string())
        .collect();
    let mut tx = pool
        .begin()
        .await
        .map_err(doing("starting a layer import"))?;
    // PostGIS's own validity test, so that the stored layer passes its check constraint
    let invalid = sqlx::query!(
        r#"select t.i::int as "i!", st_isvalidreason(st_setsrid(st_geomfromgeojson(t.g), 25832)) as "reason!"
           from unnest($1::text[]) with ordinality as t(g, i)
           where not st_isvalid(st_setsrid(st_geomfromgeojson(t.g), 25832))"#,
        &geometries
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(doing("checking a layer's geometries"))?;
    if !invalid.is_empty() {
        return Err(StoreError::Rejected(
            invalid
                .into_iter()
                .map(|r| {
                    let i = usize::try_from(r.i - 1).unwrap_or_default();
                    Issue::new(
                        IssueType::InvalidGeometry,
                        "geometry",
                        None,
                        format!("the geometry is not valid: {}", r.reason),
                        "simple, closed, non-self-intersecting geometries",
                    )
                    .at(i, features.get(i).and_then(|(_, f)| f.name.as_deref()))
                })
                .collect(),
        ));
    }
    remember_facts(&mut tx).await?;
    sqlx::query("delete from layer_feature where kind = any($1)")
        .bind(kinds)
        .execute(&mut *tx)
        .await
        .map_err(doing("removing the old layer"))?;
    let column = |f: fn(&LayerFeature) -> Option<String>| -> Vec<Option<String>> {
        features.iter().map(|(_, x)| f(x)).collect()
    };
    sqlx::query(
        "insert into layer_feature (kind, name, class, properties, geom, ref, link, class_nb, class_en)
         select t.kind, t.name, t.class, t.props, st_setsrid(st_geomfromgeojson(t.g), 25832),
                t.ref, t.link, t.class_nb, t.class_en
         from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::text[])
              as t(kind, name, class, props, g, ref, link, class_nb, class_en)",
    )
    .bind(features.iter().map(|(k, _)| *k).collect::<Vec<_>>())
    .bind(column(|f| f.name.clone()))
    .bind(column(|f| f.class.clone()))
    .bind(
        features
            .iter()
            .map(|(_, f)| serde_json::Value::Object(f.properties.clone()))
            .collect::<Vec<_>>(),
    )
    .bind(&geometries)
    .bind(column(|f| f.reference.clone()))
    .bind(column(|f| f.link.clone()))
    .bind(column(|f| f.class_labels.as_ref().map(|l| l.0.clone())))
    .bind(column(|f| f.class_labels.as_ref().map(|l| l.1.clone())))
    .execute(&mut *tx)
    .await
    .map_err(doing("storing the layer"))?;
    let mut out = LayersReplaced::default();
    for kind in kinds {
        let count = features.iter().filter(|(k, _)| k == kind).count();
        sqlx::query(
            "update layer set source = $2, licence = $3, as_of = $4, demo = $5, loaded_at = now(),
                              loaded_by = $6, feature_count = $7, version = version + 1,
                              dataset = $8
             where kind = $1",
        )
        .bind(kind)
        .bind(&provenance.source)
        .bind(&provenance.licence)
        .bind(provenance.as_of)
        .bind(provenance.demo)
        .bind(loaded_by)
        .bind(i32::try_from(count).unwrap_or(i32::MAX))
        .bind(dataset)
        .execute(&mut *tx)
        .await
        .map_err(doing("recording the layer's source"))?;
        out.layers.push((kind.to_string(), count));
    }
    refresh_all(&mut tx).await?;
    out.areas = changed_facts(&mut tx).await?;
    if dry_run {
        tx.rollback()
            .await
            .map_err(doing("rolling the dry run back"))?;
    } else {
        tx.commit().await.map_err(doing("committing the layer"))?;
    }
    Ok(out)
}

/// Recompute the facts of every area (after a layer or the substations changed).
pub async fn refresh_all(conn: &mut sqlx::PgConnection) -> Result<i64, StoreError> {
    // the function returns void: wrapped so that the statement has a typed result
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from (select refresh_area_facts(array(select id from area))) r"#
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(doing("recomputing the areas' facts"))?;
    sqlx::query_scalar!(r#"select count(*) as "n!" from area_fact"#)
        .fetch_one(&mut *conn)
        .await
        .map_err(doing("counting the areas' facts"))
}

/// One computed fact of an area that a new layer, plan or grid file changed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FactChange {
    pub area_id: uuid::Uuid,
    pub reference: String,
    pub name: String,
    pub field: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// Keep every area's computed facts as they are now (for `changed_facts` later in the same
/// transaction).
pub async fn remember_facts(conn: &mut sqlx::PgConnection) -> Result<(), StoreError> {
    sqlx::query("drop table if exists facts_before")
        .execute(&mut *conn)
        .await
        .map_err(doing("preparing the facts' comparison"))?;
    sqlx::query(
        "create temporary table facts_before on commit drop as
         select f.area_id, area_fact_properties(f, a.area_gross_m2) as p
         from area_fact f join area a on a.id = f.area_id",
    )
    .execute(&mut *conn)
    .await
    .map_err(doing("keeping the facts before the change"))?;
    Ok(())
}

/// The facts that differ from those `remember_facts` kept, by area and field (the time of
/// computing and the read-time staleness aside).
pub async fn changed_facts(conn: &mut sqlx::PgConnection) -> Result<Vec<FactChange>, StoreError> {
    let rows = sqlx::query_as::<
        _,
        (
            uuid::Uuid,
            String,
            String,
            String,
            serde_json::Value,
            serde_json::Value,
        ),
    >(
        "select a.id, a.reference, a.name, k.key,
                coalesce(b.p -> k.key, 'null'::jsonb), k.value
         from area a
         join area_fact f on f.area_id = a.id
         left join facts_before b on b.area_id = a.id
         cross join lateral jsonb_each(area_fact_properties(f, a.area_gross_m2)) k
         where k.key not in ('facts_computed_at', 'substation_stale')
           and (b.p -> k.key) is distinct from k.value
           and not (b.p is null and k.value = 'null'::jsonb)
         order by a.reference, a.id, k.key",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(doing("comparing the facts"))?;
    Ok(rows
        .into_iter()
        .map(
            |(area_id, reference, name, field, before, after)| FactChange {
                area_id,
                reference,
                name,
                field,
                before,
                after,
            },
        )
        .collect())
}

/// A layer's features as a GeoJSON FeatureCollection in CRS84 for the map.
pub async fn features(pool: &PgPool, kind: &str) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object(
               'type', 'FeatureCollection',
               'features', coalesce((
                   select json_agg(json_build_object(
                       'type', 'Feature', 'id', f.id,
                       'geometry', st_asgeojson(st_transform(f.geom, 4326), 6)::json,
                       'properties', json_build_object('name', f.name, 'class', f.class)
                   ) order by f.id)
                   from layer_feature f where f.kind = l.kind), '[]'::json)
           )::text as "doc!"
           from layer l where l.kind = $1"#,
        kind
    )
    .fetch_optional(pool)
    .await
    .map_err(doing("reading a layer"))
}
