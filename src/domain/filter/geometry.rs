//! Geometry literals of a filter: read from WKT (CQL2 text) or GeoJSON (CQL2 JSON),
//! checked, and written back as WKT made only of the numbers read, for PostGIS.

use serde_json::Value;

use super::FilterError;
use crate::spatial::Crs;

type Ring = Vec<[f64; 2]>;

/// A geometry literal, longitude (x) first.
#[derive(Debug, Clone, PartialEq)]
pub enum GeomLiteral {
    Point([f64; 2]),
    MultiPoint(Vec<[f64; 2]>),
    LineString(Ring),
    MultiLineString(Vec<Ring>),
    Polygon(Vec<Ring>),
    MultiPolygon(Vec<Vec<Ring>>),
    /// `BBOX(minx, miny, maxx, maxy)`.
    Bbox([f64; 4]),
}

impl GeomLiteral {
    pub fn coordinate_count(&self) -> usize {
        match self {
            GeomLiteral::Point(_) => 1,
            GeomLiteral::Bbox(_) => 2,
            GeomLiteral::MultiPoint(v) | GeomLiteral::LineString(v) => v.len(),
            GeomLiteral::MultiLineString(v) | GeomLiteral::Polygon(v) => {
                v.iter().map(Vec::len).sum()
            }
            GeomLiteral::MultiPolygon(v) => v.iter().flatten().map(Vec::len).sum(),
        }
    }

    /// WKT of the literal (a bbox becomes its rectangle).
    pub fn wkt(&self) -> String {
        fn pt(p: &[f64; 2]) -> String {
            format!("{} {}", p[0], p[1])
        }
        fn line(r: &Ring) -> String {
            format!("({})", r.iter().map(pt).collect::<Vec<_>>().join(","))
        }
        fn poly(p: &[Ring]) -> String {
            format!("({})", p.iter().map(line).collect::<Vec<_>>().join(","))
        }
        match self {
            GeomLiteral::Point(p) => format!("POINT({})", pt(p)),
            GeomLiteral::MultiPoint(v) => format!("MULTIPOINT{}", line(v)),
            GeomLiteral::LineString(v) => format!("LINESTRING{}", line(v)),
            GeomLiteral::MultiLineString(v) => format!("MULTILINESTRING{}", poly(v)),
            GeomLiteral::Polygon(v) => format!("POLYGON{}", poly(v)),
            GeomLiteral::MultiPolygon(v) => format!(
                "MULTIPOLYGON({})",
                v.iter().map(|p| poly(p)).collect::<Vec<_>>().join(",")
            ),
            GeomLiteral::Bbox([x0, y0, x1, y1]) => {
                format!("POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")
            }
        }
    }

    fn positions_mut(&mut self) -> Vec<&mut [f64; 2]> {
        match self {
            GeomLiteral::Point(p) => vec![p],
            GeomLiteral::Bbox(_) => vec![],
            GeomLiteral::MultiPoint(v) | GeomLiteral::LineString(v) => v.iter_mut().collect(),
            GeomLiteral::MultiLineString(v) | GeomLiteral::Polygon(v) => {
                v.iter_mut().flatten().collect()
            }
            GeomLiteral::MultiPolygon(v) => v.iter_mut().flatten().flatten().collect(),
        }
    }

