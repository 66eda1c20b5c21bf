//! Reading the query of an items request into typed filters (OGC API – Features Part 1
//! parameters plus simple property filters). No HTTP here: the API hands over the pairs.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::codes::{Availability, Kind, Readiness};
use super::filter::{self, CmpOp, Expr, GeomLiteral, GeomOperand, Operand, SortKey, SpatialOp};
use crate::spatial::{Crs, NORWAY_LON_LAT};

/// Page size when the client asks for none.
pub const DEFAULT_LIMIT: i64 = 100;
/// Largest page a client may ask for.
pub const MAX_LIMIT: i64 = 10_000;

/// From and to (inclusive); `None` is an open end.
pub type TimeRange = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Filters for public areas (all optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaFilter {
    pub municipality: Option<Vec<String>>,
    pub kind: Option<Vec<String>>,
    pub readiness: Option<Vec<String>>,
    pub availability: Option<Vec<String>>,
    /// min x, min y, max x, max y in `bbox_crs` (longitude first for geographic CRSs);
    /// a CRS84 box is already clipped to Norway.
    pub bbox: Option<[f64; 4]>,
    pub bbox_crs: Crs,
    /// Last changed within (`datetime`): from, to (inclusive; open ends are `None`).
    pub changed: Option<TimeRange>,
}

/// Where a page starts (keyset paging on the area id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    First,
    After(Uuid),
    Before(Uuid),
}

/// A parsed items request.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsQuery {
    pub filter: AreaFilter,
    pub cursor: Cursor,
    pub limit: i64,
    /// The bbox lies wholly outside Norway: the answer is empty without asking the database.
    pub nothing_can_match: bool,
    /// The request's parameters other than the cursor, in their order, for paging links.
    pub carried: Vec<(String, String)>,
    /// The CRS of the answer's coordinates (`crs`, Part 2).
    pub crs: Crs,
    /// A CQL2 filter (`filter`, Part 3), checked.
    pub cql: Option<Expr>,
    /// `sortby` keys; empty: by id.
    pub sort: Vec<SortKey>,
}

impl ItemsQuery {
    /// The whole selection as one expression when the request needs the general path
    /// (a CQL2 filter or a sort order); `None` for the plain key-ordered pages.
    pub fn expression(&self) -> Option<Expr> {
        if self.cql.is_none() && self.sort.is_empty() {
            return None;
        }
        let mut all = self.filter.conditions();
        all.extend(self.cql.clone());
        Some(match all.len() {
            0 => Expr::Bool(true),
            1 => all.remove(0),
            _ => Expr::And(all),
        })
    }
}

impl AreaFilter {
    /// The simple filters as CQL2 conditions (used when they meet a CQL2 filter).
    pub fn conditions(&self) -> Vec<Expr> {
        let prop = |name: &str| {
            Operand::Property(filter::queryable(name).expect("a queryable of the simple filters"))
        };
        let mut out = Vec::new();
        for (name, values) in [
            ("municipality", &self.municipality),
            ("kind", &self.kind),
            ("readiness", &self.readiness),
            ("availability", &self.availability),
        ] {
            if let Some(v) = values {
                out.push(Expr::In {
                    value: prop(name),
                    list: v.iter().cloned().map(Operand::Text).collect(),
                    negated: false,
                });
            }
        }
        if let Some(b) = self.bbox {
            out.push(Expr::Spatial(
                SpatialOp::Intersects,
                GeomOperand::Outline,
                GeomOperand::Literal {
                    geom: GeomLiteral::Bbox(b),
                    srid: self.bbox_crs.srid(),
                },
            ));
        }
        if let Some((from, to)) = self.changed {
            if let Some(t) = from {
                out.push(Expr::Compare(
                    CmpOp::Ge,
                    prop("updated_at"),
                    Operand::Timestamp(t),
                ));
            }
            if let Some(t) = to {
                out.push(Expr::Compare(
                    CmpOp::Le,
                    prop("updated_at"),
                    Operand::Timestamp(t),
                ));
            }
        }
        out
    }
}

/// A parameter the client got wrong.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParamError {
    pub parameter: String,
    pub value: String,
    pub message: String,
    pub accepted: String,
}

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
                q.nothing_can_match = parse_bbox(&value)
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
        let b = parse_bbox(raw)?;
        return Ok(clip_to_norway(b).filter(|_| !covers_norway(b)));
    }
    bbox_in(raw, crs).map(Some)
}

/// A bbox in `crs` as min x, min y, max x, max y, longitude first (EPSG:4258 is given
/// latitude first and turned round), checked but not clipped.
pub fn bbox_in(raw: &str, crs: Crs) -> Result<[f64; 4], String> {
    if crs == Crs::Crs84 {
        return parse_bbox(raw);
    }
    let parts: Vec<f64> = raw
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| "bbox must be four numbers separated by commas".to_string())?;
    let [a, b, c, d] = <[f64; 4]>::try_from(parts.as_slice())
        .map_err(|_| format!("bbox must have four numbers, not {}", parts.len()))?;
    if [a, b, c, d].iter().any(|v| !v.is_finite()) {
        return Err("bbox numbers must be finite".into());
    }
    // EPSG:4258 is latitude first: turn it round to longitude first for PostGIS
    let [x0, y0, x1, y1] = if crs.latitude_first() {
        [b, a, d, c]
    } else {
        [a, b, c, d]
    };
    if x0 > x1 || y0 > y1 {
        return Err("bbox minimum is above its maximum".into());
    }
    if crs.is_geographic() && (x0 < -180.0 || x1 > 180.0 || y0 < -90.0 || y1 > 90.0) {
        return Err("bbox is outside the range of latitude and longitude".into());
    }
    Ok([x0, y0, x1, y1])
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

