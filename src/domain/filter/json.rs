//! CQL2 JSON: `{"op": "...", "args": [...]}` with `{"property": "..."}`, literals,
//! `{"date": "..."}`, `{"timestamp": "..."}`, GeoJSON geometries and `{"bbox": [...]}`.

use serde_json::Value;

use super::{
    arith, between, compare, in_list, parse_date, parse_timestamp, property, ArithOp, CmpOp, Expr,
    FilterError, GeomLiteral, GeomOperand, Operand, QType, SpatialOp, MAX_DEPTH,
};
use crate::spatial::Crs;

/// Parse a CQL2 JSON filter with geometry literals in `crs`.
pub fn parse(s: &str, crs: Crs) -> Result<Expr, FilterError> {
    let v: Value = serde_json::from_str(s).map_err(|e| {
        FilterError::new(format!(
            "the filter is not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    boolean(&v, crs, 0)
}

fn boolean(v: &Value, crs: Crs, depth: usize) -> Result<Expr, FilterError> {
    if depth > MAX_DEPTH {
        return Err(FilterError::new(format!(
            "the filter nests deeper than {MAX_DEPTH} levels"
        )));
    }
    if let Some(b) = v.as_bool() {
        return Ok(Expr::Bool(b));
    }
    let op = v.get("op").and_then(Value::as_str).ok_or_else(|| {
        FilterError::new(format!(
            "expected {{\"op\": …, \"args\": […]}}, found {}",
            short(v)
        ))
    })?;
    let args = v
        .get("args")
        .and_then(Value::as_array)
        .ok_or_else(|| FilterError::new(format!("the operator {op:?} has no \"args\" array")))?;
    let arity = |n: usize| -> Result<(), FilterError> {
        if args.len() == n {
            Ok(())
        } else {
            Err(FilterError::new(format!(
                "the operator {op:?} takes {n} arguments, not {}",
                args.len()
            )))
        }
    };
    let lower = op.to_ascii_lowercase();
    match lower.as_str() {
        "and" | "or" => {
            if args.len() < 2 {
                return Err(FilterError::new(format!(
                    "{op:?} needs at least two arguments"
                )));
            }
            let parts = args
                .iter()
                .map(|a| boolean(a, crs, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if lower == "and" {
                Expr::And(parts)
            } else {
                Expr::Or(parts)
            })
        }
        "not" => {
            arity(1)?;
            Ok(Expr::Not(Box::new(boolean(&args[0], crs, depth + 1)?)))
        }
        "=" | "<>" | "<" | ">" | "<=" | ">=" => {
            arity(2)?;
            let op = CmpOp::parse(op).expect("matched above");
            compare(op, scalar(&args[0], depth)?, scalar(&args[1], depth)?)
        }
        "like" => {
            arity(2)?;
            Ok(Expr::Like {
                value: scalar(&args[0], depth)?,
                pattern: scalar(&args[1], depth)?,
                negated: false,
            })
        }
        "between" => {
            arity(3)?;
            between(
                scalar(&args[0], depth)?,
                scalar(&args[1], depth)?,
                scalar(&args[2], depth)?,
                false,
            )
        }
        "in" => {
            arity(2)?;
            let list = args[1]
                .as_array()
                .ok_or_else(|| FilterError::new("the second argument of \"in\" must be an array"))?
                .iter()
                .map(|a| scalar(a, depth))
                .collect::<Result<Vec<_>, _>>()?;
            if list.is_empty() {
                return Err(FilterError::new("the \"in\" list is empty"));
            }
            in_list(scalar(&args[0], depth)?, list, false)
        }
        "isnull" => {
            arity(1)?;
            Ok(Expr::IsNull {
                value: scalar(&args[0], depth)?,
                negated: false,
            })
        }
        _ => {
            let Some(sop) = SpatialOp::parse(op) else {
                return Err(FilterError::new(format!(
                    "unknown operator {op:?}; supported: and, or, not, =, <>, <, >, <=, >=, like, between, in, isNull, s_intersects, s_disjoint, s_within, s_contains, s_touches, s_overlaps, s_crosses, s_equals"
                )));
            };
            arity(2)?;
            Ok(Expr::Spatial(
                sop,
                geom(&args[0], crs)?,
                geom(&args[1], crs)?,
            ))
        }
    }
}

fn scalar(v: &Value, depth: usize) -> Result<Operand, FilterError> {
    if depth > MAX_DEPTH {
        return Err(FilterError::new(format!(
            "the filter nests deeper than {MAX_DEPTH} levels"
        )));
    }
    match v {
        Value::String(s) => Ok(Operand::Text(s.clone())),
        Value::Number(n) => n
            .as_f64()
            .filter(|x| x.is_finite())
            .map(Operand::Number)
            .ok_or_else(|| FilterError::new(format!("{n} is not a usable number"))),
        Value::Bool(b) => Ok(Operand::Bool(*b)),
        Value::Object(o) => {
            if let Some(name) = o.get("property").and_then(Value::as_str) {
                return Ok(Operand::Property(property(name)?));
            }
            if let Some(d) = o.get("date").and_then(Value::as_str) {
                return parse_date(d).map(Operand::Date);
            }
            if let Some(t) = o.get("timestamp").and_then(Value::as_str) {
                return parse_timestamp(t).map(Operand::Timestamp);
            }
            if let Some(op) = o.get("op").and_then(Value::as_str).and_then(ArithOp::parse) {
                let args = o.get("args").and_then(Value::as_array);
                return match args.map(Vec::as_slice) {
                    Some([a, b]) => arith(op, scalar(a, depth + 1)?, scalar(b, depth + 1)?),
                    _ => Err(FilterError::new(format!(
                        "{} takes two arguments",
                        op.symbol()
                    ))),
                };
            }
            if o.get("op")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
                == Some("casei")
            {
                let args = o.get("args").and_then(Value::as_array);
                return match args.map(Vec::as_slice) {
                    Some([a]) => Ok(Operand::Casei(Box::new(scalar(a, depth + 1)?))),
                    _ => Err(FilterError::new("casei takes one argument")),
                };
            }
            Err(FilterError::new(format!(
                "expected a property, a value, a date or a timestamp, found {}",
                short(v)
            )))
        }
        _ => Err(FilterError::new(format!(
            "expected a property or a value, found {}",
            short(v)
        ))),
    }
}

fn geom(v: &Value, crs: Crs) -> Result<GeomOperand, FilterError> {
    if let Some(name) = v.get("property").and_then(Value::as_str) {
        let q = property(name)?;
        if q.qtype != QType::Geometry {
            return Err(FilterError::new(format!(
                "{name} is not a geometry; the outline is called geometry"
            )));
        }
        return Ok(GeomOperand::Outline);
    }
    let g = GeomLiteral::from_json(v)?.normalise(crs)?;
    Ok(GeomOperand::Literal {
        geom: g,
        srid: crs.srid(),
    })
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}
