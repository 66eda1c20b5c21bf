//! Filters on public areas in CQL2 (OGC API – Features Part 3): the expression tree both
//! encodings parse into, the properties a filter may name (`queryables`), type checks
//! with messages a GIS user understands, and `sortby`. No SQL here: the store turns a
//! checked expression into SQL with every value a bound parameter.

mod check;
mod geometry;
mod json;
mod queryables;
mod text;

use chrono::{DateTime, NaiveDate, Utc};

use check::{
    between, check, compare, describe, in_list, parse_date, parse_timestamp, property, type_of,
    Budget,
};
pub use geometry::GeomLiteral;

pub use queryables::{queryable, QType, Queryable, QUERYABLES};

use crate::spatial::Crs;

/// Longest filter text accepted (characters).
pub const MAX_FILTER_CHARS: usize = 20_000;
/// Deepest nesting of parentheses / operators.
pub const MAX_DEPTH: usize = 40;
/// Most operators and values in one filter.
pub const MAX_NODES: usize = 2_000;
/// Most coordinates in the geometry literals of one filter.
pub const MAX_COORDINATES: usize = 10_000;
/// Most `sortby` keys.
pub const MAX_SORT_KEYS: usize = 5;

/// A boolean expression over an area's properties.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Bool(bool),
    Compare(CmpOp, Operand, Operand),
    Like {
        value: Operand,
        pattern: Operand,
        negated: bool,
    },
    Between {
        value: Operand,
        low: Operand,
        high: Operand,
        negated: bool,
    },
    In {
        value: Operand,
        list: Vec<Operand>,
        negated: bool,
    },
    IsNull {
        value: Operand,
        negated: bool,
    },
    Spatial(SpatialOp, GeomOperand, GeomOperand),
}

/// `=`, `<>`, `<`, `>`, `<=`, `>=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

impl CmpOp {
    fn parse(s: &str) -> Option<CmpOp> {
        Some(match s {
            "=" => CmpOp::Eq,
            "<>" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            ">" => CmpOp::Gt,
            "<=" => CmpOp::Le,
            ">=" => CmpOp::Ge,
            _ => return None,
        })
    }
}

/// The spatial relations of CQL2 (Spatial Functions conformance class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpatialOp {
    Intersects,
    Disjoint,
    Within,
    Contains,
    Touches,
    Overlaps,
    Crosses,
    Equals,
}

impl SpatialOp {
    fn parse(name: &str) -> Option<SpatialOp> {
        Some(match name.to_ascii_lowercase().as_str() {
            "s_intersects" => SpatialOp::Intersects,
            "s_disjoint" => SpatialOp::Disjoint,
            "s_within" => SpatialOp::Within,
            "s_contains" => SpatialOp::Contains,
            "s_touches" => SpatialOp::Touches,
            "s_overlaps" => SpatialOp::Overlaps,
            "s_crosses" => SpatialOp::Crosses,
            "s_equals" => SpatialOp::Equals,
            _ => return None,
        })
    }
}

/// A value in a comparison: a property or a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Property(&'static Queryable),
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    Timestamp(DateTime<Utc>),
    /// `CASEI(…)`: compared without regard to case.
    Casei(Box<Operand>),
    /// Arithmetic on numbers (`+ - * / % div`), e.g. `"area_gross_m2" / 1000 > 20`.
    Arith(ArithOp, Box<Operand>, Box<Operand>),
}

/// The arithmetic operators of CQL2 (Arithmetic Expressions conformance class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    /// Remainder (`%`).
    Rem,
    /// Integer division (`div`).
    IntDiv,
}

impl ArithOp {
    /// The operator as CQL2 writes it (text and JSON alike).
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
            ArithOp::Rem => "%",
            ArithOp::IntDiv => "div",
        }
    }

    fn parse(s: &str) -> Option<ArithOp> {
        Some(match s.to_ascii_lowercase().as_str() {
            "+" => ArithOp::Add,
            "-" => ArithOp::Sub,
            "*" => ArithOp::Mul,
            "/" => ArithOp::Div,
            "%" => ArithOp::Rem,
            "div" => ArithOp::IntDiv,
            _ => return None,
        })
    }
}

