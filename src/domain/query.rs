//! An items request as typed values (OGC API – Features Part 1 parameters plus simple
//! property filters, Part 2 CRS, Part 3 filter and sort): what `api::params::items` reads
//! out of a query string and the store answers.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::filter::{self, CmpOp, Expr, GeomLiteral, GeomOperand, Operand, SortKey, SpatialOp};
use crate::spatial::Crs;

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
