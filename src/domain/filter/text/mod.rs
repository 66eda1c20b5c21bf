//! CQL2 text: a tokenizer and a recursive-descent parser (OR below AND below NOT below
//! predicates; in values `+ -` below `* / % div` below a sign), keywords in any case, `"quoted"` property names, `'text'` with `''` for
//! a quote, WKT and BBOX geometry literals. Over 400 lines on purpose: one method per
//! grammar rule, read top to bottom in order of precedence; the tokens are in `tokens`.

use super::{
    arith, between, compare, in_list, parse_date, parse_timestamp, property, ArithOp, CmpOp, Expr,
    FilterError, GeomLiteral, GeomOperand, Operand, SpatialOp,
};
use crate::spatial::Crs;

mod tokens;

use tokens::{tokenize, Tok, KEYWORDS};

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    crs: Crs,
    depth: usize,
}

/// Parse CQL2 text with geometry literals in `crs`.
pub fn parse(s: &str, crs: Crs) -> Result<Expr, FilterError> {
    let toks = tokenize(s)?;
    if toks.is_empty() {
        return Err(FilterError::new("the filter is empty"));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: s.chars().count(),
        crs,
        depth: 0,
    };
    let e = p.or()?;
    if let Some((t, at)) = p.toks.get(p.pos) {
        return Err(FilterError::at(
            format!(
                "unexpected {} after a complete condition (missing AND/OR?)",
                show(t)
            ),
            *at,
        ));
    }
    Ok(e)
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Word(w) => format!("'{w}'"),
        Tok::Quoted(w) => format!("\"{w}\""),
        Tok::Text(w) => format!("the text '{w}'"),
        Tok::Num(n) => format!("the number {n}"),
        Tok::Op(o) => format!("'{o}'"),
        Tok::Arith(o) => format!("'{}'", o.symbol()),
        Tok::Open => "'('".into(),
        Tok::Close => "')'".into(),
        Tok::Comma => "','".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn here(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.1)
    }

    fn peek_word(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn eat_word(&mut self, kw: &str) -> bool {
        let yes = self.peek_word(kw);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), FilterError> {
        match self.peek() {
            Some(t) if *t == want => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(FilterError::at(
                format!("expected {what}, found {}", show(t)),
                self.here(),
            )),
            None => Err(FilterError::at(
                format!("expected {what}, but the filter ends"),
                self.here(),
            )),
        }
    }

    fn nest(&mut self) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > super::MAX_DEPTH {
            return Err(FilterError::at(
                format!("the filter nests deeper than {} levels", super::MAX_DEPTH),
                self.here(),
            ));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        self.nest()?;
        let mut parts = vec![self.and()?];
        while self.eat_word("OR") {
            parts.push(self.and()?);
        }
        self.depth -= 1;
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut parts = vec![self.not()?];
        while self.eat_word("AND") {
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Expr::And(parts)
        })
    }

    fn not(&mut self) -> Result<Expr, FilterError> {
        if self.eat_word("NOT") {
            self.nest()?;
            let e = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(e)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        if self.peek() == Some(&Tok::Open) {
            let (open, depth) = (self.pos, self.depth);
            self.pos += 1;
            let inner = self.or().and_then(|e| {
                self.expect(Tok::Close, "')' to close the '('")?;
                Ok(e)
            });
            match inner {
                // a parenthesised condition, unless a value's operator follows it
                Ok(e) if !matches!(self.peek(), Some(Tok::Op(_) | Tok::Arith(_))) => return Ok(e),
                Ok(_) | Err(_) => {
                    // `("area_gross_m2" / 1000) > 20`: the parentheses group a value
                    let boolean_error = inner.err();
                    (self.pos, self.depth) = (open, depth);
                    let start = self.here();
                    return match self.scalar() {
                        Ok(left) => self.predicate(left, start),
                        Err(e) => Err(boolean_error.unwrap_or(e)),
                    };
                }
            }
        }
        if let Some(Tok::Word(w)) = self.peek() {
            if let Some(op) = SpatialOp::parse(w) {
                self.pos += 1;
                return self.spatial(op);
            }
            let is_bool = w.eq_ignore_ascii_case("TRUE") || w.eq_ignore_ascii_case("FALSE");
            let next_is_op = matches!(self.toks.get(self.pos + 1).map(|t| &t.0), Some(Tok::Op(_)));
            if is_bool && !next_is_op {
                let b = w.eq_ignore_ascii_case("TRUE");
                self.pos += 1;
                return Ok(Expr::Bool(b));
            }
        }
        let start = self.here();
        let left = self.scalar()?;
        self.predicate(left, start)
    }

    fn predicate(&mut self, left: Operand, start: usize) -> Result<Expr, FilterError> {
        if let Some(Tok::Op(op)) = self.peek() {
            let op = CmpOp::parse(op).expect("tokenizer yields comparison operators only");
            self.pos += 1;
            let right = self.scalar()?;
            return compare(op, left, right);
        }
        if self.eat_word("IS") {
            let negated = self.eat_word("NOT");
            if !self.eat_word("NULL") {
                return Err(FilterError::at("expected NULL after IS", self.here()));
            }
            return Ok(Expr::IsNull {
                value: left,
                negated,
            });
        }
        let negated = self.eat_word("NOT");
        if self.eat_word("LIKE") {
            let pattern = self.scalar()?;
            return Ok(Expr::Like {
                value: left,
                pattern,
                negated,
            });
        }
        if self.eat_word("BETWEEN") {
            let low = self.scalar()?;
            if !self.eat_word("AND") {
                return Err(FilterError::at(
                    "expected AND in BETWEEN … AND …",
                    self.here(),
                ));
            }
            let high = self.scalar()?;
            return between(left, low, high, negated);
        }
        if self.eat_word("IN") {
            self.expect(Tok::Open, "'(' to start the IN list")?;
            let mut list = vec![self.scalar()?];
            while self.peek() == Some(&Tok::Comma) {
                self.pos += 1;
                list.push(self.scalar()?);
            }
            self.expect(Tok::Close, "')' to end the IN list")?;
            return in_list(left, list, negated);
        }
        Err(FilterError::at(
            "expected a comparison (=, <>, <, >, <=, >=, LIKE, BETWEEN, IN or IS NULL)",
            if self.pos < self.toks.len() {
                self.here()
            } else {
                start
            },
        ))
    }

    /// A value: terms joined by `+` and `-`.
    fn scalar(&mut self) -> Result<Operand, FilterError> {
        let mut left = self.term()?;
        while let Some(Tok::Arith(op @ (ArithOp::Add | ArithOp::Sub))) = self.peek().cloned() {
            let at = self.here();
            self.pos += 1;
            let right = self.term()?;
            left = arith(op, left, right).map_err(|e| FilterError::at(e.message, at))?;
        }
        Ok(left)
    }

    /// Factors joined by `*`, `/`, `%` and `div`.
    fn term(&mut self) -> Result<Operand, FilterError> {
        let mut left = self.factor()?;
        loop {
            let at = self.here();
            let op = match self.peek() {
                Some(Tok::Arith(op @ (ArithOp::Mul | ArithOp::Div | ArithOp::Rem))) => *op,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("div") => ArithOp::IntDiv,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.factor()?;
            left = arith(op, left, right).map_err(|e| FilterError::at(e.message, at))?;
        }
    }

    /// A single value, or a value in parentheses.
    fn factor(&mut self) -> Result<Operand, FilterError> {
        self.nest()?;
        let value = if self.peek() == Some(&Tok::Open) {
            self.pos += 1;
            let v = self.scalar()?;
            self.expect(Tok::Close, "')' to close the '('")?;
            Ok(v)
        } else {
            self.atom()
        };
        self.depth -= 1;
        value
    }

    fn atom(&mut self) -> Result<Operand, FilterError> {
        let at = self.here();
        let Some(tok) = self.peek().cloned() else {
            return Err(FilterError::at("expected a value, but the filter ends", at));
        };
        self.pos += 1;
        match tok {
            Tok::Text(s) => Ok(Operand::Text(s)),
            Tok::Num(n) => Ok(Operand::Number(n)),
            Tok::Quoted(name) => Ok(Operand::Property(
                property(&name).map_err(|e| FilterError::at(e.message, at))?,
            )),
            Tok::Word(w) => {
                let upper = w.to_ascii_uppercase();
                match upper.as_str() {
                    "TRUE" => Ok(Operand::Bool(true)),
                    "FALSE" => Ok(Operand::Bool(false)),
                    "DATE" | "TIMESTAMP" => {
                        self.expect(Tok::Open, &format!("'(' after {upper}"))?;
                        let text = match self.peek().cloned() {
                            Some(Tok::Text(s)) => {
                                self.pos += 1;
                                s
                            }
                            _ => {
                                return Err(FilterError::at(
                                    format!(
                                        "{upper} takes a quoted text, e.g. {upper}('2026-11-27')"
                                    ),
                                    self.here(),
                                ))
                            }
                        };
                        self.expect(Tok::Close, "')'")?;
                        if upper == "DATE" {
                            parse_date(&text).map(Operand::Date)
                        } else {
                            parse_timestamp(&text).map(Operand::Timestamp)
                        }
                        .map_err(|e| FilterError::at(e.message, at))
                    }
                    "CASEI" => {
                        self.expect(Tok::Open, "'(' after CASEI")?;
                        let inner = self.scalar()?;
                        self.expect(Tok::Close, "')' to close CASEI")?;
                        Ok(Operand::Casei(Box::new(inner)))
                    }
                    _ if KEYWORDS.contains(&upper.as_str()) => Err(FilterError::at(
                        format!("expected a property or a value, found the keyword {w}"),
                        at,
                    )),
                    _ => Ok(Operand::Property(
                        property(&w).map_err(|e| FilterError::at(e.message, at))?,
                    )),
                }
            }
            other => Err(FilterError::at(
                format!("expected a property or a value, found {}", show(&other)),
                at,
            )),
        }
    }

    fn spatial(&mut self, op: SpatialOp) -> Result<Expr, FilterError> {
        self.expect(Tok::Open, "'(' after the spatial function")?;
        let a = self.geom()?;
        self.expect(Tok::Comma, "',' between the two geometries")?;
        let b = self.geom()?;
        self.expect(Tok::Close, "')' to close the spatial function")?;
        Ok(Expr::Spatial(op, a, b))
    }

    fn geom(&mut self) -> Result<GeomOperand, FilterError> {
        let at = self.here();
        let word = match self.peek().cloned() {
            Some(Tok::Word(w)) => w,
            Some(Tok::Quoted(w)) => w,
            Some(t) => {
                return Err(FilterError::at(
                    format!(
                        "expected a geometry (the property geometry, WKT or BBOX), found {}",
                        show(&t)
                    ),
                    at,
                ))
            }
            None => {
                return Err(FilterError::at(
                    "expected a geometry, but the filter ends",
                    at,
                ))
            }
        };
        self.pos += 1;
        let lit = match word.to_ascii_uppercase().as_str() {
            "BBOX" => {
                let n = self.numbers_in_parens()?;
                match n.as_slice() {
                    [a, b, c, d] => GeomLiteral::Bbox([*a, *b, *c, *d]),
                    [a, b, _, d, e, _] => GeomLiteral::Bbox([*a, *b, *d, *e]),
                    _ => return Err(FilterError::at("BBOX takes four (or six) numbers", at)),
                }
            }
            "POINT" => {
                self.expect(Tok::Open, "'(' after POINT")?;
                let p = self.position()?;
                self.expect(Tok::Close, "')' to close POINT")?;
                GeomLiteral::Point(p)
            }
            "LINESTRING" => GeomLiteral::LineString(self.ring()?),
            "MULTIPOINT" => GeomLiteral::MultiPoint(self.multipoint()?),
            "POLYGON" => GeomLiteral::Polygon(self.rings()?),
            "MULTILINESTRING" => GeomLiteral::MultiLineString(self.rings()?),
            "MULTIPOLYGON" => {
                self.expect(Tok::Open, "'(' after MULTIPOLYGON")?;
                let mut polys = vec![self.rings()?];
                while self.peek() == Some(&Tok::Comma) {
                    self.pos += 1;
                    polys.push(self.rings()?);
                }
                self.expect(Tok::Close, "')' to close MULTIPOLYGON")?;
                GeomLiteral::MultiPolygon(polys)
            }
            _ => {
                let q = property(&word).map_err(|e| FilterError::at(e.message, at))?;
                if q.qtype != super::QType::Geometry {
                    return Err(FilterError::at(
                        format!("{word} is not a geometry; the outline is called geometry"),
                        at,
                    ));
                }
                return Ok(GeomOperand::Outline);
            }
        };
        let geom = lit
            .normalise(self.crs)
            .map_err(|e| FilterError::at(e.message, at))?;
        Ok(GeomOperand::Literal {
            geom,
            srid: self.crs.srid(),
        })
    }

    fn number(&mut self) -> Result<f64, FilterError> {
        // in `POINT(1 -2)` the tokenizer reads `-` after a number as arithmetic
        let sign = match self.peek() {
            Some(Tok::Arith(ArithOp::Sub)) => -1.0,
            Some(Tok::Arith(ArithOp::Add)) => 1.0,
            _ => 0.0,
        };
        let at = if sign != 0.0 { self.pos + 1 } else { self.pos };
        match self.toks.get(at).map(|t| &t.0) {
            Some(Tok::Num(n)) => {
                let n = if sign < 0.0 { -*n } else { *n };
                self.pos = at + 1;
                Ok(n)
            }
            _ => Err(FilterError::at("expected a number", self.here())),
        }
    }

    fn numbers_in_parens(&mut self) -> Result<Vec<f64>, FilterError> {
        self.expect(Tok::Open, "'('")?;
        let mut n = vec![self.number()?];
        while self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
            n.push(self.number()?);
        }
        self.expect(Tok::Close, "')'")?;
        Ok(n)
    }

    fn position(&mut self) -> Result<[f64; 2], FilterError> {
        let x = self.number()?;
        let y = self.number()?;
        if matches!(self.peek(), Some(Tok::Num(_))) {
            self.pos += 1; // a z value is read and dropped
        }
        Ok([x, y])
    }

    /// `(x y, x y, …)`
    fn ring(&mut self) -> Result<Vec<[f64; 2]>, FilterError> {
        self.expect(Tok::Open, "'(' to start a list of positions")?;
        let mut r = vec![self.position()?];
        while self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
            r.push(self.position()?);
        }
        self.expect(Tok::Close, "')' to end a list of positions")?;
        Ok(r)
    }

    /// `((…), (…))`
    fn rings(&mut self) -> Result<Vec<Vec<[f64; 2]>>, FilterError> {
        self.expect(Tok::Open, "'(' to start a list of rings")?;
        let mut r = vec![self.ring()?];
        while self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
            r.push(self.ring()?);
        }
        self.expect(Tok::Close, "')' to end a list of rings")?;
        Ok(r)
    }

    /// `(x y, x y)` or `((x y), (x y))`
    fn multipoint(&mut self) -> Result<Vec<[f64; 2]>, FilterError> {
        self.expect(Tok::Open, "'(' after MULTIPOINT")?;
        let mut pts = Vec::new();
        loop {
            if self.peek() == Some(&Tok::Open) {
                self.pos += 1;
                pts.push(self.position()?);
                self.expect(Tok::Close, "')'")?;
            } else {
                pts.push(self.position()?);
            }
            if self.peek() != Some(&Tok::Comma) {
                break;
            }
            self.pos += 1;
        }
        self.expect(Tok::Close, "')' to close MULTIPOINT")?;
        Ok(pts)
    }
}