    /// Put longitude first for a CRS written latitude first (EPSG:4258), and check the
    /// numbers and the shape: finite, in range for geographic CRSs, lines of two points
    /// or more, rings closed with four points or more, a bbox minimum below its maximum.
    pub fn normalise(mut self, crs: Crs) -> Result<GeomLiteral, FilterError> {
        if let GeomLiteral::Bbox(b) = &mut self {
            if crs.latitude_first() {
                *b = [b[1], b[0], b[3], b[2]];
            }
            if b[0] > b[2] || b[1] > b[3] {
                return Err(FilterError::new("BBOX minimum is above its maximum"));
            }
            check_position(&[b[0], b[1]], crs)?;
            check_position(&[b[2], b[3]], crs)?;
        }
        for p in self.positions_mut() {
            if crs.latitude_first() {
                p.swap(0, 1);
            }
            check_position(p, crs)?;
        }
        let rings: Vec<&Ring> = match &self {
            GeomLiteral::Polygon(v) => v.iter().collect(),
            GeomLiteral::MultiPolygon(v) => v.iter().flatten().collect(),
            _ => vec![],
        };
        for r in rings {
            if r.len() < 4 || r.first() != r.last() {
                return Err(FilterError::new(
                    "a polygon ring needs at least four positions and must end where it starts",
                ));
            }
        }
        let lines: Vec<&Ring> = match &self {
            GeomLiteral::LineString(v) => vec![v],
            GeomLiteral::MultiLineString(v) => v.iter().collect(),
            _ => vec![],
        };
        if lines.iter().any(|l| l.len() < 2) {
            return Err(FilterError::new("a line needs at least two positions"));
        }
        Ok(self)
    }

    /// Read a GeoJSON geometry object (or `{"bbox": [...]}`) of CQL2 JSON.
    pub fn from_json(v: &Value) -> Result<GeomLiteral, FilterError> {
        if let Some(b) = v.get("bbox") {
            let n = numbers(b)?;
            return match n.as_slice() {
                [a, b, c, d] => Ok(GeomLiteral::Bbox([*a, *b, *c, *d])),
                [a, b, _, d, e, _] => Ok(GeomLiteral::Bbox([*a, *b, *d, *e])),
                _ => Err(FilterError::new("a bbox has four (or six) numbers")),
            };
        }
        let kind = v.get("type").and_then(Value::as_str).unwrap_or_default();
        let c = v
            .get("coordinates")
            .ok_or_else(|| FilterError::new(format!("the {kind} geometry has no coordinates")))?;
        Ok(match kind {
            "Point" => GeomLiteral::Point(position(c)?),
            "MultiPoint" => GeomLiteral::MultiPoint(list(c, position)?),
            "LineString" => GeomLiteral::LineString(list(c, position)?),
            "MultiLineString" => GeomLiteral::MultiLineString(list(c, |r| list(r, position))?),
            "Polygon" => GeomLiteral::Polygon(list(c, |r| list(r, position))?),
            "MultiPolygon" => {
                GeomLiteral::MultiPolygon(list(c, |p| list(p, |r| list(r, position)))?)
            }
            other => {
                return Err(FilterError::new(format!(
                    "unsupported geometry type {other:?}: Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon or a bbox"
                )))
            }
        })
    }
}

fn check_position(p: &[f64; 2], crs: Crs) -> Result<(), FilterError> {
    if !p[0].is_finite() || !p[1].is_finite() {
        return Err(FilterError::new("coordinates must be finite numbers"));
    }
    if crs.is_geographic() && (p[0].abs() > 180.0 || p[1].abs() > 90.0) {
        return Err(FilterError::new(format!(
            "({} {}) is outside longitude −180…180 / latitude −90…90 — if these are metres, set filter-crs (e.g. EPSG:25832)",
            p[0], p[1]
        )));
    }
    Ok(())
}

fn numbers(v: &Value) -> Result<Vec<f64>, FilterError> {
    v.as_array()
        .ok_or_else(|| FilterError::new("expected an array of numbers"))?
        .iter()
        .map(|n| {
            n.as_f64()
                .ok_or_else(|| FilterError::new(format!("{n} is not a number")))
        })
        .collect()
}

fn position(v: &Value) -> Result<[f64; 2], FilterError> {
    match numbers(v)?.as_slice() {
        [x, y] | [x, y, _] => Ok([*x, *y]),
        _ => Err(FilterError::new("a position has two numbers")),
    }
}

fn list<T>(
    v: &Value,
    item: impl Fn(&Value) -> Result<T, FilterError>,
) -> Result<Vec<T>, FilterError> {
    v.as_array()
        .ok_or_else(|| FilterError::new("expected an array of coordinates"))?
        .iter()
        .map(item)
        .collect()
}
