//! The query string of `/collections/{id}/items` (OGC API – Features Parts 1–3) read into
//! a typed [`ItemsQuery`], every mistake named by its parameter.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

pub use super::bbox::bbox_in;
use super::bbox::{clip_to_norway, covers_norway, parse_crs84};
use super::ParamError;
use crate::domain::codes::{Availability, Kind, Readiness};
use crate::domain::filter;
use crate::domain::query::{AreaFilter, Cursor, ItemsQuery, TimeRange, DEFAULT_LIMIT, MAX_LIMIT};
use crate::spatial::Crs;

/// The parameters `/items` understands.
pub const ITEMS_PARAMETERS: &[&str] = &[
    "limit",
    "bbox",
    "after",
    "before",
    "municipality",
    "kind",
    "readiness",
    "availability",
    "crs",
    "bbox-crs",
    "datetime",
    "filter",
    "filter-lang",
    "filter-crs",
    "sortby",
    "f",
];

/// Parse the query pairs of `/collections/areas/items`.
pub fn parse_items_query(pairs: &[(String, String)]) -> Result<ItemsQuery, Vec<ParamError>> {
    let mut errors = Vec::new();
    let mut err = |p: &str, v: &str, m: &str, a: &str| {
        errors.push(ParamError {
            parameter: p.into(),
            value: v.chars().take(120).collect(),
            message: m.into(),
            accepted: a.into(),
        })
    };
    let mut q = ItemsQuery {
        filter: AreaFilter::default(),
        cursor: Cursor::First,
        limit: DEFAULT_LIMIT,
        nothing_can_match: false,
        carried: Vec::new(),
        crs: Crs::Crs84,
        cql: None,
        sort: Vec::new(),
    };
    let mut raw_bbox = None;
    let mut raw_filter: Option<String> = None;
    let mut filter_lang = None;
    let mut filter_crs = Crs::Crs84;
    let mut seen_single = Vec::new();
    for (name, value) in pairs {
        let single = matches!(
            name.as_str(),
            "limit"
                | "bbox"
                | "after"
                | "before"
                | "f"
                | "crs"
                | "bbox-crs"
                | "datetime"
                | "filter"
                | "filter-lang"
                | "filter-crs"
                | "sortby"
        );
        if single {
            if seen_single.contains(name) {
                err(
                    name,
                    value,
                    "the parameter is given more than once",
                    "one value",
                );
                continue;
            }
            seen_single.push(name.clone());
        }
        match name.as_str() {
            "limit" => match value.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => q.limit = n,
                _ => err(
                    name,
                    value,
                    "limit must be a whole number in range",
                    &format!("1 to {MAX_LIMIT}"),
                ),
            },
            "bbox" => raw_bbox = Some(value.clone()),
            "filter" => raw_filter = Some(value.clone()),
            "filter-lang" => match filter::Lang::parse(value) {
                Some(l) => filter_lang = Some(l),
                None => err(name, value, "unknown filter language", "cql2-text, cql2-json"),
            },
            "filter-crs" => match Crs::parse(value) {
                Ok(c) => filter_crs = c,
                Err(e) => err(name, value, &e.to_string(), &supported_crs()),
            },
            "sortby" => match filter::parse_sortby(value) {
                Ok(keys) => q.sort = keys,
                Err(m) => err(
                    name,
                    value,
                    &m,
                    "queryables with + (ascending, default) or - (descending), e.g. -area_available_m2,name",
                ),
            },
            "datetime" => match parse_datetime(value) {
                Ok(range) => q.filter.changed = Some(range),
                Err(m) => err(
                    name,
                    value,
                    &m,
                    "an instant or interval in RFC 3339 (dates or date-times), e.g. 2026-01-01/.., ../2026-06-30T12:00:00Z, 2026-11-27",
                ),
            },
            "crs" | "bbox-crs" => match Crs::parse(value) {
                Ok(c) if name == "crs" => q.crs = c,
                Ok(c) => q.filter.bbox_crs = c,
                Err(e) => err(name, value, &e.to_string(), &supported_crs()),
            },
            "after" | "before" => match Uuid::parse_str(value) {
                Ok(id) => {
                    q.cursor = if name == "after" {
                        Cursor::After(id)
                    } else {
                        Cursor::Before(id)
                    };
                    if seen_single
                        .iter()
                        .filter(|s| *s == "after" || *s == "before")
                        .count()
                        > 1
                    {
                        err(
                            name,
                            value,
                            "after and before cannot be combined",
                            "one of them",
                        );
                    }
                    continue; // cursors are not carried into paging links
                }
                Err(_) => err(
                    name,
                    value,
                    "not a page cursor",
                    "the value from a next or prev link",
                ),
            },
            "municipality" => list(&mut q.filter.municipality, value, |v| {
                (v.len() == 4 && v.chars().all(|c| c.is_ascii_digit())).then_some(())
            })
            .unwrap_or_else(|v| {
                err(
                    name,
                    &v,
                    "a municipality number has four digits",
                    "e.g. 3405,3440",
                )
            }),
            "kind" => list(&mut q.filter.kind, value, |v| Kind::parse(v).map(|_| ()))
                .unwrap_or_else(|v| err(name, &v, "unknown kind", &Kind::accepted())),
            "readiness" => list(&mut q.filter.readiness, value, |v| {
                Readiness::parse(v).map(|_| ())
            })
            .unwrap_or_else(|v| err(name, &v, "unknown readiness", &Readiness::accepted())),
            "availability" => list(&mut q.filter.availability, value, |v| {
                Availability::parse(v).map(|_| ())
            })
            .unwrap_or_else(|v| err(name, &v, "unknown availability", &Availability::accepted())),
            "f" => {
                if !matches!(value.as_str(), "json" | "geojson") {
                    err(name, value, "unsupported output format", "json or geojson");
                }
            }
            _ => err(
                name,
                value,
                "unknown parameter",
                &ITEMS_PARAMETERS.join(", "),
            ),
        }
        q.carried.push((name.clone(), value.clone()));
    }
    if let Some(value) = raw_filter {
        match filter::parse(&value, filter_lang, filter_crs) {
            Ok(e) => q.cql = Some(e),
            Err(e) => err(
                "filter",
                &value,
                &e.to_string(),
                "CQL2 text or JSON over the queryables (/ogc/collections/areas/queryables)",
            ),
        }
    }
    if !q.sort.is_empty() && matches!(q.cursor, Cursor::Before(_)) {
        err(
            "before",
            "",
            "sorted pages are read forwards only (follow the next links)",
            "after",
        );
    }
    if let Some(value) = raw_bbox {
        match read_bbox(&value, q.filter.bbox_crs) {
            Ok(Some(b)) => q.filter.bbox = Some(b),
            Ok(None) if q.filter.bbox_crs == Crs::Crs84 => {
                q.nothing_can_match = parse_crs84(&value)
                    .ok()
                    .is_some_and(|b| clip_to_norway(b).is_none());
            }
            Ok(None) => {}
            Err(m) => err(
                "bbox",
                &value,
                &m,
                "min x,min y,max x,max y in bbox-crs (CRS84 by default: min lon,min lat,max lon,max lat, e.g. 10.3,61.0,10.6,61.2; EPSG:4258 latitude first)",
            ),
        }
    }
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}

