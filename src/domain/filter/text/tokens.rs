//! The tokens of CQL2 text: names, quoted properties, strings, numbers, operators and
//! punctuation, each with its position for error messages.

use super::super::{ArithOp, FilterError};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Quoted(String),
    Text(String),
    Num(f64),
    Op(&'static str),
    /// `+ - * / %` between values.
    Arith(ArithOp),
    Open,
    Close,
    Comma,
}

pub(super) fn tokenize(s: &str) -> Result<Vec<(Tok, usize)>, FilterError> {
    let chars: Vec<(usize, char)> = s.chars().enumerate().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => {
                i += 1;
                Tok::Open
            }
            ')' => {
                i += 1;
                Tok::Close
            }
            ',' => {
                i += 1;
                Tok::Comma
            }
            '=' => {
                i += 1;
                Tok::Op("=")
            }
            '<' | '>' => {
                let next = chars.get(i + 1).map(|x| x.1);
                let (op, len) = match (c, next) {
                    ('<', Some('>')) => ("<>", 2),
                    ('<', Some('=')) => ("<=", 2),
                    ('>', Some('=')) => (">=", 2),
                    ('<', _) => ("<", 1),
                    _ => (">", 1),
                };
                i += len;
                Tok::Op(op)
            }
            '\'' | '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            let what = if c == '\'' { "text" } else { "property name" };
                            return Err(FilterError::at(
                                format!("the {what} that starts here has no closing {c}"),
                                at,
                            ));
                        }
                        Some(&(_, x)) if x == c => {
                            if chars.get(i + 1).map(|p| p.1) == Some(c) {
                                text.push(c);
                                i += 2;
                            } else {
                                i += 1;
                                break;
                            }
                        }
                        Some(&(_, x)) => {
                            text.push(x);
                            i += 1;
                        }
                    }
                }
                if c == '\'' {
                    Tok::Text(text)
                } else {
                    Tok::Quoted(text)
                }
            }
            // `+` and `-` after a value (a number, a name, a closing parenthesis) are
            // arithmetic, and so are `*`, `/` and `%`; otherwise they sign a number
            '*' | '/' | '%' => {
                i += 1;
                Tok::Arith(ArithOp::parse(&c.to_string()).expect("an arithmetic operator"))
            }
            '-' | '+' if after_value(&out) => {
                i += 1;
                Tok::Arith(if c == '-' { ArithOp::Sub } else { ArithOp::Add })
            }
            '-' | '+'
                if !chars
                    .get(i + 1)
                    .is_some_and(|p| p.1.is_ascii_digit() || p.1 == '.') =>
            {
                // a sign before a name or a parenthesis: 0 - …
                i += 1;
                out.push((Tok::Num(0.0), at));
                Tok::Arith(if c == '-' { ArithOp::Sub } else { ArithOp::Add })
            }
            c if c.is_ascii_digit() || c == '.' || c == '-' || c == '+' => {
                let start = i;
                i += 1;
                while let Some(&(_, x)) = chars.get(i) {
                    let exp_sign = (x == '-' || x == '+')
                        && matches!(chars.get(i - 1).map(|p| p.1), Some('e' | 'E'));
                    if x.is_ascii_digit() || x == '.' || x == 'e' || x == 'E' || exp_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let lit: String = chars[start..i].iter().map(|p| p.1).collect();
                let n = lit
                    .parse::<f64>()
                    .map_err(|_| FilterError::at(format!("{lit:?} is not a number"), at))?;
                if !n.is_finite() {
                    return Err(FilterError::at(format!("{lit} is too large"), at));
                }
                Tok::Num(n)
            }
            c if c.is_alphabetic() || c == '_' => {
                let start = i;
                while let Some(&(_, x)) = chars.get(i) {
                    if x.is_alphanumeric() || x == '_' || x == '.' || x == ':' {
                        i += 1;
                    } else {
                        break;
                    }
                }
                Tok::Word(chars[start..i].iter().map(|p| p.1).collect())
            }
            other => {
                return Err(FilterError::at(
                    format!("unexpected character {other:?}"),
                    at,
                ))
            }
        };
        out.push((tok, at));
    }
    Ok(out)
}

/// Whether the token before ends a value, so that a `+` or `-` there is arithmetic.
fn after_value(out: &[(Tok, usize)]) -> bool {
    match out.last().map(|t| &t.0) {
        Some(Tok::Num(_) | Tok::Quoted(_) | Tok::Text(_) | Tok::Close) => true,
        Some(Tok::Word(w)) => !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()),
        _ => false,
    }
}

pub(super) const KEYWORDS: &[&str] = &[
    "AND",
    "OR",
    "NOT",
    "LIKE",
    "BETWEEN",
    "IN",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "DATE",
    "TIMESTAMP",
    "CASEI",
    "BBOX",
    "POINT",
    "LINESTRING",
    "POLYGON",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
];
