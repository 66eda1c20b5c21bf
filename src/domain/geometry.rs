//! Reading an area's outline from GeoJSON: shape, position in Norway, validity, size.

use geo::{Area, Coord, LineString, MultiPolygon, Polygon, Validation};
use serde_json::Value;

use super::issue::{Issue, IssueType};
use crate::spatial::{in_norway, Crs, Transformer};

/// Smallest outline accepted (m²): smaller is almost certainly a digitising slip.
pub const MIN_AREA_M2: f64 = 100.0;
/// Largest outline accepted (m²): 20 km², far beyond any business area.
pub const MAX_AREA_M2: f64 = 20_000_000.0;

/// The transforms an import needs, built once per file.
pub struct GeometryReader {
    crs: Crs,
    to_lon_lat: Transformer,
    to_storage: Transformer,
}

/// A checked outline in EPSG:25832 with its planar area.
#[derive(Debug, Clone)]
pub struct Outline {
    pub geometry: MultiPolygon<f64>,
    pub area_m2: f64,
}

impl GeometryReader {
    /// Reader for coordinates in `crs`.
    pub fn new(crs: Crs) -> Result<Self, proj::ProjCreateError> {
        Ok(Self {
            crs,
            to_lon_lat: Transformer::new(crs, Crs::Crs84)?,
            to_storage: Transformer::new(crs, Crs::Epsg25832)?,
        })
    }

    /// Check a GeoJSON geometry and return it in EPSG:25832, or every problem found.
    pub fn read(&self, value: Option<&Value>) -> Result<Outline, Vec<Issue>> {
        let value = match value {
            None | Some(Value::Null) => {
                return Err(vec![issue(
                    IssueType::MissingValue,
                    None,
                    "the feature has no geometry",
                    "a Polygon or MultiPolygon",
                )])
            }
            Some(v) => v,
        };
        let mut geometry = parse_polygonal(value).map_err(|i| vec![i])?;
        self.check_position(&geometry).map_err(|i| vec![i])?;
        if let Err(e) = self.to_storage.multi_polygon(&mut geometry) {
            return Err(vec![issue(
                IssueType::OutOfBounds,
                None,
                &format!("the coordinates cannot be transformed to EPSG:25832 ({e})"),
                "coordinates in Norway",
            )]);
        }
        let problems = geometry.validation_errors();
        if !problems.is_empty() {
            return Err(problems
                .iter()
                .map(|p| {
                    issue(
                        IssueType::InvalidGeometry,
                        None,
                        &format!("the outline is not a valid polygon: {p}"),
                        "rings that do not cross themselves or each other, holes inside their shell",
                    )
                })
                .collect());
        }
        let area_m2 = geometry.unsigned_area();
        if area_m2 < MIN_AREA_M2 {
            return Err(vec![issue(
                IssueType::TooSmall,
                Some(format!("{area_m2:.1} m²")),
                "the outline is too small to be a business area",
                &format!("at least {MIN_AREA_M2} m²"),
            )]);
        }
        if area_m2 > MAX_AREA_M2 {
            return Err(vec![issue(
                IssueType::TooLarge,
                Some(format!("{:.0} daa", area_m2 / 1000.0)),
                "the outline is too large to be one business area",
                &format!("at most {} daa", MAX_AREA_M2 / 1000.0),
            )]);
        }
        Ok(Outline { geometry, area_m2 })
    }

    /// Every vertex must lie in Norway; recognise swapped axes and wrong CRSs.
    fn check_position(&self, geometry: &MultiPolygon<f64>) -> Result<(), Issue> {
        let mut outside = None;
        for c in geometry.iter().flat_map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .flat_map(|r| r.coords())
        }) {
            let inside = self
                .to_lon_lat
                .point(c.x, c.y)
                .map(|(lon, lat)| in_norway(lon, lat))
                .unwrap_or(false);
            if !inside {
                outside = Some(*c);
                break;
            }
        }
        let Some(c) = outside else { return Ok(()) };
        let value = Some(format!("[{}, {}]", c.x, c.y));
        let all_swapped = self.crs.is_geographic()
            && geometry.iter().all(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .flat_map(|r| r.coords())
                    .all(|c| in_norway(c.y, c.x))
            });
        if all_swapped {
            return Err(issue(
                IssueType::LatLonSwapped,
                value,
                "the coordinates look like latitude, longitude; GeoJSON puts longitude first",
                "[longitude, latitude], e.g. [10.46, 61.11]",
            ));
        }
        let hint = if self.crs.is_geographic() && c.x.abs() > 180.0 {
            format!("these look like projected metres, not degrees; declare the CRS (EPSG:25832 or EPSG:25833) instead of {}", self.crs)
        } else {
            format!("a vertex lies outside Norway when read as {}", self.crs)
        };
        Err(issue(
            IssueType::OutOfBounds,
            value,
            &hint,
            "coordinates inside mainland Norway in the declared CRS",
        ))
    }
}

fn issue(t: IssueType, value: Option<String>, message: &str, accepted: &str) -> Issue {
    Issue::new(t, "geometry", value, message, accepted)
}

