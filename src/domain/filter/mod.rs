//! Filters on public areas in CQL2 (OGC API – Features Part 3): the expression tree both
//! encodings parse into, the properties a filter may name (`queryables`), type checks
//! with messages a GIS user understands, and `sortby`. No SQL here: the store turns a
//! checked expression into SQL with every value a bound parameter.

mod geometry;
mod json;
mod queryables;
mod text;

use chrono::{DateTime, NaiveDate, Utc};

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

/// Counts nodes, depth and coordinates against the limits.
#[derive(Default)]
struct Budget {
    nodes: usize,
    coordinates: usize,
}

impl Budget {
    fn within_node_limit(&self) -> Result<(), FilterError> {
        if self.nodes > MAX_NODES {
            return Err(FilterError::new(format!(
                "the filter has more than {MAX_NODES} conditions and values"
            )));
        }
        Ok(())
    }

    fn visit(&mut self, e: &Expr, depth: usize) -> Result<(), FilterError> {
        self.nodes += 1;
        if depth > MAX_DEPTH {
            return Err(FilterError::new(format!(
                "the filter nests deeper than {MAX_DEPTH} levels"
            )));
        }
        self.within_node_limit()?;
        match e {
            Expr::And(v) | Expr::Or(v) => v.iter().try_for_each(|x| self.visit(x, depth + 1)),
            Expr::Not(x) => self.visit(x, depth + 1),
            Expr::In { list, .. } => {
                self.nodes += list.len();
                self.within_node_limit()
            }
            Expr::Spatial(_, a, b) => {
                for g in [a, b] {
                    if let GeomOperand::Literal { geom, .. } = g {
                        self.coordinates += geom.coordinate_count();
                    }
                }
                if self.coordinates > MAX_COORDINATES {
                    return Err(FilterError::new(format!(
                        "the filter's geometries have more than {MAX_COORDINATES} coordinates"
                    )));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// The type an operand has (its property's, or its literal's).
fn type_of(o: &Operand) -> QType {
    match o {
        Operand::Property(q) => q.qtype,
        Operand::Text(_) => QType::Text,
        Operand::Number(_) => QType::Number,
        Operand::Bool(_) => QType::Boolean,
        Operand::Date(_) => QType::Date,
        Operand::Timestamp(_) => QType::Timestamp,
        Operand::Casei(x) => type_of(x),
        Operand::Arith(..) => QType::Number,
    }
}

fn describe(o: &Operand) -> String {
    match o {
        Operand::Property(q) => format!("{} ({})", q.name, q.qtype.words()),
        Operand::Text(s) => format!("the text '{s}'"),
        Operand::Number(n) => format!("the number {n}"),
        Operand::Bool(b) => format!("{b}"),
        Operand::Date(d) => format!("DATE('{d}')"),
        Operand::Timestamp(t) => format!("TIMESTAMP('{}')", t.to_rfc3339()),
        Operand::Casei(x) => format!("CASEI({})", describe(x)),
        Operand::Arith(op, a, b) => format!("({} {} {})", describe(a), op.symbol(), describe(b)),
    }
}

fn comparable(a: QType, b: QType) -> bool {
    use QType::*;
    a == b
        || matches!((a, b), (Number, Integer) | (Integer, Number))
        || matches!((a, b), (Date, Timestamp) | (Timestamp, Date))
}

/// Type checks: both sides of a comparison must be comparable, LIKE needs text, ordering
/// needs an ordered type. Text literals against date properties are read as dates.
fn check(e: &Expr) -> Result<(), FilterError> {
    match e {
        Expr::And(v) | Expr::Or(v) => v.iter().try_for_each(check),
        Expr::Not(x) => check(x),
        Expr::Bool(_) | Expr::Spatial(..) | Expr::IsNull { .. } => Ok(()),
        Expr::Compare(op, a, b) => {
            let (ta, tb) = (type_of(a), type_of(b));
            if !comparable(ta, tb) {
                return Err(FilterError::new(format!(
                    "{} cannot be compared with {}",
                    describe(a),
                    describe(b)
                )));
            }
            if ta == QType::Boolean && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(FilterError::new(format!(
                    "{} is true or false: use = or <>",
                    describe(a)
                )));
            }
            Ok(())
        }
        Expr::Like { value, pattern, .. } => {
            for o in [value, pattern] {
                if type_of(o) != QType::Text {
                    return Err(FilterError::new(format!(
                        "LIKE compares text, and {} is not text",
                        describe(o)
                    )));
                }
            }
            Ok(())
        }
        Expr::Between {
            value, low, high, ..
        } => {
            let t = type_of(value);
            if !matches!(
                t,
                QType::Number | QType::Integer | QType::Date | QType::Timestamp
            ) {
                return Err(FilterError::new(format!(
                    "BETWEEN needs a number or a date, and {} is not one",
                    describe(value)
                )));
            }
            for o in [low, high] {
                if !comparable(t, type_of(o)) {
                    return Err(FilterError::new(format!(
                        "{} cannot be compared with {}",
                        describe(value),
                        describe(o)
                    )));
                }
            }
            Ok(())
        }
        Expr::In { value, list, .. } => {
            for o in list {
                if !comparable(type_of(value), type_of(o)) {
                    return Err(FilterError::new(format!(
                        "{} cannot be compared with {}",
                        describe(value),
                        describe(o)
                    )));
                }
            }
            Ok(())
        }
    }
}

/// Read a text literal as the type of the property it meets (dates and timestamps are
/// written as text in CQL2 JSON and often in text too).
fn coerce(property_type: QType, o: Operand) -> Result<Operand, FilterError> {
    let Operand::Text(s) = &o else { return Ok(o) };
    match property_type {
        QType::Date => parse_date(s).map(Operand::Date),
        QType::Timestamp => parse_timestamp(s).map(Operand::Timestamp),
        _ => Ok(o),
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, FilterError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| FilterError::new(format!("'{s}' is not a date (YYYY-MM-DD)")))
}

fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, FilterError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    parse_date(s)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| {
            FilterError::new(format!(
                "'{s}' is not a timestamp (RFC 3339, e.g. 2026-11-27T12:00:00Z)"
            ))
        })
}

/// Build a comparison, reading text literals as the property's type.
fn compare(op: CmpOp, a: Operand, b: Operand) -> Result<Expr, FilterError> {
    let (a, b) = pair(a, b)?;
    Ok(Expr::Compare(op, a, b))
}

fn pair(a: Operand, b: Operand) -> Result<(Operand, Operand), FilterError> {
    let b = match &a {
        Operand::Property(q) => coerce(q.qtype, b)?,
        _ => b,
    };
    let a = match &b {
        Operand::Property(q) => coerce(q.qtype, a)?,
        _ => a,
    };
    Ok((a, b))
}

fn between(
    value: Operand,
    low: Operand,
    high: Operand,
    negated: bool,
) -> Result<Expr, FilterError> {
    let (value, low) = pair(value, low)?;
    let (value, high) = pair(value, high)?;
    Ok(Expr::Between {
        value,
        low,
        high,
        negated,
    })
}

fn in_list(value: Operand, list: Vec<Operand>, negated: bool) -> Result<Expr, FilterError> {
    let list = match &value {
        Operand::Property(q) => list
            .into_iter()
            .map(|o| coerce(q.qtype, o))
            .collect::<Result<_, _>>()?,
        _ => list,
    };
    Ok(Expr::In {
        value,
        list,
        negated,
    })
}

/// Look a property up by name; the error lists what may be named.
fn property(name: &str) -> Result<&'static Queryable, FilterError> {
    queryable(name).ok_or_else(|| {
        FilterError::new(format!(
            "unknown property {name:?}; the queryables are listed at /ogc/collections/areas/queryables"
        ))
    })
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
