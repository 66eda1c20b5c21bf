//! The grid operators' published free capacity (DIGIN GridCapacity, as WattApp writes it):
//! a JSON array around one GeoJSON-LD FeatureCollection whose features are substations
//! (Point) or their service areas (Polygon), with `availableCons`, `availableProd`,
//! `reservedCons` in `capacityUnit`, `capacityDate` and `owner`; the licence and rights
//! holder of the figures in the collection's `dcterms:*` members. Figures may be negative
//! (the grid above is already short): they are kept as published.

use geo::{InteriorPoint, MultiPolygon, Point};
use serde_json::{Map, Value};

use super::substation::NewSubstation;
use super::{Issue, IssueType};
use crate::spatial::in_norway;

/// A checked operator file: who publishes it under which licence, and its stations in
/// EPSG:25832.
#[derive(Debug, Clone)]
pub struct GridCapacityFile {
    pub title: Option<String>,
    pub licence: Option<String>,
    pub rights_holder: Option<String>,
    pub stations: Vec<NewSubstation>,
}

impl GridCapacityFile {
    /// The operators whose stations the file lists (an import replaces theirs only).
    pub fn operators(&self) -> Vec<String> {
        let mut out: Vec<String> = self.stations.iter().map(|s| s.operator.clone()).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Whether a document looks like a DIGIN GridCapacity file (a JSON-LD context or the
/// capacity properties), as opposed to the project's own substation GeoJSON.
pub fn is_grid_capacity(doc: &Value) -> bool {
    let fc = collection(doc);
    fc.is_some_and(|fc| {
        fc.get("@context").is_some()
            || fc["features"].as_array().is_some_and(|fs| {
                fs.iter()
                    .any(|f| f["properties"].get("availableCons").is_some())
            })
    })
}

fn collection(doc: &Value) -> Option<&Value> {
    match doc {
        Value::Array(items) => items.iter().find(|v| v["type"] == "FeatureCollection"),
        Value::Object(_) if doc["type"] == "FeatureCollection" => Some(doc),
        _ => None,
    }
}

/// A JSON-LD value: a string, `{"@value": …}`, `{"@id": …}` or the first of a list.
fn ld_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|i| ld_text(Some(i))),
        Value::Object(o) => ld_text(
            o.get("@value")
                .or_else(|| o.get("dcterms:title"))
                .or_else(|| o.get("@id")),
        ),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Read an operator's file; every problem is collected, by feature.
pub fn parse_grid_capacity(bytes: &[u8]) -> Result<GridCapacityFile, Vec<Issue>> {
    let file_issue = |t, msg: String| {
        vec![Issue::new(
            t,
            "document",
            None,
            msg,
            "a DIGIN GridCapacity file: a JSON array holding a GeoJSON-LD FeatureCollection",
        )]
    };
    let doc: Value = serde_json::from_slice(bytes)
        .map_err(|e| file_issue(IssueType::InvalidJson, format!("the file is not JSON: {e}")))?;
    let Some(fc) = collection(&doc) else {
        return Err(file_issue(
            IssueType::InvalidValue,
            "the file holds no FeatureCollection".into(),
        ));
    };
    let licence = ld_text(fc.get("dcterms:license"));
    let holder_name =
        ld_text(fc.get("dcterms:rightHolder")).or_else(|| ld_text(fc.get("dcterms:publisher")));
    let holder_id = ld_text(fc.get("dcterms:rightsHolder"));
    let rights_holder = match (holder_name, holder_id) {
        (Some(n), Some(id)) if n != id => Some(format!("{n} ({id})")),
        (n, id) => n.or(id),
    };
    let source_url = ld_text(fc.get("dcat:isVersionOf")).filter(|u| u.starts_with("http"));
    let title = ld_text(fc.get("dcterms:title"));
    let empty = Vec::new();
    let features = fc["features"].as_array().unwrap_or(&empty);
    if features.is_empty() {
        return Err(file_issue(
            IssueType::MissingValue,
            "the FeatureCollection has no features".into(),
        ));
    }
    let mut stations: Vec<NewSubstation> = Vec::new();
    let mut issues = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let props = f["properties"].as_object().cloned().unwrap_or_default();
        let name = ld_text(props.get("name"));
        let at = |issue: Issue| issue.at(i, name.as_deref());
        match read_station(f, &props, &rights_holder) {
            Ok(mut s) => {
                if stations
                    .iter()
                    .any(|o| o.operator == s.operator && o.name == s.name)
                {
                    issues.push(at(Issue::new(
                        IssueType::DuplicateReference,
                        "name",
                        Some(s.name.clone()),
                        "the file lists this station of the operator twice",
                        "each station once per operator",
                    )));
                    continue;
                }
                s.licence = licence.clone();
                s.rights_holder = rights_holder.clone();
                s.source_url = source_url.clone();
                stations.push(s);
            }
            Err(found) => issues.extend(found.into_iter().map(at)),
        }
    }
    if issues.is_empty() {
        Ok(GridCapacityFile {
            title,
            licence,
            rights_holder,
            stations,
        })
    } else {
        Err(issues)
    }
}

/// MW per unit of `capacityUnit`.
fn mw_per(unit: &str) -> Option<f64> {
    match unit.trim().to_ascii_lowercase().as_str() {
        "mw" => Some(1.0),
        "kw" => Some(0.001),
        "gw" => Some(1000.0),
        _ => None,
    }
}

fn read_station(
    f: &Value,
    props: &Map<String, Value>,
    rights_holder: &Option<String>,
) -> Result<NewSubstation, Vec<Issue>> {
    let mut issues = Vec::new();
    let mut bad = |t, field: &str, value: Option<String>, msg: &str, accepted: &str| {
        issues.push(Issue::new(t, field, value, msg, accepted))
    };
    let name = ld_text(props.get("name"));
    let operator = ld_text(props.get("owner")).or_else(|| rights_holder.clone());
    if name.is_none() {
        bad(
            IssueType::MissingValue,
            "name",
            None,
            "the station has no name",
            "the substation's name, e.g. \"Fåberg\"",
        );
    }
    if operator.is_none() {
        bad(
            IssueType::MissingValue,
            "owner",
            None,
            "the station has no owner and the file names no rights holder",
            "the grid operator's name, e.g. \"Elvia\"",
        );
    }
    let unit = ld_text(props.get("capacityUnit")).unwrap_or_else(|| "MW".into());
    let factor = mw_per(&unit);
    if factor.is_none() {
        bad(
            IssueType::InvalidCode,
            "capacityUnit",
            Some(unit.clone()),
            "unknown unit of the capacity figures",
            "MW, kW or GW",
        );
    }
    let mut figure = |key: &str| -> Option<f64> {
        match props.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_f64().filter(|x| x.is_finite()) {
                Some(x) => factor.map(|k| x * k),
                None => {
                    bad(
                        IssueType::InvalidValue,
                        key,
                        Some(v.to_string()),
                        "a capacity figure must be a number",
                        "a number (negative when the grid is short)",
                    );
                    None
                }
            },
        }
    };
    let cons = figure("availableCons");
    let prod = figure("availableProd");
    let reserved = figure("reservedCons");
    if reserved.is_some_and(|r| r < 0.0) {
        bad(
            IssueType::InvalidValue,
            "reservedCons",
            reserved.map(|r| r.to_string()),
            "reserved capacity cannot be negative",
            "0 or more",
        );
    }
    let date = ld_text(props.get("capacityDate"));
    let as_of = date.as_deref().and_then(|d| {
        chrono::DateTime::parse_from_rfc3339(d)
            .map(|t| t.date_naive())
            .ok()
            .or_else(|| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
    });
    if as_of.is_none() {
        bad(
            if date.is_none() {
                IssueType::MissingValue
            } else {
                IssueType::InvalidValue
            },
            "capacityDate",
            date,
            "the figures need the date they were published",
            "a date or time, e.g. 2025-12-01T14:19:43Z",
        );
    }
    let place = read_place(&f["geometry"]);
    if let Err(issue) = &place {
        issues.push(issue.clone());
    }
    match (name, operator, as_of, place) {
        (Some(name), Some(operator), Some(as_of), Ok((position, service_area)))
            if issues.is_empty() =>
        {
            Ok(NewSubstation {
                name,
                operator,
                voltage_kv: None,
                position_known: service_area.is_none(),
                position,
                free_mw: (cons, cons),
                future_mw: (None, None),
                available_prod_mw: prod,
                reserved_cons_mw: reserved,
                measure: None,
                expected_year: None,
                queue_status: None,
                source_url: None,
                licence: None,
                rights_holder: None,
                external_id: ld_text(f.get("elbitsSubstationId")).or_else(|| ld_text(f.get("id"))),
                service_area,
                as_of,
                demo: false,
            })
        }
        _ => Err(issues),
    }
}

/// The station's position and service area in EPSG:25832 from a GeoJSON(-LD) geometry in
/// longitude/latitude: a Point, or a (Multi)Polygon whose interior point stands for it.
fn read_place(g: &Value) -> Result<(Point<f64>, Option<MultiPolygon<f64>>), Issue> {
    let wrong = |msg: &str| {
        Issue::new(
            IssueType::InvalidGeometry,
            "geometry",
            None,
            msg,
            "a GeoJSON Point (the station) or Polygon (its service area) in longitude/latitude",
        )
    };
    let geometry: geo::Geometry<f64> = serde_json::from_value::<geojson::Geometry>(g.clone())
        .ok()
        .and_then(|g| geo::Geometry::try_from(g.value).ok())
        .ok_or_else(|| wrong("the geometry cannot be read"))?;
    let mut area = match geometry {
        geo::Geometry::Point(p) => {
            if !in_norway(p.x(), p.y()) {
                return Err(wrong("the station does not lie in Norway"));
            }
            let t = crate::spatial::Transformer::new(
                crate::spatial::Crs::Crs84,
                crate::spatial::Crs::Epsg25832,
            )
            .map_err(|_| wrong("no transformation to EPSG:25832"))?;
            let (x, y) = t
                .point(p.x(), p.y())
                .map_err(|_| wrong("the position cannot be transformed"))?;
            return Ok((Point::new(x, y), None));
        }
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(m) => m,
        _ => return Err(wrong("a station is a Point or its service area a Polygon")),
    };
    let inside = area
        .0
        .iter()
        .flat_map(|p| p.exterior().coords())
        .all(|c| in_norway(c.x, c.y));
    if !inside {
        return Err(wrong("the service area does not lie in Norway"));
    }
    crate::spatial::Transformer::new(crate::spatial::Crs::Crs84, crate::spatial::Crs::Epsg25832)
        .map_err(|_| wrong("no transformation to EPSG:25832"))?
        .multi_polygon(&mut area)
        .map_err(|_| wrong("the service area cannot be transformed"))?;
    let position = area
        .interior_point()
        .ok_or_else(|| wrong("the service area is empty"))?;
    Ok((position, Some(area)))
}
