//! Gross area computed by PostGIS, checked against an independent computation.

use geo::{Area, Coord, GeodesicArea, LineString, Polygon};
use proj::Proj;
use serde_json::{json, Value};

use crate::helpers::{collection, feature, spawn_app, LILLEHAMMER};

/// A real-shaped outline: 11 irregular vertices, ~40 daa, with a hole.
fn outline() -> Vec<Vec<[f64; 2]>> {
    let (lon, lat) = LILLEHAMMER;
    let shell = [
        (0.0, 0.0),
        (1.9, -0.3),
        (3.6, 0.4),
        (4.1, 1.9),
        (3.2, 2.6),
        (3.5, 3.9),
        (2.1, 4.4),
        (0.9, 3.6),
        (-0.6, 3.9),
        (-1.0, 2.2),
        (-0.2, 1.1),
    ];
    let hole = [(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0)];
    let ring = |pts: &[(f64, f64)]| {
        let mut r: Vec<[f64; 2]> = pts
            .iter()
            .map(|(x, y)| [lon + x * 0.001, lat + y * 0.0005])
            .collect();
        r.push(r[0]);
        r
    };
    vec![ring(&shell), ring(&hole)]
}

fn polygon_of(rings: &[Vec<[f64; 2]>]) -> Polygon<f64> {
    let ls = |r: &Vec<[f64; 2]>| LineString(r.iter().map(|p| Coord { x: p[0], y: p[1] }).collect());
    Polygon::new(ls(&rings[0]), rings[1..].iter().map(ls).collect())
}

#[tokio::test]
async fn gross_area_agrees_with_proj_and_geo_within_a_tenth_of_a_percent() {
    let app = spawn_app().await;
    let rings = outline();
    let ids = app
        .insert(&collection(vec![feature(
            "M-1",
            "3405",
            "available",
            rings.clone(),
            json!({}),
        )]))
        .await;
    let (_, f) = app
        .get_json(&format!("/ogc/collections/areas/items/{}", ids[0]), 200)
        .await;
    let stored = f["properties"]["area_gross_m2"]
        .as_f64()
        .expect("area_gross_m2");

    // independent 1: PROJ's own EPSG definitions (not our pipeline) into UTM 32N, geo's planar area
    let to_utm = Proj::new_known_crs("OGC:CRS84", "EPSG:25832", None)
        .or_else(|_| Proj::new("+proj=utm +zone=32 +ellps=GRS80 +units=m"))
        .expect("proj");
    let mut planar = polygon_of(&rings);
    planar = planar.map_coords_utm(&to_utm);
    let utm_area = planar.unsigned_area();
    // independent 2: geodesic area on the ellipsoid (no projection at all)
    let geodesic = polygon_of(&rings).geodesic_area_unsigned();

    assert!(stored > 30_000.0, "plausible size: {stored}");
    assert!(
        ((stored - utm_area) / utm_area).abs() < 0.001,
        "PostGIS {stored} vs proj+geo {utm_area}"
    );
    assert!(
        ((stored - geodesic) / geodesic).abs() < 0.001,
        "PostGIS {stored} vs geodesic {geodesic}"
    );
    let _: Value = f;
}

trait MapUtm {
    fn map_coords_utm(self, proj: &Proj) -> Self;
}

impl MapUtm for Polygon<f64> {
    fn map_coords_utm(self, proj: &Proj) -> Self {
        use geo::MapCoords;
        self.map_coords(|c| {
            let (x, y) = proj.convert((c.x, c.y)).expect("transform");
            Coord { x, y }
        })
    }
}
