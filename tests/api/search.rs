//! `/api/search` against a brute-force filter written here from the rules in the README:
//! random areas, random combinations of criteria and spatial filters, and the published
//! features read back through the items API, judged in Rust (geometry with PROJ + geo).

use std::collections::{BTreeMap, BTreeSet};

use geo::{Distance, Euclidean, Geometry, Intersects, LineString, MapCoords, Point, Polygon};
use serde_json::{json, Value};

use crate::helpers::{collection, feature, polygon, spawn_app, GAUSDAL, LILLEHAMMER, OYER};
use arealbank::spatial::{Crs, Transformer};

/// A fixed-seed xorshift generator: reproducible, yet not hand-picked.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn float(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
    fn chance(&mut self, p: f64) -> bool {
        self.float(0.0, 1.0) < p
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn subset<'a>(&mut self, items: &[&'a str]) -> Vec<&'a str> {
        let s: Vec<&str> = items.iter().copied().filter(|_| self.chance(0.5)).collect();
        if s.is_empty() {
            vec![self.pick(items)]
        } else {
            s
        }
    }
}

const READINESS: &[&str] = &["idea", "in_planning", "zoned", "serviced", "ready"];
const AVAILABILITY: &[&str] = &["available", "reserved", "partly_taken", "taken"];
const KINDS: &[&str] = &["available", "transformation", "candidate"];
const LAND: &[&str] = &["municipal", "private", "company", "developer", "unknown"];
const UTIL: &[&str] = &["water", "sewage", "stormwater", "fibre", "district_heating"];
const UTIL_VALUES: &[&str] = &["yes", "no", "planned", "unknown"];

fn to_25832(t: &Transformer, g: &Value) -> Geometry<f64> {
    let gv: geojson::Geometry = serde_json::from_value(g.clone()).expect("geometry");
    let geom: Geometry<f64> = gv.value.try_into().expect("geo");
    geom.map_coords(|c| {
        let (x, y) = t.point(c.x, c.y).expect("transform");
        geo::coord! {x: x, y: y}
    })
}

/// Random areas around the three centres, with random facts.
fn random_areas(rng: &mut Rng, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let (muni, (lon, lat)) = match i % 3 {
                0 => ("3405", LILLEHAMMER),
                1 => ("3440", OYER),
                _ => ("3441", GAUSDAL),
            };
            let (x, y) = (lon + rng.float(-0.03, 0.03), lat + rng.float(-0.015, 0.015));
            let r = rng.float(60.0, 260.0);
            let mut extra = json!({
                "published": !rng.chance(0.1),
                "readiness": rng.pick(READINESS),
                "availability": rng.pick(AVAILABILITY),
                "land_control": rng.pick(LAND),
            });
            if rng.chance(0.6) {
                // at most the gross area of the star: 0.7 r inner radius is a safe floor
                extra["area_available_m2"] = json!((rng.float(0.2, 1.3) * r * r).round());
            }
            if rng.chance(0.5) {
                extra["available_from"] = json!(format!(
                    "20{}-0{}-15",
                    rng.pick(&["25", "26", "27", "28"]),
                    1 + rng.next() % 9
                ));
            }
            if rng.chance(0.6) {
                let lo = rng.float(100.0, 1500.0).round();
                extra["price_nok_per_m2_min"] = json!(lo);
                extra["price_nok_per_m2_max"] = json!(lo + 200.0);
            }
            for u in UTIL {
                extra[*u] = json!(rng.pick(UTIL_VALUES));
            }
            feature(
                &format!("{muni}-S-{i:03}"),
                muni,
                rng.pick(KINDS),
                polygon(x, y, r, 8, rng.float(0.0, 1.0)),
                extra,
            )
        })
        .collect()
}

/// A search: query pairs, and the same search as a predicate for the brute force.
struct Case {
    query: Vec<(String, String)>,
}

