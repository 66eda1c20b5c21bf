//! Reference layers: the kinds arealbank knows, and reading a layer file into checked
//! features in EPSG:25832.

use geo::{BoundingRect, Geometry, MapCoords};
use serde_json::{Map, Value};

use super::{Issue, IssueType};
use crate::spatial::{in_norway, Crs, Transformer};

/// The shape every feature of a layer has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Point,
    Line,
    Polygon,
}

/// Every reference layer (the `layer` table holds their titles and provenance).
pub const KINDS: &[(&str, Shape)] = &[
    ("e6", Shape::Line),
    ("e6_junction", Shape::Point),
    ("main_road", Shape::Line),
    ("railway", Shape::Line),
    ("passenger_station", Shape::Point),
    ("rail_terminal", Shape::Point),
    ("skysstasjon", Shape::Point),
    ("town_centre", Shape::Point),
    ("farmland", Shape::Polygon),
    ("protected_nature", Shape::Polygon),
    ("flood_zone", Shape::Polygon),
    ("landslide_hazard", Shape::Polygon),
    ("cultural_heritage", Shape::Polygon),
];

/// The shape of a layer kind; `None` for a kind arealbank does not know.
pub fn shape_of(kind: &str) -> Option<Shape> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s)
}

pub fn accepted_kinds() -> String {
    KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
}

/// One checked feature of a layer, its geometry as GeoJSON in EPSG:25832.
#[derive(Debug, Clone)]
pub struct LayerFeature {
    pub name: Option<String>,
    pub class: Option<String>,
    pub properties: Map<String, Value>,
    pub geometry: Geometry<f64>,
}

/// Where a layer's data came from.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub source: String,
    pub licence: String,
    pub as_of: chrono::NaiveDate,
    pub demo: bool,
}

/// Read the features of a GeoJSON FeatureCollection (already converted from another format
/// if need be) in `crs` as features of a `kind` layer: every feature must have the layer's
/// shape and lie in Norway. All problems are collected.
pub fn parse_layer(doc: &[u8], kind: &str, crs: Crs) -> Result<Vec<LayerFeature>, Vec<Issue>> {
    let Some(shape) = shape_of(kind) else {
        return Err(vec![Issue::new(
            IssueType::InvalidCode,
            "kind",
            Some(kind.to_string()),
            "arealbank has no reference layer of this kind",
            accepted_kinds(),
        )]);
    };
    let fc: geojson::FeatureCollection = std::str::from_utf8(doc)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            text.parse::<geojson::FeatureCollection>()
                .map_err(|e| e.to_string())
        })
        .map_err(|e| {
            vec![Issue::new(
                IssueType::InvalidJson,
                "document",
                None,
                format!("the file is not a GeoJSON FeatureCollection: {e}"),
                "a GeoJSON FeatureCollection (RFC 7946)",
            )]
        })?;
    let to_storage = transformer(crs, Crs::Epsg25832)?;
    let to_lon_lat = transformer(crs, Crs::Crs84)?;
    let mut out = Vec::new();
    let mut issues = Vec::new();
    for (i, f) in fc.features.into_iter().enumerate() {
        let props = f.properties.unwrap_or_default();
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| props.get(*k))
                .and_then(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
        };
        let name = text(&["name", "navn", "stasjon", "stasjonsnavn"]);
        let class = text(&["class", "arealtype", "klasse", "category"]);
        let issue = |t, msg: String, accepted: &str| {
            Issue::new(t, "geometry", None, msg, accepted).at(i, name.as_deref())
        };
        let Some(g) = f.geometry else {
            issues.push(issue(
                IssueType::MissingValue,
                "the feature has no geometry".into(),
                shape_name(shape),
            ));
            continue;
        };
        let geometry: Geometry<f64> = match Geometry::try_from(g.value) {
            Ok(g) => g,
            Err(e) => {
                issues.push(issue(
                    IssueType::InvalidGeometry,
                    format!("the geometry cannot be read: {e}"),
                    shape_name(shape),
                ));
                continue;
            }
        };
        if !has_shape(&geometry, shape) {
            issues.push(issue(
                IssueType::UnexpectedGeometryType,
                format!(
                    "a {kind} layer holds {}, not this geometry",
                    shape_name(shape)
                ),
                shape_name(shape),
            ));
            continue;
        }
        let inside = geometry.bounding_rect().is_some_and(|r| {
            [r.min(), r.max()].iter().all(|c| {
                to_lon_lat
                    .point(c.x, c.y)
                    .is_ok_and(|(lon, lat)| in_norway(lon, lat))
            })
        });
        if !inside {
            issues.push(issue(
                IssueType::OutOfBounds,
                format!("the geometry lies outside Norway when read as {crs}"),
                "coordinates in Norway in the file's CRS (check the CRS and the axis order)",
            ));
            continue;
        }
        let stored = geometry.try_map_coords(|c| {
            to_storage
                .point(c.x, c.y)
                .map(|(x, y)| geo::coord! {x: x, y: y})
        });
        match stored {
            Ok(geometry) => out.push(LayerFeature {
                name,
                class,
                properties: props,
                geometry,
            }),
            Err(e) => issues.push(issue(
                IssueType::InvalidGeometry,
                format!("the coordinates cannot be transformed: {e}"),
                shape_name(shape),
            )),
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}

