//! Public areas by a CQL2 filter and `sortby`: the checked expression becomes SQL in which
//! every value from the request is a bound parameter; the text pushed here comes only from
//! the field table's columns (`store::fields`) and the operators of the expression tree.

use futures_util::TryStreamExt;
use sqlx::{PgPool, Postgres, QueryBuilder, Row};
use uuid::Uuid;

use super::areas::{FeatureRow, Page};
use super::{doing, StoreError};
use crate::domain::filter::{ArithOp, CmpOp, Expr, GeomOperand, Operand, SortKey, SpatialOp};
use crate::domain::query::Cursor;
use crate::domain::user::Audience;
use crate::spatial::{Crs, NORWAY_LON_LAT};

/// The SQL of each queryable over `area a`, `area_fact f` and `substation s`.
pub use super::fields::column;

/// The areas `audience` may see (`a`) with the columns the queryables read.
fn from(audience: Audience) -> String {
    format!(
        " from {} a \
         left join area_fact f on f.area_id = a.id \
         left join substation s on s.id = f.substation_id ",
        super::areas::row_view(audience)
    )
}

/// The cursor's area, wherever it is now (it may have been unpublished since).
const CURSOR_FROM: &str = " from area a \
    left join area_fact f on f.area_id = a.id \
    left join substation s on s.id = f.substation_id ";

/// Read up to `limit` areas `audience` may see matching `expr`, ordered by `sort` then id, from
/// `cursor`. With `sort`, the cursor is the last area of the previous page and the next
/// page starts after its sort values (keyset); only forward paging.
#[allow(clippy::too_many_arguments)]
pub async fn page(
    pool: &PgPool,
    audience: Audience,
    expr: &Expr,
    sort: &[SortKey],
    cursor: Cursor,
    limit: i64,
    crs: Crs,
    opening: String,
) -> Result<Page, StoreError> {
    // the page's ids (and sort values) are chosen first, over narrow rows (`k`); only
    // then are the Feature texts of those ids read
    let mut qb: QueryBuilder<Postgres> =
        QueryBuilder::new("select p.id, feature_in_crs(p.feature, p.id, p.geom, ");
    qb.push_bind((crs != Crs::Crs84).then(|| crs.srid()));
    qb.push("::int) as feature from (select a.id");
    for (i, k) in sort.iter().enumerate() {
        qb.push(format!(", {} as k{i}", sql_of(k)));
    }
    qb.push(from(audience));
    qb.push(" where ");
    push_expr(&mut qb, expr);
    let backwards = matches!(cursor, Cursor::Before(_));
    match cursor {
        Cursor::First => {}
        Cursor::After(id) if !sort.is_empty() => push_sort_cursor(&mut qb, sort, id),
        Cursor::After(id) => {
            qb.push(" and a.id > ");
            qb.push_bind(id);
        }
        Cursor::Before(id) => {
            qb.push(" and a.id < ");
            qb.push_bind(id);
        }
    }
    let order = |qb: &mut QueryBuilder<Postgres>, inner: bool| {
        qb.push(" order by ");
        for (i, k) in sort.iter().enumerate() {
            let dir = if k.descending { "desc" } else { "asc" };
            let key = if inner {
                sql_of(k).to_string()
            } else {
                format!("k.k{i}")
            };
            qb.push(format!("{key} {dir} nulls last, "));
        }
        let id = if inner { "a.id" } else { "k.id" };
        qb.push(if backwards {
            format!("{id} desc")
        } else {
            id.to_string()
        });
    };
    order(&mut qb, true);
    qb.push(" limit ");
    qb.push_bind(limit + 1);
    qb.push(format!(
        ") k join {} p on p.id = k.id",
        super::areas::feature_view(audience)
    ));
    order(&mut qb, false);
    // planned for its values (literals folded in): db::tuned
    let rows = qb
        .build()
        .persistent(false)
        .fetch(pool)
        .map_ok(|r| FeatureRow {
            id: r.get(0),
            feature: r.get(1),
        });
    // sorted pages have no prev link
    let had_before = cursor != Cursor::First && sort.is_empty();
    Page::read(rows, opening, limit, backwards, had_before)
        .await
        .map_err(doing("reading a filtered page of areas"))
}

fn sql_of(k: &SortKey) -> &'static str {
    column(k.property.name).expect("every queryable has a column (tested)")
}