fn random_case(rng: &mut Rng) -> Case {
    let mut q: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| q.push((k.to_string(), v));
    if rng.chance(0.3) {
        put(
            "municipality",
            rng.subset(&["3405", "3440", "3441"]).join(","),
        );
    }
    if rng.chance(0.3) {
        put("kind", rng.subset(KINDS).join(","));
    }
    if rng.chance(0.2) {
        put("availability", rng.subset(AVAILABILITY).join(","));
    }
    // candidates and ideas only when asked
    if rng.chance(0.5) {
        put("future", "true".to_string());
    }
    match rng.next() % 5 {
        0 => {
            let (x, y) = (rng.float(10.1, 10.5), rng.float(61.08, 61.25));
            put(
                "bbox",
                format!(
                    "{x},{y},{},{}",
                    x + rng.float(0.02, 0.2),
                    y + rng.float(0.01, 0.08)
                ),
            );
        }
        1 => {
            let (x, y) = (rng.float(10.15, 10.5), rng.float(61.1, 61.24));
            let (w, h) = (rng.float(0.02, 0.1), rng.float(0.01, 0.05));
            put(
                "polygon",
                format!(
                    "{x} {y},{} {},{} {}",
                    x + w,
                    y + h * 0.2,
                    x + w * 0.4,
                    y + h
                ),
            );
        }
        2 => {
            let (x, y) = (rng.float(10.15, 10.5), rng.float(61.1, 61.24));
            put("near", format!("{x},{y}"));
            put("radius_km", format!("{:.3}", rng.float(0.5, 6.0)));
        }
        _ => {}
    }
    let maybe = |rng: &mut Rng, k: &str, lo: f64, hi: f64| {
        if rng.chance(0.3) {
            q_push(k, format!("{:.3}", rng.float(lo, hi)))
        } else {
            None
        }
    };
    let mut extra: Vec<(String, String)> = Vec::new();
    for (k, lo, hi) in [
        ("min_daa", 5.0, 150.0),
        ("max_daa", 20.0, 250.0),
        ("min_mw", 0.0, 8.0),
        ("max_e6_km", 0.5, 12.0),
        ("max_rail_km", 1.0, 25.0),
        ("max_skysstasjon_km", 1.0, 25.0),
        ("max_centre_km", 0.5, 10.0),
        ("max_farmland_pct", 0.0, 40.0),
        ("max_nature_pct", 0.0, 40.0),
        ("max_flood_pct", 0.0, 30.0),
        ("max_landslide_pct", 0.0, 30.0),
        ("max_quick_clay_pct", 0.0, 30.0),
        ("max_price", 200.0, 1500.0),
    ] {
        if let Some(p) = maybe(rng, k, lo, hi) {
            extra.push(p);
        }
    }
    // min_daa above max_daa is refused (tested elsewhere): keep the pair consistent
    let min = extra.iter().position(|(k, _)| k == "min_daa");
    let max = extra.iter().position(|(k, _)| k == "max_daa");
    if let (Some(a), Some(b)) = (min, max) {
        let (lo, hi): (f64, f64) = (
            extra[a].1.parse().expect("n"),
            extra[b].1.parse().expect("n"),
        );
        if lo > hi {
            extra.remove(b);
        }
    }
    q.extend(extra);
    if rng.chance(0.3) {
        q.push(("min_readiness".into(), rng.pick(READINESS).into()));
    }
    if rng.chance(0.3) {
        q.push((
            "available_by".into(),
            format!("20{}-06-30", rng.pick(&["25", "26", "27"])),
        ));
    }
    if rng.chance(0.25) {
        q.push(("land_control".into(), rng.subset(LAND).join(",")));
    }
    if rng.chance(0.25) {
        let n = 1 + rng.next() % 2;
        let u: Vec<&str> = (0..n).map(|_| rng.pick(UTIL)).collect();
        q.push(("utilities".into(), u.join(",")));
    }
    Case { query: q }
}

fn q_push(k: &str, v: String) -> Option<(String, String)> {
    Some((k.to_string(), v))
}