/// Build an arithmetic operand; both sides must be numbers.
fn arith(op: ArithOp, a: Operand, b: Operand) -> Result<Operand, FilterError> {
    for o in [&a, &b] {
        if !matches!(type_of(o), QType::Number | QType::Integer) {
            return Err(FilterError::new(format!(
                "{} is arithmetic on numbers, and {} is not a number",
                op.symbol(),
                describe(o)
            )));
        }
    }
    // constants are folded, so that a literal `-5` or `2 * 3` is just a number
    if let (Operand::Number(x), Operand::Number(y)) = (&a, &b) {
        let v = match op {
            ArithOp::Add => Some(x + y),
            ArithOp::Sub => Some(x - y),
            ArithOp::Mul => Some(x * y),
            ArithOp::Div => (*y != 0.0).then(|| x / y),
            ArithOp::Rem => (*y != 0.0).then(|| x % y),
            ArithOp::IntDiv => (*y != 0.0).then(|| (x / y).trunc()),
        };
        if let Some(v) = v.filter(|v| v.is_finite()) {
            return Ok(Operand::Number(v));
        }
    }
    Ok(Operand::Arith(op, Box::new(a), Box::new(b)))
}

/// One side of a spatial relation.
#[derive(Debug, Clone, PartialEq)]
pub enum GeomOperand {
    /// The area's outline.
    Outline,
    /// A geometry literal in `srid` (longitude first).
    Literal { geom: GeomLiteral, srid: i32 },
}

/// What is wrong with a filter, in words, with the character where it was noticed.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterError {
    pub message: String,
    pub at: Option<usize>,
}

impl FilterError {
    pub fn new(message: impl Into<String>) -> Self {
        FilterError {
            message: message.into(),
            at: None,
        }
    }

    fn at(message: impl Into<String>, at: usize) -> Self {
        FilterError {
            message: message.into(),
            at: Some(at),
        }
    }
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "at character {}: {}", at + 1, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The encodings of `filter-lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Text,
    Json,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "cql2-text" => Some(Lang::Text),
            "cql2-json" => Some(Lang::Json),
            _ => None,
        }
    }
}

/// Parse and check a filter. `lang` `None` reads CQL2 text, or CQL2 JSON when the text is
/// a JSON object. Geometry literals are in `crs` (`filter-crs`).
pub fn parse(input: &str, lang: Option<Lang>, crs: Crs) -> Result<Expr, FilterError> {
    if input.chars().count() > MAX_FILTER_CHARS {
        return Err(FilterError::new(format!(
            "the filter is longer than {MAX_FILTER_CHARS} characters"
        )));
    }
    let lang = lang.unwrap_or(if input.trim_start().starts_with('{') {
        Lang::Json
    } else {
        Lang::Text
    });
    let expr = match lang {
        Lang::Text => text::parse(input, crs)?,
        Lang::Json => json::parse(input, crs)?,
    };
    let mut budget = Budget::default();
    budget.visit(&expr, 0)?;
    check(&expr)?;
    Ok(expr)
}

/// One `sortby` key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SortKey {
    pub property: &'static Queryable,
    pub descending: bool,
}

/// `sortby=name,-area_available_m2`: `+` or nothing ascending, `-` descending. Unknown
/// values sort last either way; the area id breaks ties.
pub fn parse_sortby(raw: &str) -> Result<Vec<SortKey>, String> {
    let mut keys: Vec<SortKey> = Vec::new();
    for part in raw.split(',').map(str::trim) {
        let (name, descending) = match part.strip_prefix('-') {
            Some(n) => (n, true),
            None => (part.strip_prefix('+').unwrap_or(part), false),
        };
        let q = queryable(name).ok_or_else(|| format!("{name:?} is not a property to sort by"))?;
        if q.qtype == QType::Geometry {
            return Err(format!("{name:?} is a geometry and cannot be sorted"));
        }
        if keys.iter().any(|k| k.property.name == q.name) {
            return Err(format!("{name:?} is named twice"));
        }
        keys.push(SortKey {
            property: q,
            descending,
        });
    }
    if keys.len() > MAX_SORT_KEYS {
        return Err(format!("at most {MAX_SORT_KEYS} sort keys"));
    }
    Ok(keys)
}

#[cfg(test)]
mod tests;
