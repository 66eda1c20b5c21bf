//! The query string of a company's search (`/api/search`, `/feed.atom`, the datasheets and
//! the map's URL) read into a typed [`Search`], every mistake named by its parameter.

use chrono::NaiveDate;
use geo::{Coord, LineString, Polygon, Validation};
use uuid::Uuid;

use super::bbox::{clamp_to_norway, parse_crs84};
use super::ParamError;
use crate::domain::codes::{Availability, Kind, LandControl, Readiness};
use crate::domain::criteria::{criterion, number_slot, Criterion, Takes, CRITERIA};
use crate::domain::fields;
use crate::domain::profile::{self, Factor};
use crate::domain::search::{
    Format, Scope, Search, Sort, DEFAULT_LIMIT, MAX_LIMIT, MAX_POLYGON_POINTS,
};
use crate::spatial::in_norway;

/// Where to look (before the criteria) and how to answer (after them).
const SCOPE_PARAMETERS: &[&str] = &[
    "municipality",
    "kind",
    "availability",
    "bbox",
    "polygon",
    "near",
    "radius_km",
    "id",
    "future",
];
const ANSWER_PARAMETERS: &[&str] = &["profile", "weights", "sort", "limit", "f"];

/// Every parameter the search reads: scope, the criteria of [`CRITERIA`], and the answer's.
pub fn search_parameters() -> Vec<&'static str> {
    SCOPE_PARAMETERS
        .iter()
        .copied()
        .chain(CRITERIA.iter().map(|c| c.name))
        .chain(ANSWER_PARAMETERS.iter().copied())
        .collect()
}

/// The map's own state in its URL (view, selected area, language): allowed, not used.
pub const MAP_ONLY_PARAMETERS: &[&str] = &["area", "map", "lang", "search"];