fn parse_bbox(raw: &str) -> Result<[f64; 4], String> {
    let parts: Vec<f64> = raw
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| "bbox must be four numbers separated by commas".to_string())?;
    let [x0, y0, x1, y1] = <[f64; 4]>::try_from(parts.as_slice())
        .map_err(|_| format!("bbox must have four numbers, not {}", parts.len()))?;
    if [x0, y0, x1, y1].iter().any(|v| !v.is_finite()) {
        return Err("bbox numbers must be finite".into());
    }
    if !(-180.0..=180.0).contains(&x0)
        || !(-180.0..=180.0).contains(&x1)
        || !(-90.0..=90.0).contains(&y0)
        || !(-90.0..=90.0).contains(&y1)
    {
        return Err("bbox is outside longitude −180…180 / latitude −90…90 (is it in metres? bbox is read as CRS84)".into());
    }
    if x0 > x1 || y0 > y1 {
        return Err(
            "bbox minimum is above its maximum (boxes across the antimeridian are not supported)"
                .into(),
        );
    }
    Ok([x0, y0, x1, y1])
}

/// Every stored area lies inside the Norway box (checked on import), so a bbox can be
/// clipped to it without losing anything; `None` when they do not meet.
fn clip_to_norway([x0, y0, x1, y1]: [f64; 4]) -> Option<[f64; 4]> {
    let (nx0, ny0, nx1, ny1) = NORWAY_LON_LAT;
    let c = [x0.max(nx0), y0.max(ny0), x1.min(nx1), y1.min(ny1)];
    (c[0] <= c[2] && c[1] <= c[3]).then_some(c)
}

fn covers_norway([x0, y0, x1, y1]: [f64; 4]) -> bool {
    let (nx0, ny0, nx1, ny1) = NORWAY_LON_LAT;
    x0 <= nx0 && y0 <= ny0 && x1 >= nx1 && y1 >= ny1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect()
    }

    #[test]
    fn reads_filters_and_keeps_them_for_links() {
        let q = parse_items_query(&pairs(
            "kind=available,candidate&municipality=3405&limit=5&bbox=10,61,11,62",
        ))
        .expect("valid");
        assert_eq!(q.limit, 5);
        assert_eq!(
            q.filter.kind.as_deref(),
            Some(&["available".to_string(), "candidate".to_string()][..])
        );
        assert_eq!(q.filter.bbox, Some([10.0, 61.0, 11.0, 62.0]));
        assert_eq!(q.carried.len(), 4);
    }

    #[test]
    fn rejects_bad_parameters() {
        for bad in [
            "limit=0",
            "limit=10001",
            "limit=abc",
            "bbox=1,2,3",
            "bbox=10,62,11,61",
            "bbox=500000,6700000,600000,6800000",
            "kind=factory",
            "municipality=34",
            "colour=red",
            "after=xyz",
            "limit=1&limit=2",
        ] {
            assert!(parse_items_query(&pairs(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_crs_and_bbox_crs_with_their_axis_order() {
        let q = parse_items_query(&pairs(
            "crs=http://www.opengis.net/def/crs/EPSG/0/25833&bbox=61.0,10.3,61.2,10.6&bbox-crs=EPSG:4258",
        ))
        .expect("valid");
        assert_eq!(q.crs, Crs::Epsg25833);
        assert_eq!(q.filter.bbox_crs, Crs::Epsg4258);
        assert_eq!(
            q.filter.bbox,
            Some([10.3, 61.0, 10.6, 61.2]),
            "longitude first"
        );
        let q = parse_items_query(&pairs(
            "bbox=560000,6770000,580000,6790000&bbox-crs=EPSG:25832",
        ))
        .expect("valid");
        assert_eq!(
            q.filter.bbox,
            Some([560000.0, 6770000.0, 580000.0, 6790000.0])
        );
        for bad in ["crs=EPSG:3857", "bbox-crs=EPSG:900913", "crs=a&crs=b"] {
            assert!(parse_items_query(&pairs(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_datetime_instants_and_open_intervals() {
        let q = parse_items_query(&pairs("datetime=2026-01-01/..")).expect("valid");
        let (from, to) = q.filter.changed.expect("range");
        assert_eq!(
            from.map(|t| t.to_rfc3339()),
            Some("2026-01-01T00:00:00+00:00".into())
        );
        assert_eq!(to, None);
        let q = parse_items_query(&pairs("datetime=2026-11-27")).expect("valid");
        let (from, to) = q.filter.changed.expect("range");
        assert!(
            to.expect("end") > from.expect("start"),
            "a date is its whole day"
        );
        for bad in [
            "datetime=soon",
            "datetime=2026-02-01/2026-01-01",
            "datetime=..",
        ] {
            assert!(parse_items_query(&pairs(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn clips_bbox_to_norway() {
        let q = parse_items_query(&pairs("bbox=-180,-90,180,90")).expect("valid");
        assert_eq!(q.filter.bbox, None, "a world box filters nothing");
        let q = parse_items_query(&pairs("bbox=-80,10,-70,20")).expect("valid");
        assert!(q.nothing_can_match);
    }
}
