use super::*;

fn text(s: &str) -> Result<Expr, FilterError> {
    parse(s, Some(Lang::Text), Crs::Crs84)
}

fn prop(name: &str) -> Operand {
    Operand::Property(queryable(name).expect("queryable"))
}

#[test]
fn reads_comparisons_logic_and_precedence() {
    let e = text("kind = 'available' AND area_available_m2 >= 20000 OR NOT demo = true")
        .expect("valid");
    assert_eq!(
        e,
        Expr::Or(vec![
            Expr::And(vec![
                Expr::Compare(CmpOp::Eq, prop("kind"), Operand::Text("available".into())),
                Expr::Compare(
                    CmpOp::Ge,
                    prop("area_available_m2"),
                    Operand::Number(20000.0)
                ),
            ]),
            Expr::Not(Box::new(Expr::Compare(
                CmpOp::Eq,
                prop("demo"),
                Operand::Bool(true)
            ))),
        ])
    );
}

#[test]
fn reads_like_between_in_null_casei_and_dates() {
    let e = text("name LIKE 'Stor%' and \"municipality\" in ('3405','3440') and e6_junction_m between 0 and 3000 and plan_id is not null and available_from <= DATE('2027-12-31') and CASEI(name) like casei('%HOVE%')")
        .expect("valid");
    let Expr::And(parts) = e else { panic!("and") };
    assert_eq!(parts.len(), 6);
    assert!(matches!(&parts[1], Expr::In { list, negated: false, .. } if list.len() == 2));
    assert!(matches!(
        &parts[4],
        Expr::Compare(CmpOp::Le, _, Operand::Date(_))
    ));
    // a text compared with a date property is read as a date
    let e = text("updated_at > '2026-01-01'").expect("valid");
    assert!(matches!(
        e,
        Expr::Compare(CmpOp::Gt, _, Operand::Timestamp(_))
    ));
    // quotes inside text are doubled
    let e = text("name = 'O''Brien'").expect("valid");
    assert_eq!(
        e,
        Expr::Compare(CmpOp::Eq, prop("name"), Operand::Text("O'Brien".into()))
    );
}

#[test]
fn reads_spatial_literals_in_each_crs() {
    let e = text("S_INTERSECTS(geometry, POLYGON((10.4 61.1, 10.5 61.1, 10.5 61.2, 10.4 61.1)))")
        .expect("valid");
    assert!(matches!(
        e,
        Expr::Spatial(
            SpatialOp::Intersects,
            GeomOperand::Outline,
            GeomOperand::Literal { srid: 4326, .. }
        )
    ));
    // EPSG:4258 is latitude first: stored longitude first
    let e = parse(
        "s_within(geometry, BBOX(61.0, 10.3, 61.2, 10.6))",
        None,
        Crs::Epsg4258,
    )
    .expect("valid");
    let Expr::Spatial(_, _, GeomOperand::Literal { geom, srid }) = e else {
        panic!()
    };
    assert_eq!(srid, 4258);
    assert_eq!(geom, GeomLiteral::Bbox([10.3, 61.0, 10.6, 61.2]));
    let e = parse(
        "S_INTERSECTS(geometry, POINT(575000 6780000))",
        None,
        Crs::Epsg25832,
    )
    .expect("valid");
    assert!(matches!(e, Expr::Spatial(..)));
}

#[test]
fn json_and_text_give_the_same_tree() {
    let t = text("kind = 'available' and area_available_m2 between 10000 and 50000 and s_intersects(geometry, bbox(10.3,61.0,10.6,61.2)) and municipality in ('3405') and name like 'S%' and not plan_id is null")
        .expect("text");
    let j = parse(
        r#"{"op":"and","args":[
            {"op":"=","args":[{"property":"kind"},"available"]},
            {"op":"between","args":[{"property":"area_available_m2"},10000,50000]},
            {"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[10.3,61.0,10.6,61.2]}]},
            {"op":"in","args":[{"property":"municipality"},["3405"]]},
            {"op":"like","args":[{"property":"name"},"S%"]},
            {"op":"not","args":[{"op":"isNull","args":[{"property":"plan_id"}]}]}]}"#,
        None,
        Crs::Crs84,
    )
    .expect("json");
    assert_eq!(t, j);
}