/// A PROJ transformation, or the problem that there is none (PROJ itself is broken).
pub(crate) fn transformer(from: Crs, to: Crs) -> Result<Transformer, Vec<Issue>> {
    Transformer::new(from, to).map_err(|e| {
        vec![Issue::new(
            IssueType::UnsupportedCrs,
            "crs",
            Some(from.to_string()),
            format!("no transformation from {from} to {to}: {e}"),
            "CRS84, EPSG:4258, EPSG:25832 or EPSG:25833",
        )]
    })
}

fn has_shape(g: &Geometry<f64>, shape: Shape) -> bool {
    matches!(
        (g, shape),
        (Geometry::Point(_) | Geometry::MultiPoint(_), Shape::Point)
            | (
                Geometry::LineString(_) | Geometry::MultiLineString(_),
                Shape::Line
            )
            | (
                Geometry::Polygon(_) | Geometry::MultiPolygon(_),
                Shape::Polygon
            )
    )
}

fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Point => "Point or MultiPoint geometries",
        Shape::Line => "LineString or MultiLineString geometries",
        Shape::Polygon => "Polygon or MultiPolygon geometries",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(geometry: Value) -> Vec<u8> {
        serde_json::json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"navn": "Lillehammer"}, "geometry": geometry}
        ]})
        .to_string()
        .into_bytes()
    }

    #[test]
    fn reads_points_into_storage_coordinates() {
        let f = parse_layer(
            &doc(serde_json::json!({"type": "Point", "coordinates": [10.46101, 61.114625]})),
            "passenger_station",
            Crs::Crs84,
        )
        .expect("a station");
        assert_eq!(f[0].name.as_deref(), Some("Lillehammer"));
        let Geometry::Point(p) = f[0].geometry else {
            panic!("a point")
        };
        assert!(
            (p.x() - 578_300.0).abs() < 2_000.0 && (p.y() - 6_776_000.0).abs() < 5_000.0,
            "{p:?}"
        );
    }

    #[test]
    fn refuses_the_wrong_shape_unknown_kinds_and_places_abroad() {
        let line =
            serde_json::json!({"type": "LineString", "coordinates": [[10.4, 61.1], [10.5, 61.2]]});
        let e = parse_layer(&doc(line.clone()), "town_centre", Crs::Crs84)
            .expect_err("a line is no point");
        assert_eq!(e[0].issue_type, IssueType::UnexpectedGeometryType);
        let e = parse_layer(&doc(line), "airport", Crs::Crs84).expect_err("unknown kind");
        assert_eq!(e[0].field, "kind");
        let paris = serde_json::json!({"type": "Point", "coordinates": [2.35, 48.85]});
        let e = parse_layer(&doc(paris), "town_centre", Crs::Crs84).expect_err("abroad");
        assert_eq!(e[0].issue_type, IssueType::OutOfBounds);
    }
}
