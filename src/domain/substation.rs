//! Substations (transformatorstasjoner): reading them from GeoJSON and checking the
//! capacity figures. Capacity belongs to the substation's supply area.

use geo::Point;
use serde_json::Value;

use super::layer::transformer;
use super::{Issue, IssueType};
use crate::spatial::{in_norway, Crs};

pub const QUEUE_STATUSES: &[&str] = &["free", "limited", "queue"];

/// A checked substation, its position in EPSG:25832.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubstation {
    pub name: String,
    pub operator: String,
    pub voltage_kv: Option<f64>,
    pub position: Point<f64>,
    /// false when the operator published only a service area (`position` lies inside it)
    pub position_known: bool,
    /// the service area the operator published, EPSG:25832
    pub service_area: Option<geo::MultiPolygon<f64>>,
    /// free capacity for consumption (the operators' `availableCons`), may be negative
    pub free_mw: (Option<f64>, Option<f64>),
    pub future_mw: (Option<f64>, Option<f64>),
    /// free capacity for production (`availableProd`), may be negative
    pub available_prod_mw: Option<f64>,
    /// capacity reserved by customers in the queue (`reservedCons`)
    pub reserved_cons_mw: Option<f64>,
    pub measure: Option<String>,
    pub expected_year: Option<i32>,
    pub queue_status: Option<String>,
    pub source_url: Option<String>,
    /// the licence and rights holder of the figures, as the operator declares them
    pub licence: Option<String>,
    pub rights_holder: Option<String>,
    /// the operator's own id of the station (DIGIN `elbitsSubstationId`)
    pub external_id: Option<String>,
    pub as_of: chrono::NaiveDate,
    pub demo: bool,
}

/// Read every feature of a FeatureCollection as a substation; all problems collected.
pub fn parse_substations(doc: &[u8], crs: Crs) -> Result<Vec<NewSubstation>, Vec<Issue>> {
    let v: Value = serde_json::from_slice(doc).map_err(|e| {
        vec![Issue::new(
            IssueType::InvalidJson,
            "document",
            None,
            format!("the file is not valid JSON: {e}"),
            "a GeoJSON FeatureCollection of Points",
        )]
    })?;
    let to_storage = transformer(crs, Crs::Epsg25832)?;
    let to_lon_lat = transformer(crs, Crs::Crs84)?;
    let mut out = Vec::new();
    let mut issues = Vec::new();
    let empty = Vec::new();
    for (i, f) in v["features"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .enumerate()
    {
        let props = f["properties"].as_object().cloned().unwrap_or_default();
        let name = props
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut push = |field: &str, value: Option<String>, message: &str, accepted: &str| {
            issues.push(
                Issue::new(IssueType::InvalidValue, field, value, message, accepted)
                    .at(i, name.as_deref()),
            )
        };
        let coords = f["geometry"]["coordinates"].as_array();
        let point = match (f["geometry"]["type"].as_str(), coords) {
            (Some("Point"), Some(c)) if c.len() >= 2 => c[0].as_f64().zip(c[1].as_f64()),
            _ => None,
        };
        let Some((x, y)) = point else {
            push(
                "geometry",
                None,
                "a substation is a point",
                "a GeoJSON Point",
            );
            continue;
        };
        if !to_lon_lat
            .point(x, y)
            .is_ok_and(|(lon, lat)| in_norway(lon, lat))
        {
            push(
                "geometry",
                Some(format!("{x}, {y}")),
                "the position is not in Norway",
                "a point in Norway in the file's CRS",
            );
            continue;
        }
        let Ok((sx, sy)) = to_storage.point(x, y) else {
            continue;
        };
        let text = |k: &str| {
            props
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let number = |k: &str| props.get(k).and_then(Value::as_f64);
        let (Some(name), Some(operator)) = (text("name"), text("operator")) else {
            push(
                "name",
                None,
                "a substation needs its name and operator",
                "name and operator, e.g. \"Fåberg\", \"Elvia\"",
            );
            continue;
        };
        let free_mw = (
            number("free_capacity_mw_min"),
            number("free_capacity_mw_max"),
        );
        let future_mw = (
            number("future_capacity_mw_min"),
            number("future_capacity_mw_max"),
        );
        for (field, (lo, hi)) in [
            ("free_capacity_mw_min", free_mw),
            ("future_capacity_mw_min", future_mw),
        ] {
            if matches!((lo, hi), (Some(a), Some(b)) if a > b) {
                push(
                    field,
                    Some(format!("{lo:?}–{hi:?}")),
                    "a capacity range must run from a lower to a higher figure",
                    "min ≤ max (MW; negative when the grid is short)",
                );
            }
        }
        let reserved_cons_mw = number("reserved_cons_mw");
        if reserved_cons_mw.is_some_and(|r| r < 0.0) {
            push(
                "reserved_cons_mw",
                reserved_cons_mw.map(|r| r.to_string()),
                "reserved capacity cannot be negative",
                "0 or more (MW)",
            );
        }
        let queue_status = text("queue_status");
        if queue_status
            .as_deref()
            .is_some_and(|q| !QUEUE_STATUSES.contains(&q))
        {
            push(
                "queue_status",
                queue_status.clone(),
                "unknown queue status",
                "free, limited or queue",
            );
        }
        let as_of =
            text("as_of").and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let Some(as_of) = as_of else {
            push(
                "as_of",
                text("as_of"),
                "capacity figures need the date they were published",
                "a date, YYYY-MM-DD",
            );
            continue;
        };
        out.push(NewSubstation {
            name,
            operator,
            voltage_kv: number("voltage_kv"),
            position: Point::new(sx, sy),
            position_known: props
                .get("position_known")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            service_area: None,
            free_mw,
            future_mw,
            available_prod_mw: number("available_prod_mw"),
            reserved_cons_mw,
            measure: text("measure"),
            expected_year: number("expected_year").map(|y| y as i32),
            queue_status,
            source_url: text("source_url"),
            licence: text("licence"),
            rights_holder: text("rights_holder"),
            external_id: text("external_id"),
            as_of,
            demo: props.get("demo").and_then(Value::as_bool).unwrap_or(false),
        });
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(issues)
    }
}
