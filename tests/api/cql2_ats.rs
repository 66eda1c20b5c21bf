//! The CQL2 conformance-test expressions (OGC 21-065r2 Annex A, as compiled in the `cql2`
//! crate's repository; `tests/fixtures/cql2-ats/`, with their notices) for every class
//! arealbank declares: each runs through the API and selects exactly the areas PostGIS
//! selects for the same condition written by hand in CRS84 SQL.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::helpers::{collection, feature, polygon, spawn_app, TestApp, LILLEHAMMER};

/// The classes in /ogc/conformance whose examples the corpus has.
const DECLARED: &[&str] = &[
    "basic-cql2",
    "advanced-comparison-operators",
    "case-insensitive-comparison",
    "basic-spatial-functions",
    "spatial-functions",
    "property-property",
];

/// Our queryables for the placeholders the compilation chose.
fn ours(expr: &str) -> String {
    let expr = if expr.to_ascii_uppercase().contains("BETWEEN") {
        // text BETWEEN numbers is a type error here (400); the example means a number
        expr.replace("textfield", "floatfield")
    } else {
        expr.to_string()
    };
    expr.replace("textfield", "name")
        .replace("intfield", "land_use_code")
        .replace("floatfield", "area_gross_m2")
        .replace("geom,", "geometry,")
}

/// The same condition as SQL over `area_visible a`, written independently of the server's
/// translation: geometries compared in CRS84, literals as PostGIS reads WKT.
fn reference_sql(expr: &str) -> String {
    let mut sql = expr
        .replace("textfield", "a.name")
        .replace("intfield", "a.land_use_code")
        .replace("floatfield", "a.area_gross_m2");
    if expr.to_ascii_uppercase().contains("BETWEEN") {
        sql = sql.replace("a.name", "a.area_gross_m2");
    }
    for (cql, pg) in [("CASEI(", "lower("), ("casei(", "lower(")] {
        sql = sql.replace(cql, pg);
    }
    if sql.starts_with("S_") {
        return spatial_sql(&sql);
    }
    sql
}

/// `S_REL(geom, LITERAL)` [AND …] as PostGIS functions on the CRS84 outline.
fn spatial_sql(sql: &str) -> String {
    sql.split(" AND ")
        .map(|part| {
            let (name, rest) = part.split_once('(').expect("function");
            let function = match name {
                "S_INTERSECTS" => "ST_Intersects",
                "S_DISJOINT" => "ST_Disjoint",
                "S_EQUALS" => "ST_Equals",
                "S_TOUCHES" => "ST_Touches",
                "S_CROSSES" => "ST_Crosses",
                "S_WITHIN" => "ST_Within",
                "S_CONTAINS" => "ST_Contains",
                other => panic!("unknown spatial function {other}"),
            };
            let literal = rest
                .trim_start_matches("geom,")
                .strip_suffix(')')
                .expect("closing parenthesis")
                .trim();
            let geometry = match literal.strip_prefix("BBOX(") {
                Some(b) => format!("ST_MakeEnvelope({}, 4326)", b.trim_end_matches(')')),
                None => format!("ST_GeomFromText('{literal}', 4326)"),
            };
            format!("{function}(ST_Transform(a.geom, 4326), {geometry})")
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

async fn api_ids(app: &TestApp, filter: &str) -> (u16, BTreeSet<String>, String) {
    let mut url = reqwest::Url::parse(&app.url("/ogc/collections/areas/items")).expect("url");
    url.query_pairs_mut()
        .append_pair("filter", filter)
        .append_pair("limit", "10000");
    let res = app.http.get(url).send().await.expect("get");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    let ids = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|d| d["features"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f["id"].as_str().map(str::to_string))
        .collect();
    (status, ids, text)
}

#[tokio::test]
async fn every_conformance_example_of_the_declared_classes_gives_the_right_areas() {
    let app = spawn_app().await;
    app.seed_demo().await;
    // two areas the examples can tell apart from the demo areas: the corpus's text value
    // `foo` in two cases, and no land-use code
    for (reference, name, at) in [
        ("3405-A-001", "foo", 0.0),
        ("3405-A-002", "FOO-tomta", 0.01),
    ] {
        let mut f = feature(
            reference,
            "3405",
            "available",
            polygon(LILLEHAMMER.0 + at, LILLEHAMMER.1, 100.0, 6, 0.0),
            serde_json::json!({}),
        );
        f["properties"]["name"] = name.into();
        app.insert(&collection(vec![f])).await;
    }
    let corpus = include_str!("../fixtures/cql2-ats/expressions.txt");
    let (_, conformance) = app.get_json("/ogc/conformance", 200).await;
    let declared = conformance["conformsTo"].to_string();
    let mut ran = 0;
    let mut selective = 0;
    let all: BTreeSet<String> =
        sqlx::query_scalar::<_, String>("select id::text from area_visible")
            .fetch_all(&app.pool)
            .await
            .expect("ids")
            .into_iter()
            .collect();
    for line in corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (class, expr) = line.split_once('|').expect("class|expression");
        if !DECLARED.contains(&class) {
            assert!(
                !declared.contains(&format!("/conf/{class}\"")),
                "{class} is declared, so its examples must run"
            );
            continue;
        }
        assert!(
            declared.contains(&format!("/conf/{class}\"")),
            "{class} is declared"
        );
        let filter = ours(expr);
        let (status, got, text) = api_ids(&app, &filter).await;
        if expr.contains("POINT(90 180)") {
            // latitude 180 does not exist: the right answer is a 400 that says so
            assert_eq!(status, 400, "[{class}] {filter}: {text}");
            assert!(text.contains("outside longitude"), "{text}");
            ran += 1;
            continue;
        }
        assert_eq!(status, 200, "[{class}] {filter}: {text}");
        let condition = reference_sql(expr);
        let want: BTreeSet<String> = sqlx::query_scalar::<_, String>(&format!(
            "select a.id::text from area_visible a where {condition}"
        ))
        .fetch_all(&app.pool)
        .await
        .unwrap_or_else(|e| panic!("reference SQL for {expr}: {condition}: {e}"))
        .into_iter()
        .collect();
        assert_eq!(got, want, "[{class}] {filter} (reference: {condition})");
        if !want.is_empty() && want != all {
            selective += 1;
        }
        ran += 1;
    }
    assert!(ran >= 60, "the corpus ran ({ran} examples)");
    assert!(
        selective >= 3,
        "some examples select some areas only ({selective})"
    );
}
