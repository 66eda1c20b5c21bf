//! Reference layers: the kinds arealbank knows, and reading a layer file into checked
//! features in EPSG:25832.

use geo::{BoundingRect, Centroid, Geometry, MapCoords};
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
    ("quick_clay", Shape::Polygon),
    ("forest", Shape::Polygon),
    ("bog", Shape::Polygon),
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
    /// the class in words (bokmål, English), e.g. ("200-årsflom", "200-year flood")
    pub class_labels: Option<(String, String)>,
    /// the dataset's own id (naturvernId, kulturminneId, NSR id)
    pub reference: Option<String>,
    /// the dataset's page for the feature (fact sheet, Askeladden, …)
    pub link: Option<String>,
    pub properties: Map<String, Value>,
    pub geometry: Geometry<f64>,
}

/// What a reader makes of one feature's attributes.
#[derive(Debug, Clone)]
pub enum Mapped {
    /// a feature of layer `kind`
    Into {
        kind: &'static str,
        name: Option<String>,
        class: Option<String>,
        class_labels: Option<(String, String)>,
        reference: Option<String>,
        link: Option<String>,
    },
    /// a feature the layer does not hold (e.g. AR5 built-up land), counted
    Skip,
    /// an attribute missing or a code unknown
    Problem(Issue),
}

impl Mapped {
    /// A feature of `kind` with only a name and a class.
    pub fn plain(kind: &'static str, name: Option<String>, class: Option<String>) -> Self {
        Mapped::Into {
            kind,
            name,
            class,
            class_labels: None,
            reference: None,
            link: None,
        }
    }
}

/// How the features of a file become features of layers: one reader per dataset.
pub trait Reader {
    fn read(&self, properties: &Map<String, Value>) -> Mapped;

    /// Whether a line read into a point layer stands for a point (its centroid; one
    /// per `reference`), as the junction parts of a road stand for the junction.
    fn points_from_lines(&self) -> bool {
        false
    }
}

/// The layers a file filled, and the features no layer holds.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub features: Vec<(&'static str, LayerFeature)>,
    pub skipped: usize,
}

/// arealbank's own layer files: every feature into one kind, its name and class by the
/// usual property names.
pub struct Plain(pub &'static str);

impl Reader for Plain {
    fn read(&self, props: &Map<String, Value>) -> Mapped {
        let text = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| props.get(*k))
                .and_then(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
        };
        Mapped::plain(
            self.0,
            text(&["name", "navn", "stasjon", "stasjonsnavn"]),
            text(&["class", "arealtype", "klasse", "category"]),
        )
    }
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
    let Some(&(kind, _)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        return Err(vec![Issue::new(
            IssueType::InvalidCode,
            "kind",
            Some(kind.to_string()),
            "arealbank has no reference layer of this kind",
            accepted_kinds(),
        )]);
    };
    Ok(parse_dataset(doc, &Plain(kind), crs)?
        .features
        .into_iter()
        .map(|(_, f)| f)
        .collect())
}

/// Read the features of a GeoJSON FeatureCollection with a dataset's reader: each feature
/// into the layer the reader says, with that layer's shape, in Norway. All problems are
/// collected, by feature.
pub fn parse_dataset(doc: &[u8], reader: &dyn Reader, crs: Crs) -> Result<Parsed, Vec<Issue>> {
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
    let mut out = Parsed::default();
    let mut issues = Vec::new();
    for (i, f) in fc.features.into_iter().enumerate() {
        let props = f.properties.unwrap_or_default();
        let (kind, name, class, class_labels, reference, link) = match reader.read(&props) {
            Mapped::Into {
                kind,
                name,
                class,
                class_labels,
                reference,
                link,
            } => (kind, name, class, class_labels, reference, link),
            Mapped::Skip => {
                out.skipped += 1;
                continue;
            }
            Mapped::Problem(issue) => {
                issues.push(issue.at(i, None));
                continue;
            }
        };
        let shape = shape_of(kind).unwrap_or(Shape::Polygon);
        let label = name.clone().or_else(|| reference.clone());
        let issue = |t, msg: String, accepted: &str| {
            Issue::new(t, "geometry", None, msg, accepted).at(i, label.as_deref())
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
            Ok(g @ (Geometry::LineString(_) | Geometry::MultiLineString(_)))
                if shape == Shape::Point && reader.points_from_lines() =>
            {
                if out
                    .features
                    .iter()
                    .any(|(k, f)| *k == kind && reference.is_some() && f.reference == reference)
                {
                    continue; // another part of the same junction
                }
                match g.centroid() {
                    Some(p) => Geometry::Point(p),
                    None => continue,
                }
            }
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
            Ok(geometry) => out.features.push((
                kind,
                LayerFeature {
                    name,
                    class,
                    class_labels,
                    reference,
                    link,
                    properties: props,
                    geometry,
                },
            )),
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
