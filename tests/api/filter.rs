//! OGC API – Features Part 3: CQL2 text and JSON filters select exactly what the same
//! condition written by hand in SQL selects; `sortby` pages follow the hand-written
//! ORDER BY; malformed and hostile filters get a 400 naming the problem; GDAL's
//! attribute filter agrees.

use std::collections::BTreeSet;

use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{spawn_app, TestApp};

const ITEMS: &str = "/ogc/collections/areas/items";

/// Every id the filter selects, following `next` links with a small page.
async fn ids(app: &TestApp, params: &[(&str, &str)]) -> Vec<String> {
    let mut url = reqwest::Url::parse(&app.url(ITEMS)).expect("url");
    url.query_pairs_mut()
        .extend_pairs(params)
        .append_pair("limit", "4");
    let mut out = Vec::new();
    let mut next = Some(url.to_string());
    while let Some(u) = next {
        let res = app.http.get(&u).send().await.expect("request");
        let status = res.status();
        let doc: Value = res.json().await.expect("json");
        assert_eq!(status, 200, "{u}: {doc}");
        out.extend(
            doc["features"]
                .as_array()
                .expect("features")
                .iter()
                .map(|f| f["id"].as_str().expect("id").to_string()),
        );
        next = doc["links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().expect("href").to_string());
    }
    out
}

/// Public area ids matching a hand-written condition over `area a` / `area_fact f` /
/// `substation s`, in the given order.
async fn sql_ids(app: &TestApp, condition: &str, order: &str) -> Vec<String> {
    let rows: Vec<Uuid> = sqlx::query_scalar(&format!(
        "select a.id from area a left join area_fact f on f.area_id = a.id \
         left join substation s on s.id = f.substation_id \
         where a.published and (a.end_date is null or a.end_date > current_date) \
         and ({condition}) order by {order}"
    ))
    .fetch_all(&app.pool)
    .await
    .unwrap_or_else(|e| panic!("{condition}: {e}"));
    rows.into_iter().map(|u| u.to_string()).collect()
}

fn set(v: &[String]) -> BTreeSet<String> {
    v.iter().cloned().collect()
}

#[tokio::test]
async fn cql2_text_and_json_select_what_the_same_sql_selects() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let all = sql_ids(&app, "true", "a.id").await;
    assert!(all.len() >= 15, "the demo data has public areas");
    // a point inside one area, in CRS84 and in EPSG:25832
    let (inside_id, lon, lat, x, y): (Uuid, f64, f64, f64, f64) = sqlx::query_as(
        "select id, ST_X(ST_Transform(p, 4326)), ST_Y(ST_Transform(p, 4326)), ST_X(p), ST_Y(p) \
         from (select id, ST_PointOnSurface(geom) p from area where published order by reference limit 1) t",
    )
    .fetch_one(&app.pool)
    .await
    .expect("point");
    let point = format!("POINT({lon} {lat})");
    let utm_box = format!(
        "BBOX({},{},{},{})",
        x - 3000.0,
        y - 3000.0,
        x + 3000.0,
        y + 3000.0
    );
    let table: Vec<(String, &str, String)> = vec![
        ("kind = 'available'".into(), "", "a.kind = 'available'".into()),
        ("kind <> 'available' AND municipality = '3405'".into(), "", "a.kind <> 'available' and a.municipality = '3405'".into()),
        ("area_available_m2 >= 20000 OR e6_junction_m < 2000".into(), "", "a.area_available_m2 >= 20000 or f.e6_junction_m < 2000".into()),
        ("name LIKE 'S%'".into(), "", "a.name like 'S%'".into()),
        ("name NOT LIKE '%demo%'".into(), "", "a.name not like '%demo%'".into()),
        ("CASEI(name) LIKE CASEI('%HOVE%')".into(), "", "lower(a.name) like '%hove%'".into()),
        ("municipality IN ('3440', '3441')".into(), "", "a.municipality in ('3440', '3441')".into()),
        ("municipality NOT IN ('3405')".into(), "", "a.municipality <> '3405'".into()),
        ("e6_junction_m BETWEEN 1000 AND 5000".into(), "", "f.e6_junction_m between 1000 and 5000".into()),
        ("plan_id IS NULL".into(), "", "a.plan_id is null".into()),
        ("price_nok_per_m2_min IS NOT NULL".into(), "", "a.price_nok_per_m2_min is not null".into()),
        ("NOT (kind = 'candidate' OR readiness = 'idea')".into(), "", "not (a.kind = 'candidate' or a.readiness = 'idea')".into()),
        ("farmland_share > 0.1".into(), "", "coalesce((f.conflicts->'farmland'->>'share')::float8, 0) > 0.1".into()),
        ("substation_free_mw_min >= 2".into(), "", "s.free_capacity_mw_min >= 2".into()),
        ("available_from <= DATE('2027-12-31')".into(), "", "a.available_from <= '2027-12-31'".into()),
        ("updated_at >= TIMESTAMP('2000-01-01T00:00:00Z')".into(), "", "true".into()),
        ("area_available_m2 < area_gross_m2".into(), "", "a.area_available_m2 < a.area_gross_m2".into()),
        ("lease_possible = true".into(), "", "a.lease_possible".into()),
        // whole numbers are compared as integers, others as they are
        ("land_use_code = 1300.0 OR land_use_code < 1130.5 OR plan_status = 3".into(), "",
         "a.land_use_code = 1300 or a.land_use_code < 1130.5 or a.plan_status = 3".into()),
        ("land_use_code = 1300.5".into(), "", "false".into()),
        ("name = 'x' OR 1 = 1".into(), "", "true".into()),
        ("name = 'x''; drop table area; --'".into(), "", "false".into()),
        ("S_INTERSECTS(geometry, BBOX(10.40, 61.08, 10.52, 61.16))".into(), "",
         "ST_Intersects(a.geom, ST_Transform(ST_Segmentize(ST_MakeEnvelope(10.40, 61.08, 10.52, 61.16, 4326), 0.02), 25832))".into()),
        ("S_WITHIN(geometry, POLYGON((10.3 61.0, 10.7 61.0, 10.7 61.3, 10.3 61.3, 10.3 61.0)))".into(), "",
         "ST_Within(a.geom, ST_Transform(ST_Segmentize(ST_GeomFromText('POLYGON((10.3 61.0, 10.7 61.0, 10.7 61.3, 10.3 61.3, 10.3 61.0))', 4326), 0.02), 25832))".into()),
        (format!("S_INTERSECTS(geometry, {point})"), "", format!("a.id = '{inside_id}' or ST_Intersects(a.geom, ST_Transform(ST_GeomFromText('{point}', 4326), 25832))")),
        (format!("S_DISJOINT(geometry, {utm_box}) AND kind = 'available'"), "EPSG:25832",
         format!("not ST_Intersects(a.geom, ST_MakeEnvelope({}, {}, {}, {}, 25832)) and a.kind = 'available'", x - 3000.0, y - 3000.0, x + 3000.0, y + 3000.0)),
        // arithmetic, as QGIS sends it (double-quoted names, no class checked)
        (r#""area_gross_m2" / 1000 > 20"#.into(), "", "a.area_gross_m2 / 1000 > 20".into()),
        ("(area_gross_m2 - area_available_m2) * 2 >= 10000".into(), "", "(a.area_gross_m2 - a.area_available_m2) * 2 >= 10000".into()),
        ("area_gross_m2 - area_available_m2 * 2 >= 0".into(), "", "a.area_gross_m2 - a.area_available_m2 * 2 >= 0".into()),
        ("area_gross_m2 % 7 < 3 AND area_gross_m2 div 10000 >= 2".into(), "", "mod(a.area_gross_m2::numeric, 7) < 3 and div(a.area_gross_m2::numeric, 10000) >= 2".into()),
        ("-e6_junction_m > -2000".into(), "", "-f.e6_junction_m > -2000".into()),
        ("area_gross_m2 / 0 > 1 OR area_gross_m2/(1-1) < 1".into(), "", "false".into()),
        (r#"{"op":">","args":[{"op":"/","args":[{"property":"area_gross_m2"},1000]},20]}"#.into(), "", "a.area_gross_m2 / 1000 > 20".into()),
        (r#"{"op":"and","args":[{"op":"=","args":[{"property":"kind"},"available"]},{"op":">","args":[{"property":"area_available_m2"},15000]}]}"#.into(), "",
         "a.kind = 'available' and a.area_available_m2 > 15000".into()),
        (r#"{"op":"or","args":[{"op":"in","args":[{"property":"municipality"},["3440"]]},{"op":"isNull","args":[{"property":"plan_id"}]}]}"#.into(), "",
         "a.municipality = '3440' or a.plan_id is null".into()),
        (r#"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[10.40,61.08],[10.52,61.08],[10.52,61.16],[10.40,61.16],[10.40,61.08]]]}]}"#.into(), "",
         "ST_Intersects(a.geom, ST_Transform(ST_Segmentize(ST_MakeEnvelope(10.40, 61.08, 10.52, 61.16, 4326), 0.02), 25832))".into()),
    ];
    let mut partial = 0;
    for (filter, filter_crs, condition) in &table {
        let mut params = vec![("filter", filter.as_str())];
        if !filter_crs.is_empty() {
            params.push(("filter-crs", filter_crs));
        }
        let got = ids(&app, &params).await;
        let want = sql_ids(&app, condition, "a.id").await;
        assert_eq!(set(&got), set(&want), "{filter}");
        assert_eq!(got.len(), set(&got).len(), "{filter}: no area twice");
        if !want.is_empty() && want.len() < all.len() {
            partial += 1;
        }
        // numberMatched on the first page agrees
        let mut url = reqwest::Url::parse(&app.url(ITEMS)).expect("url");
        url.query_pairs_mut().extend_pairs(&params);
        let doc: Value = app
            .http
            .get(url)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert_eq!(doc["numberMatched"], want.len(), "{filter}");
    }
    assert!(
        partial >= 15,
        "most filters select some but not all areas ({partial})"
    );
    assert!(
        ids(
            &app,
            &[("filter", &format!("S_INTERSECTS(geometry, {point})"))]
        )
        .await
        .contains(&inside_id.to_string()),
        "the area under the point"
    );
    // the filter meets the simple parameters and the bbox: all of them apply
    let got = ids(
        &app,
        &[
            ("filter", "area_available_m2 > 5000"),
            ("kind", "available"),
            ("bbox", "10.3,61.0,10.6,61.2"),
        ],
    )
    .await;
    let want = sql_ids(&app, "a.area_available_m2 > 5000 and a.kind = 'available' and ST_Intersects(a.geom, ST_Transform(ST_Segmentize(ST_MakeEnvelope(10.3, 61.0, 10.6, 61.2, 4326), 0.02), 25832))", "a.id").await;
    assert_eq!(set(&got), set(&want));
    assert!(
        app.area_count().await > 0,
        "the injection attempt was only text"
    );
}

#[tokio::test]
async fn sortby_pages_follow_the_order_sql_gives() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for (sortby, filter, order, condition) in [
        (
            "-area_available_m2,name",
            "",
            "a.area_available_m2 desc nulls last, a.name, a.id",
            "true",
        ),
        (
            "price_nok_per_m2_min",
            "",
            "a.price_nok_per_m2_min nulls last, a.id",
            "true",
        ),
        (
            "+municipality,-e6_junction_m",
            "kind <> 'candidate'",
            "a.municipality, f.e6_junction_m desc nulls last, a.id",
            "a.kind <> 'candidate'",
        ),
        ("name", "", "a.name, a.id", "true"),
    ] {
        let mut params = vec![("sortby", sortby)];
        if !filter.is_empty() {
            params.push(("filter", filter));
        }
        let got = ids(&app, &params).await;
        let want = sql_ids(&app, condition, order).await;
        assert_eq!(got, want, "sortby={sortby}");
    }
    // sorted pages go forwards only
    let (_, p) = app
        .get_json(
            &format!("{ITEMS}?sortby=name&before={}", Uuid::new_v4()),
            400,
        )
        .await;
    assert_eq!(p["invalid-params"][0]["parameter"], "before", "{p}");
}

#[tokio::test]
async fn malformed_and_hostile_filters_get_a_400_naming_the_problem() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let before = app.area_count().await;
    let huge = format!("name IN ({})", vec!["'aaaa'"; 4000].join(","));
    let deep = format!("{}kind = 'available'{}", "(".repeat(100), ")".repeat(100));
    for (filter, lang, want) in [
        ("name = 'unbalanced", "", "no closing '"),
        ("(kind = 'available'", "", "')'"),
        ("colour = 'red'", "", "unknown property \"colour\""),
        (
            "owner_name = 'Kommunen'",
            "",
            "unknown property \"owner_name\"",
        ),
        ("internal_notes LIKE '%'", "", "unknown property"),
        (
            "name = 'x'; DROP TABLE area; --",
            "",
            "unexpected character ';'",
        ),
        ("kind = 'a' UNION SELECT * FROM app_user", "", "unexpected"),
        ("area_available_m2 > 'big'", "", "cannot be compared"),
        (
            "S_INTERSECTS(geometry, POINT(575000 6780000))",
            "",
            "filter-crs",
        ),
        (
            "S_INTERSECTS(geometry, POLYGON((10 61, 11 61, 11 62)))",
            "",
            "four positions",
        ),
        (huge.as_str(), "", "longer than"),
        (deep.as_str(), "", "nests deeper"),
        (
            "{\"op\":\"=\",\"args\":[{\"property\":\"kind\"}",
            "cql2-json",
            "not valid JSON",
        ),
        (
            "{\"op\":\"exec\",\"args\":[]}",
            "cql2-json",
            "unknown operator",
        ),
        ("kind = 'available'", "sql", "unknown filter language"),
    ] {
        let mut url = reqwest::Url::parse(&app.url(ITEMS)).expect("url");
        url.query_pairs_mut().append_pair("filter", filter);
        if !lang.is_empty() {
            url.query_pairs_mut().append_pair("filter-lang", lang);
        }
        let res = app.http.get(url).send().await.expect("get");
        assert_eq!(res.status(), 400, "{filter}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let p: Value = res.json().await.expect("json");
        let param = &p["invalid-params"][0];
        assert!(
            param["parameter"] == "filter" || param["parameter"] == "filter-lang",
            "{p}"
        );
        assert!(
            param["message"].as_str().expect("message").contains(want),
            "{filter}: {p}"
        );
    }
    let (_, p) = app.get_json(&format!("{ITEMS}?sortby=colour"), 400).await;
    assert_eq!(p["invalid-params"][0]["parameter"], "sortby");
    assert_eq!(app.area_count().await, before, "nothing changed");
}

#[tokio::test]
async fn queryables_name_the_properties_items_carry() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (h, q) = app.get_json("/ogc/collections/areas/queryables", 200).await;
    assert_eq!(h["content-type"], "application/schema+json");
    assert_eq!(q["additionalProperties"], false);
    let props = q["properties"].as_object().expect("properties");
    assert_eq!(props["geometry"]["x-ogc-role"], "primary-geometry");
    assert_eq!(props["available_from"]["format"], "date");
    let (_, items) = app.get_json(&format!("{ITEMS}?limit=1"), 200).await;
    let carried = items["features"][0]["properties"]
        .as_object()
        .expect("properties");
    for name in props.keys().filter(|k| *k != "geometry") {
        assert!(
            carried.contains_key(name),
            "{name} is a property of the items"
        );
        // and each may be used in a filter
        let (_, _) = app
            .get_json(&format!("{ITEMS}?filter={name}%20IS%20NULL"), 200)
            .await;
    }
    let (_, s) = app.get_json("/ogc/collections/areas/sortables", 200).await;
    assert!(s["properties"].get("geometry").is_none());
    let (_, c) = app.get_json("/ogc/collections/areas", 200).await;
    assert!(c["links"]
        .as_array()
        .expect("links")
        .iter()
        .any(|l| l["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/queryables"));
    let (_, conf) = app.get_json("/ogc/conformance", 200).await;
    let classes = conf["conformsTo"].to_string();
    for c in [
        "ogcapi-features-3/1.0/conf/filter",
        "cql2/1.0/conf/cql2-text",
        "cql2/1.0/conf/cql2-json",
        "cql2/1.0/conf/basic-cql2",
    ] {
        assert!(classes.contains(c), "{c}");
    }
}