/// The brute force: which criteria does this area miss, or is it out of scope (None)?
fn judge(case: &Case, f: &Value, outline: &Geometry<f64>, t: &Transformer) -> Option<Vec<String>> {
    let p = &f["properties"];
    let get = |k: &str| {
        case.query
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let num = |k: &str| get(k).map(|v| v.parse::<f64>().expect("number"));
    let list = |k: &str| get(k).map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>());
    let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    for key in ["municipality", "kind", "availability"] {
        if let Some(allowed) = list(key) {
            if !allowed.contains(&text(key)) {
                return None;
            }
        }
    }
    // what a company can obtain, unless the possible future areas are asked for
    if get("future") != Some("true") && (text("kind") == "candidate" || text("readiness") == "idea")
    {
        return None;
    }
    let ring = |pts: Vec<(f64, f64)>| -> Geometry<f64> {
        let mut ls: Vec<(f64, f64)> = pts
            .into_iter()
            .map(|(x, y)| t.point(x, y).expect("transform"))
            .collect();
        ls.push(ls[0]);
        Geometry::Polygon(Polygon::new(LineString::from(ls), vec![]))
    };
    if let Some(b) = get("bbox") {
        let v: Vec<f64> = b.split(',').map(|x| x.parse().expect("n")).collect();
        let shape = ring(vec![(v[0], v[1]), (v[2], v[1]), (v[2], v[3]), (v[0], v[3])]);
        if !shape.intersects(outline) {
            return None;
        }
    }
    if let Some(poly) = get("polygon") {
        let pts: Vec<(f64, f64)> = poly
            .split(',')
            .map(|pair| {
                let xy: Vec<f64> = pair.split(' ').map(|x| x.parse().expect("n")).collect();
                (xy[0], xy[1])
            })
            .collect();
        if !ring(pts).intersects(outline) {
            return None;
        }
    }
    if let Some(near) = get("near") {
        let v: Vec<f64> = near.split(',').map(|x| x.parse().expect("n")).collect();
        let (x, y) = t.point(v[0], v[1]).expect("transform");
        let r = num("radius_km").expect("radius") * 1000.0;
        if Euclidean.distance(&Geometry::Point(Point::new(x, y)), outline) > r {
            return None;
        }
    }
    let f64_of = |k: &str| p[k].as_f64();
    let available = f64_of("area_available_m2")
        .or(f64_of("area_gross_m2"))
        .expect("area");
    let rank = |r: &str| READINESS.iter().position(|x| *x == r);
    let mut missed = Vec::new();
    let mut check = |name: &str, ok: bool| {
        if !ok {
            missed.push(name.to_string())
        }
    };
    if let Some(v) = num("min_daa") {
        check("min_daa", available >= v * 1000.0);
    }
    if let Some(v) = num("max_daa") {
        check("max_daa", available <= v * 1000.0);
    }
    if let Some(r) = get("min_readiness") {
        check("min_readiness", rank(&text("readiness")) >= rank(r));
    }
    if let Some(d) = get("available_by") {
        let ok = match p["available_from"].as_str() {
            Some(from) => from <= d,
            None => text("readiness") == "ready",
        };
        check("available_by", ok);
    }
    if let Some(v) = num("min_mw") {
        check(
            "min_mw",
            f64_of("substation_free_mw_min").is_some_and(|x| x >= v),
        );
    }
    for (param, prop) in [
        ("max_e6_km", "e6_junction_m"),
        ("max_rail_km", "rail_terminal_m"),
        ("max_skysstasjon_km", "skysstasjon_m"),
        ("max_centre_km", "town_centre_m"),
    ] {
        if let Some(v) = num(param) {
            check(param, f64_of(prop).is_some_and(|d| d <= v * 1000.0));
        }
    }
    for (param, prop) in [
        ("max_farmland_pct", "farmland_share"),
        ("max_nature_pct", "protected_nature_share"),
        ("max_flood_pct", "flood_zone_share"),
        ("max_landslide_pct", "landslide_hazard_share"),
        ("max_quick_clay_pct", "quick_clay_share"),
    ] {
        if let Some(v) = num(param) {
            check(param, f64_of(prop).unwrap_or(0.0) * 100.0 <= v);
        }
    }
    if let Some(allowed) = list("land_control") {
        check("land_control", allowed.contains(&text("land_control")));
    }
    if let Some(v) = num("max_price") {
        check(
            "max_price",
            f64_of("price_nok_per_m2_min").is_some_and(|x| x <= v),
        );
    }
    if let Some(needed) = list("utilities") {
        check("utilities", needed.iter().all(|u| text(u) == "yes"));
    }
    Some(missed)
}

