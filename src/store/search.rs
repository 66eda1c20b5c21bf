//! Search over published areas: PostGIS finds the areas in scope and judges each
//! criterion; the domain scores and explains.

use sqlx::PgPool;
use uuid::Uuid;

use super::{doing, StoreError};
use crate::domain::codes::Readiness;
use crate::domain::profile::readiness_rank;
use crate::domain::search::{Scope, Search, SiteFacts};

/// Every published area in the search's scope that misses at most one criterion.
pub async fn candidates(pool: &PgPool, s: &Search) -> Result<Vec<SiteFacts>, StoreError> {
    let c = &s.criteria;
    let (lon, lat, radius) = match s.scope.near {
        Some(([lon, lat], r)) => (Some(lon), Some(lat), Some(r)),
        None => (None, None, None),
    };
    let rank = c.min_readiness.map(|r: Readiness| readiness_rank(r) as i32);
    let mut tx = super::planned_per_call(pool).await?;
    let rows = sqlx::query_file!(
        "src/store/sql/search.sql",
        s.scope.municipality.as_deref(),
        s.scope.kind.as_deref(),
        s.scope.availability.as_deref(),
        s.scope.id,
        bbox_wkt(&s.scope),
        polygon_wkt(&s.scope),
        lon,
        lat,
        radius,
        c.min_daa,
        c.max_daa,
        rank,
        c.available_by,
        c.min_mw,
        c.max_e6_km,
        c.max_rail_km,
        c.max_skysstasjon_km,
        c.max_centre_km,
        c.max_farmland_pct,
        c.max_nature_pct,
        c.land_control.as_deref(),
        c.max_price,
        c.utilities.as_deref(),
        c.max_flood_pct,
        c.max_landslide_pct,
        c.max_quick_clay_pct,
        s.scope.include_future,
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(doing("searching areas"))?;
    Ok(rows
        .into_iter()
        .map(|r| SiteFacts {
            id: r.id,
            available_m2: r.available_m2,
            readiness: r.readiness,
            availability: r.availability,
            available_from: r.available_from,
            free_mw_min: r.free_mw_min,
            free_mw_max: r.free_mw_max,
            substation_name: r.substation_name,
            e6_junction_m: r.e6_junction_m,
            rail_terminal_m: r.rail_terminal_m,
            skysstasjon_m: r.skysstasjon_m,
            town_centre_m: r.town_centre_m,
            main_road_m: r.main_road_m,
            farmland_share: Some(r.farmland_share),
            nature_share: Some(r.nature_share),
            flood_share: Some(r.flood_share),
            landslide_share: Some(r.landslide_share),
            quick_clay_share: Some(r.quick_clay_share),
            kind: r.kind,
            land_control: r.land_control,
            price_min: r.price_min,
            fibre: r.fibre,
            utilities_present: r.utilities_present,
            distance_m: r.distance_m,
            missed: r.missed,
        })
        .collect())
}

/// The public GeoJSON features of these areas (in no particular order).
pub async fn features(pool: &PgPool, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>, StoreError> {
    let rows = sqlx::query!(
        r#"select id as "id!", feature as "feature!" from area_public where id = any($1)"#,
        ids
    )
    .fetch_all(pool)
    .await
    .map_err(doing("reading the areas found"))?;
    Ok(rows.into_iter().map(|r| (r.id, r.feature)).collect())
}

/// The search's map view and drawn polygon as WKT polygons in CRS84.
fn bbox_wkt(scope: &Scope) -> Option<String> {
    scope
        .bbox
        .map(|[x0, y0, x1, y1]| ring_wkt(&[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]))
}

fn polygon_wkt(scope: &Scope) -> Option<String> {
    scope.polygon.as_deref().map(ring_wkt)
}

fn ring_wkt(ring: &[[f64; 2]]) -> String {
    let coords: Vec<String> = ring.iter().map(|[x, y]| format!("{x} {y}")).collect();
    format!("POLYGON(({}))", coords.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawn_polygon_becomes_wkt() {
        let scope = Scope {
            polygon: Some(vec![[10.4, 61.1], [10.5, 61.1], [10.5, 61.2], [10.4, 61.1]]),
            ..Scope::default()
        };
        assert_eq!(
            polygon_wkt(&scope).as_deref(),
            Some("POLYGON((10.4 61.1,10.5 61.1,10.5 61.2,10.4 61.1))")
        );
    }
}