/// Rows after the cursor area in the order of `sort` (unknown values last), then id.
fn push_sort_cursor(qb: &mut QueryBuilder<Postgres>, sort: &[SortKey], id: Uuid) {
    qb.push(" and exists (select 1 from (select a.id as cid");
    for (i, k) in sort.iter().enumerate() {
        qb.push(format!(", {} as c{i}", sql_of(k)));
    }
    qb.push(CURSOR_FROM);
    qb.push(" where a.id = ");
    qb.push_bind(id);
    qb.push(") cur where ");
    // (k0 after c0) or (k0 = c0 and k1 after c1) or … or (all equal and id after)
    let mut alternatives = Vec::new();
    for (i, k) in sort.iter().enumerate() {
        let mut parts: Vec<String> = (0..i)
            .map(|j| format!("{} is not distinct from cur.c{j}", sql_of(&sort[j])))
            .collect();
        let cmp = if k.descending { "<" } else { ">" };
        let k = sql_of(k);
        parts.push(format!(
            "(cur.c{i} is not null and ({k} {cmp} cur.c{i} or {k} is null))"
        ));
        alternatives.push(format!("({})", parts.join(" and ")));
    }
    let mut last: Vec<String> = (0..sort.len())
        .map(|j| format!("{} is not distinct from cur.c{j}", sql_of(&sort[j])))
        .collect();
    last.push("a.id > cur.cid".into());
    alternatives.push(format!("({})", last.join(" and ")));
    qb.push(alternatives.join(" or "));
    qb.push(")");
}

fn push_expr(qb: &mut QueryBuilder<Postgres>, e: &Expr) {
    match e {
        Expr::And(v) | Expr::Or(v) => {
            let sep = if matches!(e, Expr::And(_)) {
                " and "
            } else {
                " or "
            };
            qb.push("(");
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    qb.push(sep);
                }
                push_expr(qb, x);
            }
            qb.push(")");
        }
        Expr::Not(x) => {
            // NOT of an unknown (null) comparison is unknown too, as in CQL2
            qb.push("(not ");
            push_expr(qb, x);
            qb.push(")");
        }
        Expr::Bool(b) => {
            qb.push(if *b { "true" } else { "false" });
        }
        Expr::Compare(op, a, b) => {
            qb.push("(");
            push_operand(qb, a);
            qb.push(format!(" {} ", comparison(*op)));
            push_operand(qb, b);
            qb.push(")");
        }
        Expr::Like {
            value,
            pattern,
            negated,
        } => {
            qb.push("(");
            push_operand(qb, value);
            qb.push(if *negated { " not like " } else { " like " });
            push_operand(qb, pattern);
            qb.push(")");
        }
        Expr::Between {
            value,
            low,
            high,
            negated,
        } => {
            qb.push("(");
            push_operand(qb, value);
            qb.push(if *negated {
                " not between "
            } else {
                " between "
            });
            push_operand(qb, low);
            qb.push(" and ");
            push_operand(qb, high);
            qb.push(")");
        }
        Expr::In {
            value,
            list,
            negated,
        } => {
            qb.push("(");
            push_operand(qb, value);
            qb.push(if *negated { " not in (" } else { " in (" });
            for (i, o) in list.iter().enumerate() {
                if i > 0 {
                    qb.push(", ");
                }
                push_operand(qb, o);
            }
            qb.push("))");
        }
        Expr::IsNull { value, negated } => {
            qb.push("(");
            push_operand(qb, value);
            qb.push(if *negated {
                " is not null)"
            } else {
                " is null)"
            });
        }
        Expr::Spatial(op, a, b) => {
            qb.push(format!("{}(", postgis(*op)));
            push_geom(qb, a);
            qb.push(", ");
            push_geom(qb, b);
            qb.push(")");
        }
    }
}