#[tokio::test]
async fn search_agrees_with_a_brute_force_filter_for_random_criteria_and_shapes() {
    let app = spawn_app().await;
    app.seed_demo().await; // reference layers, substations and 18 demo areas
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    app.insert(&collection(random_areas(&mut rng, 150))).await;

    let (_, all) = app
        .get_json("/ogc/collections/areas/items?limit=10000", 200)
        .await;
    let t = Transformer::new(Crs::Crs84, Crs::Epsg25832).expect("proj");
    let published: Vec<(Value, Geometry<f64>)> = all["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| (f.clone(), to_25832(&t, &f["geometry"])))
        .collect();
    assert!(published.len() > 140, "most random areas are published");

    let (mut matched_total, mut near_total, mut empty) = (0, 0, 0);
    for i in 0..120 {
        let case = random_case(&mut rng);
        let mut want_match = BTreeSet::new();
        let mut want_near = BTreeMap::new();
        for (f, outline) in &published {
            let id = f["id"].as_str().expect("id").to_string();
            match judge(&case, f, outline, &t) {
                Some(m) if m.is_empty() => {
                    want_match.insert(id);
                }
                Some(m) if m.len() == 1 => {
                    want_near.insert(id, m[0].clone());
                }
                _ => {}
            }
        }
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &case.query {
            query.append_pair(k, v);
        }
        query.append_pair("limit", "10000");
        let path = format!("/api/search?{}", query.finish());
        let (_, got) = app.get_json(&path, 200).await;
        let got_match: BTreeSet<String> = got["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["id"].as_str().expect("id").to_string())
            .collect();
        assert_eq!(got_match, want_match, "case {i}: matches of {path}");
        assert_eq!(got["numberMatched"], json!(want_match.len()), "{path}");
        assert_eq!(got["numberNearMisses"], json!(want_near.len()), "{path}");
        if want_near.len() <= 100 {
            let got_near: BTreeMap<String, String> = got["nearMisses"]
                .as_array()
                .expect("near misses")
                .iter()
                .map(|f| {
                    let s = &f["properties"]["search"]["missed"];
                    assert!(
                        !s["text"]["nb"].as_str().unwrap_or_default().is_empty(),
                        "a near miss says why"
                    );
                    (
                        f["id"].as_str().expect("id").to_string(),
                        s["criterion"].as_str().expect("criterion").to_string(),
                    )
                })
                .collect();
            assert_eq!(got_near, want_near, "case {i}: near misses of {path}");
        }
        matched_total += want_match.len();
        near_total += want_near.len();
        empty += usize::from(want_match.is_empty());
    }
    // the cases are not trivial: both outcomes occur often
    assert!(matched_total > 300, "{matched_total} matches in all");
    assert!(near_total > 200, "{near_total} near misses in all");
    assert!(empty > 10 && empty < 110, "{empty} searches found nothing");
}

#[tokio::test]
async fn scores_are_explained_ordered_and_exported() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for profile in ["logistics", "knowledge", "population"] {
        let (_, doc) = app
            .get_json(&format!("/api/search?profile={profile}"), 200)
            .await;
        let features = doc["features"].as_array().expect("features");
        assert!(!features.is_empty(), "{profile} finds demo sites");
        let parts_of = |f: &Value| f["properties"]["search"]["parts"].clone();
        let mut previous = f64::INFINITY;
        for f in features {
            let s = &f["properties"]["search"];
            let score = s["score"].as_f64().expect("score");
            assert!(
                (0.0..=100.0).contains(&score) && score <= previous,
                "{profile}: ordered by fit"
            );
            previous = score;
            // the score is the sum of its visible parts over the benefit weights
            let parts = parts_of(f);
            let parts = parts.as_array().expect("parts");
            let sum: f64 = parts
                .iter()
                .map(|p| p["points"].as_f64().expect("points"))
                .sum();
            let max: f64 = parts
                .iter()
                .filter(|p| p["penalty"] == json!(false))
                .map(|p| p["weight"].as_f64().expect("w"))
                .sum();
            assert!(
                (score - (100.0 * sum / max).max(0.0)).abs() < 0.2,
                "{profile}: {score} vs parts"
            );
            for p in parts {
                let t = p["text"]["en"].as_str().expect("text");
                assert!(t.starts_with(['+', '−', '±']), "a part says its sign: {t}");
            }
            assert_eq!(f["properties"]["demo"], json!(true));
        }
        for n in doc["nearMisses"].as_array().expect("near") {
            assert!(n["properties"]["search"]["missed"]["criterion"].is_string());
        }
    }
    // the logistics preset: at least 10 daa within 5 km of an E6 junction …
    let (_, doc) = app.get_json("/api/search?profile=logistics", 200).await;
    for f in doc["features"].as_array().expect("features") {
        let p = &f["properties"];
        assert!(p["e6_junction_m"].as_f64().expect("e6") <= 5000.0);
    }
    // … a preset can be cleared, and weights change the order
    let (_, open) = app
        .get_json("/api/search?profile=logistics&min_daa=&max_e6_km=", 200)
        .await;
    assert!(open["numberMatched"].as_u64() > doc["numberMatched"].as_u64());
    let (_, power_only) = app
        .get_json(
            "/api/search?weights=size:0,readiness:0,e6_junction:0,farmland:0,power:1",
            200,
        )
        .await;
    let mw: Vec<f64> = power_only["features"]
        .as_array()
        .expect("f")
        .iter()
        .map(|f| {
            f["properties"]["substation_free_mw_min"]
                .as_f64()
                .unwrap_or(0.0)
        })
        .collect();
    assert!(
        mw.windows(2).all(|w| w[0] >= w[1].min(5.0)),
        "power decides: {mw:?}"
    );

    // downloads: the same matches as CSV and GeoJSON files
    let res = app
        .http
        .get(app.url("/api/search?profile=knowledge&f=csv"))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("h")
        .contains("attachment"));
    let csv = res.text().await.expect("body");
    let (_, knowledge) = app.get_json("/api/search?profile=knowledge", 200).await;
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert!(lines[0].starts_with("rank,id,fit_score,reference,name"));
    assert_eq!(
        lines.len() - 1,
        knowledge["features"].as_array().expect("f").len()
    );
    let first_name = knowledge["features"][0]["properties"]["name"]
        .as_str()
        .expect("name");
    assert!(lines[1].contains(first_name), "best first: {}", lines[1]);
    let (_, file) = app
        .get_json("/api/search?profile=knowledge&f=geojson", 200)
        .await;
    assert_eq!(file["features"], knowledge["features"]);

    // unpublished areas are never found
    let hidden: Vec<uuid::Uuid> = sqlx::query_scalar(
        "update area set published = false where name like '%Storhove%' returning id",
    )
    .fetch_all(&app.pool)
    .await
    .expect("unpublish");
    assert_eq!(hidden.len(), 2);
    let (_, after) = app.get_json("/api/search?limit=10000", 200).await;
    let text = after.to_string();
    for id in hidden {
        assert!(
            !text.contains(&id.to_string()),
            "unpublished areas stay hidden"
        );
    }
    assert!(after["numberMatched"].as_u64() > Some(10));
}