/// Parse a search from query pairs.
pub fn parse_search(pairs: &[(String, String)]) -> Result<Search, Vec<ParamError>> {
    let mut errors = Vec::new();
    let mut err = |p: &str, v: &str, m: &str, a: &str| {
        errors.push(ParamError {
            parameter: p.into(),
            value: v.chars().take(120).collect(),
            message: m.into(),
            accepted: a.into(),
        })
    };
    // the profile first: its preset applies to every criterion the request leaves out
    let profile_code = pairs
        .iter()
        .find(|(n, _)| n == "profile")
        .map(|(_, v)| v.as_str());
    let profile = match profile_code {
        None | Some("") | Some("general") => profile::general(),
        Some(code) => profile::profile(code).unwrap_or_else(|| {
            err(
                "profile",
                code,
                "unknown business type",
                "logistics, knowledge, population (or none)",
            );
            profile::general()
        }),
    };
    let mut s = Search {
        scope: Scope::default(),
        criteria: profile.preset.clone(),
        parts: profile.parts.clone(),
        profile,
        weights: Vec::new(),
        sort: Sort::Fit,
        limit: DEFAULT_LIMIT,
        format: Format::Json,
        carried: Vec::new(),
    };
    let mut radius_km = None;
    let mut near = None;
    let mut seen = Vec::<String>::new();
    for (name, value) in pairs {
        if MAP_ONLY_PARAMETERS.contains(&name.as_str()) {
            continue;
        }
        if seen.contains(name) {
            err(
                name,
                value,
                "the parameter is given more than once",
                "one value (lists are comma-separated)",
            );
            continue;
        }
        seen.push(name.clone());
        let v = value.trim();
        let c = &mut s.criteria;
        let outcome: Result<(), (&str, String)> = match name.as_str() {
            "municipality" => list(&mut s.scope.municipality, v, |x| {
                x.len() == 4 && x.chars().all(|c| c.is_ascii_digit())
            })
            .map_err(|_| ("four-digit municipality numbers, e.g. 3405,3440", String::new())),
            "kind" => list(&mut s.scope.kind, v, |x| Kind::parse(x).is_some())
                .map_err(|_| ("", Kind::accepted())),
            "availability" => {
                list(&mut s.scope.availability, v, |x| Availability::parse(x).is_some())
                    .map_err(|_| ("", Availability::accepted()))
            }
            "land_control" => list_or_clear(&mut c.land_control, v, |x| {
                LandControl::parse(x).is_some()
            })
            .map_err(|_| ("", LandControl::accepted())),
            "utilities" => {
                let known: Vec<&str> = fields::utilities().collect();
                list_or_clear(&mut c.utilities, v, |x| known.contains(&x))
                    .map_err(|_| ("", known.join(", ")))
            }
            numeric if number_slot(c, numeric).is_some() => {
                let Some(Criterion { takes: Takes::Number { min, max, unit }, .. }) =
                    criterion(numeric)
                else {
                    unreachable!("a number slot is a number criterion")
                };
                let slot = number_slot(c, numeric).expect("checked above");
                number(slot, v, *min, *max, unit)
            }
            "min_readiness" => {
                if v.is_empty() {
                    c.min_readiness = None;
                    Ok(())
                } else {
                    Readiness::parse(v)
                        .map(|r| c.min_readiness = Some(r))
                        .ok_or(("", Readiness::accepted()))
                }
            }
            "available_by" => {
                if v.is_empty() {
                    c.available_by = None;
                    Ok(())
                } else {
                    NaiveDate::parse_from_str(v, "%Y-%m-%d")
                        .map(|d| c.available_by = Some(d))
                        .map_err(|_| ("", "a date, YYYY-MM-DD".into()))
                }
            }
            "bbox" => parse_bbox(v).map(|b| s.scope.bbox = Some(b)).map_err(|m| {
                (
                    "",
                    format!("{m}; min lon,min lat,max lon,max lat in CRS84"),
                )
            }),
            "polygon" => parse_polygon(v)
                .map(|p| s.scope.polygon = Some(p))
                .map_err(|m| ("", format!("{m}; lon lat pairs separated by commas, in CRS84, e.g. 10.4 61.1,10.5 61.1,10.5 61.2"))),
            "near" => parse_point(v)
                .map(|p| near = Some(p))
                .map_err(|m| ("", format!("{m}; lon,lat in CRS84, e.g. 10.47,61.12"))),
            "radius_km" => number(&mut radius_km, v, 0.0, 500.0, "km"),
            "future" => match v {
                "true" | "1" => {
                    s.scope.include_future = true;
                    Ok(())
                }
                "false" | "0" | "" => {
                    s.scope.include_future = false;
                    Ok(())
                }
                _ => Err(("", "true or false".into())),
            },
            "id" => Uuid::parse_str(v)
                .map(|id| s.scope.id = Some(id))
                .map_err(|_| ("", "an area id (UUID)".into())),
            "profile" => Ok(()),
            "weights" => parse_weights(v)
                .map(|w| s.weights = w)
                .map_err(|m| ("", format!("{m}; factor:weight pairs, e.g. e6_junction:3,farmland:0; factors: {}", Factor::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")))),
            "sort" => Sort::parse(v)
                .map(|x| s.sort = x)
                .ok_or(("", Sort::accepted())),
            "limit" => match v.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => {
                    s.limit = n;
                    Ok(())
                }
                _ => Err(("", format!("a whole number from 1 to {MAX_LIMIT}"))),
            },
            "f" => match v {
                "json" => Ok(()),
                "geojson" => {
                    s.format = Format::GeoJson;
                    Ok(())
                }
                "csv" => {
                    s.format = Format::Csv;
                    Ok(())
                }
                _ => Err(("", "json, geojson or csv".into())),
            },
            _ => Err(("unknown parameter", search_parameters().join(", "))),
        };
        match outcome {
            Ok(()) => {
                if !matches!(name.as_str(), "f" | "limit") {
                    s.carried.push((name.clone(), value.clone()));
                }
            }
            Err((message, accepted)) => {
                let message = if message.is_empty() || message.contains(',') {
                    "not an accepted value"
                } else {
                    message
                };
                let accepted = if accepted.is_empty() {
                    "see the API description".to_string()
                } else {
                    accepted
                };
                err(name, value, message, &accepted)
            }
        }
    }
    match (near, radius_km) {
        (Some(p), r) => s.scope.near = Some((p, r.unwrap_or(2.0) * 1000.0)),
        (None, Some(_)) => err(
            "radius_km",
            "",
            "a radius needs a point",
            "near=lon,lat together with radius_km",
        ),
        (None, None) => {}
    }
    if s.sort == Sort::Distance && s.scope.near.is_none() {
        err(
            "sort",
            "distance",
            "sorting by distance needs a point",
            "near=lon,lat, or another sort",
        );
    }
    if let (Some(lo), Some(hi)) = (s.criteria.min_daa, s.criteria.max_daa) {
        if lo > hi {
            err(
                "min_daa",
                &lo.to_string(),
                "the minimum area is above the maximum",
                "min_daa ≤ max_daa",
            );
        }
    }
    s.parts = profile::reweighted(&s.profile.parts, &s.weights);
    // a shared link carries every criterion in force, the profile's defaults included
    let mut preset = s.profile.preset.clone();
    for c in CRITERIA {
        if s.carried.iter().any(|(k, _)| k == c.name) {
            continue;
        }
        if let Some(Some(v)) = number_slot(&mut preset, c.name).map(|x| *x) {
            s.carried.push((c.name.to_string(), v.to_string()));
        }
    }
    if errors.is_empty() {
        Ok(s)
    } else {
        Err(errors)
    }
}

fn list(target: &mut Option<Vec<String>>, raw: &str, ok: impl Fn(&str) -> bool) -> Result<(), ()> {
    let values = target.get_or_insert_with(Vec::new);
    for v in raw.split(',').map(str::trim).filter(|v| !v.is_empty()) {
        if !ok(v) {
            return Err(());
        }
        if !values.iter().any(|x| x == v) {
            values.push(v.to_string());
        }
    }
    if values.is_empty() {
        *target = None;
    }
    Ok(())
}

/// Like `list`, but an empty value clears a preset.
fn list_or_clear(
    target: &mut Option<Vec<String>>,
    raw: &str,
    ok: impl Fn(&str) -> bool,
) -> Result<(), ()> {
    *target = None;
    list(target, raw, ok)
}

/// A number in range; an empty value clears the criterion (e.g. a profile's preset).
fn number(
    target: &mut Option<f64>,
    raw: &str,
    min: f64,
    max: f64,
    unit: &str,
) -> Result<(), (&'static str, String)> {
    if raw.is_empty() {
        *target = None;
        return Ok(());
    }
    match raw.replace(',', ".").parse::<f64>() {
        Ok(n) if n.is_finite() && (min..=max).contains(&n) => {
            *target = Some(n);
            Ok(())
        }
        _ => Err(("", format!("a number from {min} to {max} ({unit})"))),
    }
}

fn parse_point(raw: &str) -> Result<[f64; 2], String> {
    let parts: Vec<f64> = raw
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| "not two numbers".to_string())?;
    match parts.as_slice() {
        [lon, lat] if in_norway(*lon, *lat) => Ok([*lon, *lat]),
        [lon, lat] if in_norway(*lat, *lon) => {
            Err("the point is outside Norway; longitude and latitude look swapped".into())
        }
        [_, _] => Err("the point is outside Norway".into()),
        _ => Err(format!("a point has two numbers, not {}", parts.len())),
    }
}

fn parse_bbox(raw: &str) -> Result<[f64; 4], String> {
    parse_crs84(raw).map(clamp_to_norway)
}

fn parse_polygon(raw: &str) -> Result<Vec<[f64; 2]>, String> {
    let mut ring = Vec::new();
    for pair in raw.split(',') {
        let xy: Vec<f64> = pair
            .split_whitespace()
            .map(str::parse::<f64>)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("{pair:?} is not a lon lat pair"))?;
        let [x, y] = <[f64; 2]>::try_from(xy.as_slice())
            .map_err(|_| format!("{pair:?} is not a lon lat pair"))?;
        if !in_norway(x, y) {
            return Err(format!("the point {x} {y} is outside Norway"));
        }
        ring.push([x, y]);
    }
    if ring.first() != ring.last() {
        ring.push(ring[0]);
    }
    if ring.len() < 4 {
        return Err("a polygon needs at least three corners".into());
    }
    if ring.len() > MAX_POLYGON_POINTS {
        return Err(format!(
            "the polygon has {} corners; at most {MAX_POLYGON_POINTS}",
            ring.len()
        ));
    }
    let poly = Polygon::new(
        LineString::from(
            ring.iter()
                .map(|[x, y]| Coord { x: *x, y: *y })
                .collect::<Vec<_>>(),
        ),
        vec![],
    );
    if !poly.is_valid() {
        return Err("the polygon crosses itself or has no area".into());
    }
    Ok(ring)
}

fn parse_weights(raw: &str) -> Result<Vec<(Factor, f64)>, String> {
    let mut out: Vec<(Factor, f64)> = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, w) = item
            .split_once(':')
            .ok_or_else(|| format!("{item:?} has no weight"))?;
        let factor =
            Factor::parse(name.trim()).ok_or_else(|| format!("unknown factor {name:?}"))?;
        let weight = w
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|w| w.is_finite() && (0.0..=100.0).contains(w))
            .ok_or_else(|| format!("the weight of {name} must be a number from 0 to 100"))?;
        out.retain(|(f, _)| *f != factor);
        out.push((factor, weight));
    }
    Ok(out)
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