/// `datetime` (OGC API – Features Part 1) against the time an area last changed: an
/// instant or an interval `start/end` with `..` for an open end. A date stands for the
/// whole day (from its start, to its end).
fn parse_datetime(raw: &str) -> Result<TimeRange, String> {
    let point = |s: &str, end: bool| -> Result<Option<DateTime<Utc>>, String> {
        let s = s.trim();
        if s == ".." || s.is_empty() {
            return Ok(None);
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(s) {
            return Ok(Some(t.with_timezone(&Utc)));
        }
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| format!("{s:?} is not a date or an RFC 3339 date-time"))?;
        let t = if end {
            d.and_hms_micro_opt(23, 59, 59, 999_999)
        } else {
            d.and_hms_opt(0, 0, 0)
        };
        Ok(t.map(|t| t.and_utc()))
    };
    let (from, to) = match raw.split_once('/') {
        Some((a, b)) => (point(a, false)?, point(b, true)?),
        None if raw.trim() == ".." => return Err("an instant cannot be open".into()),
        None => (point(raw, false)?, point(raw, true)?),
    };
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err("the interval ends before it starts".into());
        }
    }
    Ok((from, to))
}

/// The CRS URIs the areas collection serves.
pub fn supported_crs() -> String {
    Crs::ALL
        .iter()
        .map(|c| c.uri())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A bbox in `crs`, as min x, min y, max x, max y with longitude first; `None` when it
/// filters nothing (covers Norway) or, for CRS84, lies outside Norway.
fn read_bbox(raw: &str, crs: Crs) -> Result<Option<[f64; 4]>, String> {
    if crs == Crs::Crs84 {
        let b = parse_crs84(raw)?;
        return Ok(clip_to_norway(b).filter(|_| !covers_norway(b)));
    }
    bbox_in(raw, crs).map(Some)
}

/// Add comma-separated values to a list filter; `Err(value)` names the first bad value.
fn list(
    target: &mut Option<Vec<String>>,
    raw: &str,
    ok: impl Fn(&str) -> Option<()>,
) -> Result<(), String> {
    let values = target.get_or_insert_with(Vec::new);
    for v in raw.split(',').map(str::trim) {
        ok(v).ok_or_else(|| v.to_string())?;
        if !values.iter().any(|x| x == v) {
            values.push(v.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "items_tests.rs"]
mod tests;
