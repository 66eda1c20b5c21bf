//! The rows of an export: every area with its facts, as GeoJSON or as rows with WKB/WKT.

use sqlx::PgPool;
use uuid::Uuid;

use crate::store::{doing, StoreError};

/// Every area, including unpublished and ended ones and private fields, as a GeoJSON
/// FeatureCollection (CRS84) that `import` reads back.
pub async fn export_all(pool: &PgPool) -> Result<String, StoreError> {
    sqlx::query_scalar!(
        r#"select json_build_object(
               'type', 'FeatureCollection',
               'features', coalesce(json_agg(json_build_object(
                   'type', 'Feature',
                   'id', a.id,
                   'geometry', a.geometry_geojson::json,
                   'properties', (to_jsonb(a) - array['geom', 'geometry_geojson'])
                                 || area_fact_properties(f, a.area_gross_m2)
               ) order by a.municipality, a.reference), '[]'::json)
           )::text as "doc!"
           from area a left join area_fact f on f.area_id = a.id"#
    )
    .fetch_one(pool)
    .await
    .map_err(doing("exporting areas"))
}

/// One area for a file export: its properties and computed facts (JSON text), and its
/// geometry in EPSG:25832
/// as WKB and WKT with its bounding box.
pub struct ExportRow {
    pub id: Uuid,
    pub properties: String,
    pub wkb: Vec<u8>,
    pub wkt: String,
    pub bbox: [f64; 4],
}

/// Every area for a CSV or GeoPackage export, in the order of [`export_all`].
pub async fn export_rows(pool: &PgPool) -> Result<Vec<ExportRow>, StoreError> {
    let rows = sqlx::query!(
        r#"select a.id, ((to_jsonb(a) - array['geom', 'geometry_geojson', 'id'])
                          || area_fact_properties(f, a.area_gross_m2))::text as "properties!",
                  st_asbinary(a.geom, 'NDR') as "wkb!", st_astext(a.geom) as "wkt!",
                  st_xmin(a.geom) as "xmin!", st_ymin(a.geom) as "ymin!",
                  st_xmax(a.geom) as "xmax!", st_ymax(a.geom) as "ymax!"
           from area a left join area_fact f on f.area_id = a.id
           order by a.municipality, a.reference"#
    )
    .fetch_all(pool)
    .await
    .map_err(doing("exporting areas"))?;
    Ok(rows
        .into_iter()
        .map(|r| ExportRow {
            id: r.id,
            properties: r.properties,
            wkb: r.wkb,
            wkt: r.wkt,
            bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
        })
        .collect())
}