#[tokio::test]
async fn bad_searches_are_explained_not_guessed() {
    let app = spawn_app().await;
    for (query, parameter) in [
        ("min_daa=lots", "min_daa"),
        ("max_farmland_pct=150", "max_farmland_pct"),
        ("near=61.12,10.47", "near"),
        ("polygon=10.4 61.1,10.5 61.2,10.5 61.1,10.4 61.2", "polygon"),
        ("profile=mining", "profile"),
        ("sort=distance", "sort"),
        (
            "min_readiness=x%27%3B%20drop%20table%20area%3B--",
            "min_readiness",
        ),
        ("colour=red", "colour"),
    ] {
        let (headers, body) = app.get_json(&format!("/api/search?{query}"), 400).await;
        assert_eq!(headers["content-type"], "application/problem+json");
        assert_eq!(
            body["invalid-params"][0]["parameter"], parameter,
            "{query}: {body}"
        );
    }
    assert!(app.area_count().await == 0);
}

/// The rules of RFC 4287 that a feed reader relies on, checked element by element.
fn assert_valid_atom(xml: &str) -> Vec<(String, String, String)> {
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let children = |n: roxmltree::Node<'_, '_>, name: &str| -> Vec<String> {
        n.children()
            .filter(|c| c.is_element() && c.tag_name().name() == name)
            .map(|c| c.text().unwrap_or_default().to_string())
            .collect()
    };
    let date_ok = |d: &str| chrono::DateTime::parse_from_rfc3339(d).is_ok();
    let iri_ok = |i: &str| {
        i.starts_with("urn:uuid:") || i.starts_with("http://") || i.starts_with("https://")
    };
    for name in ["id", "title", "updated"] {
        assert_eq!(children(feed, name).len(), 1, "feed has exactly one {name}");
    }
    assert!(iri_ok(&children(feed, "id")[0]));
    assert!(date_ok(&children(feed, "updated")[0]));
    let self_links = feed
        .children()
        .filter(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"))
        .count();
    assert_eq!(self_links, 1, "a feed links to itself");
    let feed_author = !children(feed, "author").is_empty();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in feed.children().filter(|c| c.tag_name().name() == "entry") {
        for name in ["id", "title", "updated"] {
            assert_eq!(children(e, name).len(), 1, "entry has exactly one {name}");
        }
        let id = children(e, "id")[0].clone();
        assert!(
            iri_ok(&id) && seen.insert(id.clone()),
            "entry ids are unique IRIs"
        );
        assert!(date_ok(&children(e, "updated")[0]));
        assert!(
            feed_author || !children(e, "author").is_empty(),
            "every entry has an author"
        );
        let alternate = e
            .children()
            .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("alternate"))
            .and_then(|l| l.attribute("href"))
            .expect("an entry without content links to it");
        assert_eq!(children(e, "summary").len(), 1);
        out.push((id, children(e, "title")[0].clone(), alternate.to_string()));
    }
    out
}