#[test]
fn refuses_malformed_and_hostile_filters_with_a_reason() {
    let cases: &[(&str, &str)] = &[
        ("name = 'unclosed", "no closing '"),
        ("(kind = 'available'", "')'"),
        ("kind = 'available')", "unexpected"),
        ("colour = 'red'", "unknown property \"colour\""),
        (
            "name = 'x'; drop table area; --'",
            "unexpected character ';'",
        ),
        ("name = 'x' or 1='1'", "cannot be compared"),
        ("area_available_m2 = 'big'", "cannot be compared"),
        ("name > 5", "cannot be compared"),
        ("demo < true", "use = or <>"),
        ("area_gross_m2 like '1%'", "LIKE compares text"),
        (
            "s_intersects(geometry, POINT(575000 6780000))",
            "outside longitude",
        ),
        (
            "s_intersects(geometry, POLYGON((10 61, 11 61, 11 62)))",
            "four positions",
        ),
        ("s_intersects(name, POINT(10 61))", "not a geometry"),
        ("kind =", "filter ends"),
        ("kind", "expected a comparison"),
        ("", "empty"),
        ("updated_at > 'yesterday'", "not a timestamp"),
        ("kind = 'a' and and", "keyword"),
        ("\"kind = 'a'", "no closing \""),
        ("area_gross_m2 > 1e999", "too large"),
    ];
    for (input, want) in cases {
        let err = text(input).expect_err(input);
        assert!(err.to_string().contains(want), "{input}: {err}");
    }
    let deep = format!("{}kind = 'a'{}", "(".repeat(60), ")".repeat(60));
    assert!(text(&deep)
        .expect_err("deep")
        .to_string()
        .contains("nests deeper"));
    let long = format!("name in ({})", vec!["'x'"; 8000].join(","));
    assert!(text(&long)
        .expect_err("long")
        .to_string()
        .contains("longer than"));
    let many = format!("name in ({})", vec!["'x'"; 2500].join(","));
    assert!(text(&many)
        .expect_err("many")
        .to_string()
        .contains("more than"));
    for (input, want) in [
        ("{\"op\":\"=\",\"args\":[{\"property\":\"kind\"}]}", "takes 2 arguments"),
        ("{\"op\":\"drop\",\"args\":[]}", "unknown operator"),
        ("{\"op\":\"=\",\"args\":[{\"property\":\"x\"},1]", "not valid JSON"),
        ("{\"op\":\"in\",\"args\":[{\"property\":\"kind\"},[]]}", "empty"),
        ("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Circle\",\"coordinates\":[1,2]}]}", "unsupported geometry"),
    ] {
        let err = parse(input, Some(Lang::Json), Crs::Crs84).expect_err(input);
        assert!(err.to_string().contains(want), "{input}: {err}");
    }
}

#[test]
fn sortby_reads_directions_and_refuses_unknown_keys() {
    let k = parse_sortby("-area_available_m2,+name,e6_junction_m").expect("valid");
    assert_eq!(k.len(), 3);
    assert!(k[0].descending && !k[1].descending && !k[2].descending);
    for bad in ["colour", "geometry", "name,name", "a,b,c,d,e,f"] {
        assert!(parse_sortby(bad).is_err(), "{bad}");
    }
}

#[test]
fn reads_arithmetic_with_precedence_signs_and_parentheses() {
    let e = text("\"area_gross_m2\" / 1000 > 2 * 10").expect("valid");
    assert_eq!(
        e,
        Expr::Compare(
            CmpOp::Gt,
            Operand::Arith(
                ArithOp::Div,
                Box::new(prop("area_gross_m2")),
                Box::new(Operand::Number(1000.0))
            ),
            Operand::Number(20.0)
        ),
        "constants fold; / binds tighter than >"
    );
    let e = text("(area_gross_m2 - area_available_m2) * 2 >= 10").expect("valid");
    let Expr::Compare(_, Operand::Arith(ArithOp::Mul, inner, _), _) = e else {
        panic!("the parentheses group the subtraction: {e:?}")
    };
    assert!(matches!(*inner, Operand::Arith(ArithOp::Sub, ..)));
    let e = text("area_gross_m2-1 > -5 AND area_gross_m2 div 3 = 1").expect("valid");
    let Expr::And(parts) = e else { panic!("and") };
    assert_eq!(
        parts[0],
        Expr::Compare(
            CmpOp::Gt,
            Operand::Arith(
                ArithOp::Sub,
                Box::new(prop("area_gross_m2")),
                Box::new(Operand::Number(1.0))
            ),
            Operand::Number(-5.0)
        )
    );
    // negative coordinates after a number stay coordinates
    assert!(text("S_INTERSECTS(geometry, POINT(10 -2))").is_ok());
    assert!(text("(kind = 'available') AND (area_gross_m2 + 1 > 3)").is_ok());
    let bad = text("name + 1 > 2").expect_err("text is no number");
    assert!(bad.message.contains("not a number"), "{bad}");
    let json = parse(
        r#"{"op":"<","args":[{"op":"*","args":[{"property":"area_gross_m2"},2]},{"op":"div","args":[9,2]}]}"#,
        Some(Lang::Json),
        Crs::Crs84,
    )
    .expect("json arithmetic");
    assert_eq!(
        json,
        Expr::Compare(
            CmpOp::Lt,
            Operand::Arith(
                ArithOp::Mul,
                Box::new(prop("area_gross_m2")),
                Box::new(Operand::Number(2.0))
            ),
            Operand::Number(4.0)
        )
    );
}