/// Parse a GeoJSON Polygon or MultiPolygon (coordinates as given, any CRS).
fn parse_polygonal(value: &Value) -> Result<MultiPolygon<f64>, Issue> {
    let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
    let coords = value.get("coordinates");
    match (kind, coords) {
        ("Polygon", Some(c)) => Ok(MultiPolygon(vec![parse_polygon(c)?])),
        ("MultiPolygon", Some(Value::Array(parts))) if !parts.is_empty() => Ok(MultiPolygon(
            parts.iter().map(parse_polygon).collect::<Result<_, _>>()?,
        )),
        ("Polygon" | "MultiPolygon", _) => Err(issue(
            IssueType::InvalidGeometry,
            None,
            "the geometry has no usable coordinates",
            "coordinates as arrays of linear rings",
        )),
        (other, _) => Err(issue(
            IssueType::UnexpectedGeometryType,
            Some(if other.is_empty() {
                "(none)".into()
            } else {
                other.into()
            }),
            "an area must be a surface",
            "Polygon or MultiPolygon",
        )),
    }
}

fn parse_polygon(value: &Value) -> Result<Polygon<f64>, Issue> {
    let rings = value.as_array().filter(|r| !r.is_empty()).ok_or_else(|| {
        issue(
            IssueType::InvalidGeometry,
            None,
            "a polygon needs at least one ring",
            "[[[x, y], …]]",
        )
    })?;
    let mut rings = rings.iter().map(parse_ring);
    let exterior = rings.next().unwrap_or_else(|| Ok(LineString(vec![])))?;
    let interiors = rings.collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, interiors))
}

fn parse_ring(value: &Value) -> Result<LineString<f64>, Issue> {
    let positions = value.as_array().ok_or_else(|| {
        issue(
            IssueType::InvalidGeometry,
            None,
            "a ring must be an array of positions",
            "[[x, y], …]",
        )
    })?;
    let mut coords = Vec::with_capacity(positions.len());
    for p in positions {
        let xy = p.as_array().and_then(|a| {
            let x = a.first()?.as_f64()?;
            let y = a.get(1)?.as_f64()?;
            (a.len() <= 3 && x.is_finite() && y.is_finite()).then_some(Coord { x, y })
        });
        match xy {
            Some(c) => coords.push(c),
            None => {
                return Err(issue(
                    IssueType::InvalidGeometry,
                    Some(p.to_string()),
                    "a position must be two (or three) finite numbers",
                    "[x, y]",
                ))
            }
        }
    }
    if coords.len() < 4 {
        return Err(issue(
            IssueType::InvalidGeometry,
            Some(format!("{} positions", coords.len())),
            "a ring needs at least four positions (a triangle and the closing point)",
            "4 or more positions, the last equal to the first",
        ));
    }
    if coords.first() != coords.last() {
        return Err(issue(
            IssueType::InvalidGeometry,
            None,
            "a ring is not closed: its last position differs from its first",
            "rings whose last position repeats the first",
        ));
    }
    Ok(LineString(coords))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn square(lon: f64, lat: f64, d: f64) -> Value {
        json!({"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]})
    }

    fn reader() -> GeometryReader {
        GeometryReader::new(Crs::Crs84).expect("proj")
    }

    fn first_type(r: Result<Outline, Vec<Issue>>) -> IssueType {
        r.expect_err("should fail")[0].issue_type
    }

    #[test]
    fn accepts_a_square_near_lillehammer() {
        let o = reader()
            .read(Some(&square(10.46, 61.11, 0.005)))
            .expect("valid");
        // 0.005° lon × 0.005° lat at 61° N ≈ 270 m × 557 m
        assert!((140_000.0..160_000.0).contains(&o.area_m2), "{}", o.area_m2);
    }

    #[test]
    fn rejects_bad_shapes() {
        let bowtie = json!({"type": "Polygon", "coordinates": [[[10.0, 61.0], [10.01, 61.01], [10.01, 61.0], [10.0, 61.01], [10.0, 61.0]]]});
        assert_eq!(
            first_type(reader().read(Some(&bowtie))),
            IssueType::InvalidGeometry
        );
        let open = json!({"type": "Polygon", "coordinates": [[[10.0, 61.0], [10.01, 61.0], [10.01, 61.01], [10.0, 61.01]]]});
        assert_eq!(
            first_type(reader().read(Some(&open))),
            IssueType::InvalidGeometry
        );
        let point = json!({"type": "Point", "coordinates": [10.0, 61.0]});
        assert_eq!(
            first_type(reader().read(Some(&point))),
            IssueType::UnexpectedGeometryType
        );
        assert_eq!(first_type(reader().read(None)), IssueType::MissingValue);
    }

    #[test]
    fn recognises_swapped_axes_and_foreign_places() {
        let swapped = json!({"type": "Polygon", "coordinates": [[[61.11, 10.46], [61.11, 10.47], [61.12, 10.47], [61.12, 10.46], [61.11, 10.46]]]});
        assert_eq!(
            first_type(reader().read(Some(&swapped))),
            IssueType::LatLonSwapped
        );
        assert_eq!(
            first_type(reader().read(Some(&square(2.35, 48.85, 0.01)))),
            IssueType::OutOfBounds
        );
        let metres = json!({"type": "Polygon", "coordinates": [[[578000.0, 6776000.0], [578100.0, 6776000.0], [578100.0, 6776100.0], [578000.0, 6776000.0]]]});
        assert_eq!(
            first_type(reader().read(Some(&metres))),
            IssueType::OutOfBounds
        );
    }

    #[test]
    fn checks_size() {
        assert_eq!(
            first_type(reader().read(Some(&square(10.46, 61.11, 0.00005)))),
            IssueType::TooSmall
        );
        assert_eq!(
            first_type(reader().read(Some(&square(10.0, 61.0, 0.2)))),
            IssueType::TooLarge
        );
    }
}