#[tokio::test]
async fn the_feed_is_atom_follows_the_search_and_never_shows_unpublished_areas() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let res = app
        .http
        .get(app.url("/feed.atom?profile=logistics"))
        .send()
        .await
        .expect("feed");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let entries = assert_valid_atom(&res.text().await.expect("body"));
    let (_, search) = app.get_json("/api/search?profile=logistics", 200).await;
    let found: BTreeSet<String> = search["features"]
        .as_array()
        .expect("f")
        .iter()
        .map(|f| format!("urn:uuid:{}", f["id"].as_str().expect("id")))
        .collect();
    let listed: BTreeSet<String> = entries.iter().map(|e| e.0.clone()).collect();
    assert_eq!(listed, found, "the feed lists what the search finds");
    assert!(
        entries[0].2.contains("/datasheet?profile=logistics"),
        "{:?}",
        entries[0]
    );

    // a change brings an area to the top; unpublishing removes it, even though it changed
    let (first, second): (uuid::Uuid, uuid::Uuid) = {
        let ids: Vec<uuid::Uuid> =
            sqlx::query_scalar("select id from area where published and kind <> 'candidate' and readiness <> 'idea' order by name limit 2")
                .fetch_all(&app.pool)
                .await
                .expect("ids");
        (ids[0], ids[1])
    };
    sqlx::query("update area set description = 'Ny vei <&> bygget' where id = $1")
        .bind(first)
        .execute(&app.pool)
        .await
        .expect("change");
    sqlx::query("update area set published = false, name = 'Hemmelig' where id = $1")
        .bind(second)
        .execute(&app.pool)
        .await
        .expect("unpublish");
    let xml = app
        .http
        .get(app.url("/feed.atom"))
        .send()
        .await
        .expect("feed")
        .text()
        .await
        .expect("body");
    let entries = assert_valid_atom(&xml);
    assert_eq!(
        entries[0].0,
        format!("urn:uuid:{first}"),
        "newest change first"
    );
    assert!(!xml.contains(&second.to_string()) && !xml.contains("Hemmelig"));
    let (headers, _) = app.get_json("/feed.atom?min_mw=lots", 400).await;
    assert_eq!(headers["content-type"], "application/problem+json");
}