fn push_operand(qb: &mut QueryBuilder<Postgres>, o: &Operand) {
    match o {
        Operand::Property(q) => {
            qb.push(column(q.name).expect("every queryable has a column (tested)"));
        }
        Operand::Text(s) => {
            qb.push_bind(s.clone());
        }
        // a whole number is bound as an integer: `land_use_code = 1300.0` (float8) would
        // cast the column, hide its statistics and make the planner guess (at 100 000
        // areas it then read 55 000 rows in the filter's box instead of walking the key)
        Operand::Number(n) => match whole(*n) {
            Some(i) => {
                qb.push_bind(i);
            }
            None => {
                qb.push_bind(*n);
            }
        },
        Operand::Bool(b) => {
            qb.push_bind(*b);
        }
        Operand::Date(d) => {
            qb.push_bind(*d);
        }
        Operand::Timestamp(t) => {
            qb.push_bind(*t);
        }
        Operand::Casei(x) => {
            qb.push("lower(");
            push_operand(qb, x);
            qb.push(")");
        }
        // in float8, but for `%` and `div` (numeric); dividing by zero gives null (the
        // comparison is then not true) rather than an error
        Operand::Arith(op, a, b) => {
            let (open, mid, close) = match op {
                ArithOp::Add => ("(", "::float8 + ", "::float8)"),
                ArithOp::Sub => ("(", "::float8 - ", "::float8)"),
                ArithOp::Mul => ("(", "::float8 * ", "::float8)"),
                ArithOp::Div => ("(", "::float8 / nullif(", "::float8, 0))"),
                ArithOp::Rem => ("mod((", ")::numeric, nullif((", ")::numeric, 0))::float8"),
                ArithOp::IntDiv => ("div((", ")::numeric, nullif((", ")::numeric, 0))::float8"),
            };
            qb.push(open);
            push_operand(qb, a);
            qb.push(mid);
            push_operand(qb, b);
            qb.push(close);
        }
    }
}

/// `n` as an integer when it is a whole number that a float8 holds exactly.
fn whole(n: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    (n.fract() == 0.0 && n.abs() <= EXACT).then_some(n as i64)
}

/// Degrees around mainland Norway that a geographic literal keeps.
const REGION_MARGIN: f64 = 5.0;

fn push_geom(qb: &mut QueryBuilder<Postgres>, g: &GeomOperand) {
    match g {
        GeomOperand::Outline => {
            qb.push("a.geom");
        }
        GeomOperand::Literal { geom, srid } if matches!(srid, 4326 | 4258) => {
            // every area lies in Norway (checked on import), so a literal in degrees is
            // cut to the region first: a world-wide BBOX has no image in UTM, and what lies
            // outside the region is far from every area; then densified, so that long
            // edges stay straight in UTM
            let (x0, y0, x1, y1) = NORWAY_LON_LAT;
            qb.push("ST_Transform(ST_Segmentize(ST_Intersection(ST_MakeValid(ST_GeomFromText(");
            qb.push_bind(geom.wkt());
            qb.push(", ");
            qb.push_bind(*srid);
            qb.push(")), ST_MakeEnvelope(");
            for v in [x0 - REGION_MARGIN, y0 - REGION_MARGIN, x1 + REGION_MARGIN] {
                qb.push_bind(v);
                qb.push(", ");
            }
            qb.push_bind(y1 + REGION_MARGIN);
            qb.push(", ");
            qb.push_bind(*srid);
            qb.push(")), 0.02::float8), 25832)");
        }
        GeomOperand::Literal { geom, srid } => {
            qb.push("ST_Transform(ST_Segmentize(ST_MakeValid(ST_GeomFromText(");
            qb.push_bind(geom.wkt());
            qb.push(", ");
            qb.push_bind(*srid);
            qb.push(")), 2000::float8), 25832)");
        }
    }
}

/// The SQL operator of a comparison.
fn comparison(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "<>",
        CmpOp::Lt => "<",
        CmpOp::Gt => ">",
        CmpOp::Le => "<=",
        CmpOp::Ge => ">=",
    }
}

/// The PostGIS function of a spatial relation.
fn postgis(op: SpatialOp) -> &'static str {
    match op {
        SpatialOp::Intersects => "ST_Intersects",
        SpatialOp::Disjoint => "ST_Disjoint",
        SpatialOp::Within => "ST_Within",
        SpatialOp::Contains => "ST_Contains",
        SpatialOp::Touches => "ST_Touches",
        SpatialOp::Overlaps => "ST_Overlaps",
        SpatialOp::Crosses => "ST_Crosses",
        SpatialOp::Equals => "ST_Equals",
    }
}

#[cfg(test)]
mod tests {
    use super::whole;

    #[test]
    fn whole_numbers_are_integers_and_others_stay_floats() {
        assert_eq!(whole(1300.0), Some(1300));
        assert_eq!(whole(-2.0), Some(-2));
        assert_eq!(whole(0.0), Some(0));
        assert_eq!(whole(1300.5), None);
        assert_eq!(whole(1e300), None);
        assert_eq!(whole(f64::NAN), None);
    }
}
