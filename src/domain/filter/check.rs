//! Checking a parsed filter before it reaches SQL: the budget (depth, nodes, coordinates),
//! that each comparison, list and range joins values of one type, and typed literals
//! (dates, timestamps) read once.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;

/// Counts nodes, depth and coordinates against the limits.
#[derive(Default)]
pub(super) struct Budget {
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

    pub(super) fn visit(&mut self, e: &Expr, depth: usize) -> Result<(), FilterError> {
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
pub(super) fn type_of(o: &Operand) -> QType {
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

pub(super) fn describe(o: &Operand) -> String {
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

pub(super) fn comparable(a: QType, b: QType) -> bool {
    use QType::*;
    a == b
        || matches!((a, b), (Number, Integer) | (Integer, Number))
        || matches!((a, b), (Date, Timestamp) | (Timestamp, Date))
}

/// Type checks: both sides of a comparison must be comparable, LIKE needs text, ordering
/// needs an ordered type. Text literals against date properties are read as dates.
pub(super) fn check(e: &Expr) -> Result<(), FilterError> {
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
pub(super) fn coerce(property_type: QType, o: Operand) -> Result<Operand, FilterError> {
    let Operand::Text(s) = &o else { return Ok(o) };
    match property_type {
        QType::Date => parse_date(s).map(Operand::Date),
        QType::Timestamp => parse_timestamp(s).map(Operand::Timestamp),
        _ => Ok(o),
    }
}

pub(super) fn parse_date(s: &str) -> Result<NaiveDate, FilterError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| FilterError::new(format!("'{s}' is not a date (YYYY-MM-DD)")))
}

pub(super) fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, FilterError> {
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
pub(super) fn compare(op: CmpOp, a: Operand, b: Operand) -> Result<Expr, FilterError> {
    let (a, b) = pair(a, b)?;
    Ok(Expr::Compare(op, a, b))
}

pub(super) fn pair(a: Operand, b: Operand) -> Result<(Operand, Operand), FilterError> {
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

pub(super) fn between(
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

pub(super) fn in_list(
    value: Operand,
    list: Vec<Operand>,
    negated: bool,
) -> Result<Expr, FilterError> {
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
pub(super) fn property(name: &str) -> Result<&'static Queryable, FilterError> {
    queryable(name).ok_or_else(|| {
        FilterError::new(format!(
            "unknown property {name:?}; the queryables are listed at /ogc/collections/areas/queryables"
        ))
    })
}
