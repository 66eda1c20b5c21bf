//! OGC API – Features reads: RFC 7946 output, bbox, keyset paging, visibility, errors.

use std::collections::{BTreeSet, HashSet};

use geo::{Coord, Intersects, MultiPolygon, Polygon, Rect, Winding};
use serde_json::{json, Value};

use crate::helpers::{
    collection, feature, polygon, spawn_app, TestApp, GAUSDAL, LILLEHAMMER, OYER,
};

/// `n` published areas spread around the three municipalities, deterministic.
async fn scatter(app: &TestApp, n: usize) -> Vec<uuid::Uuid> {
    let centres = [("3405", LILLEHAMMER), ("3440", OYER), ("3441", GAUSDAL)];
    let kinds = ["available", "transformation", "candidate"];
    let features = (0..n)
        .map(|i| {
            let (m, (lon, lat)) = centres[i % 3];
            let dx = ((i * 37) % 41) as f64 / 41.0 - 0.5;
            let dy = ((i * 53) % 43) as f64 / 43.0 - 0.5;
            let rings = polygon(
                lon + dx * 0.08,
                lat + dy * 0.04,
                80.0 + (i % 7) as f64 * 40.0,
                6 + i % 5,
                i as f64,
            );
            feature(
                &format!("T-{i:03}"),
                m,
                kinds[i % 3],
                rings,
                json!({"readiness": if i % 2 == 0 { "ready" } else { "idea" }}),
            )
        })
        .collect();
    app.insert(&collection(features)).await
}

fn ids(doc: &Value) -> Vec<String> {
    doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect()
}

fn next_link(doc: &Value, rel: &str) -> Option<String> {
    doc["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel)
        .map(|l| l["href"].as_str().expect("href").to_string())
}

/// Path and query of an absolute link, to follow it on the test server.
fn path_of(href: &str) -> String {
    let u = url::Url::parse(href).expect("absolute link");
    format!("{}?{}", u.path(), u.query().unwrap_or(""))
}

fn geometry(f: &Value) -> MultiPolygon<f64> {
    let g = &f["geometry"];
    let to_poly = |rings: &Value| {
        let mut rs = rings.as_array().expect("rings").iter().map(|r| {
            geo::LineString(
                r.as_array()
                    .expect("ring")
                    .iter()
                    .map(|p| Coord {
                        x: p[0].as_f64().expect("x"),
                        y: p[1].as_f64().expect("y"),
                    })
                    .collect(),
            )
        });
        let ext = rs.next().expect("exterior");
        Polygon::new(ext, rs.collect())
    };
    match g["type"].as_str() {
        Some("Polygon") => MultiPolygon(vec![to_poly(&g["coordinates"])]),
        Some("MultiPolygon") => MultiPolygon(
            g["coordinates"]
                .as_array()
                .expect("parts")
                .iter()
                .map(to_poly)
                .collect(),
        ),
        other => panic!("unexpected geometry type {other:?}"),
    }
}

#[tokio::test]
async fn items_are_rfc7946_geojson_in_crs84() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let res = app
        .http
        .get(app.url("/ogc/collections/areas/items?limit=100"))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    let doc: Value = res.json().await.expect("json");
    assert_eq!(doc["type"], "FeatureCollection");
    assert!(doc.get("crs").is_none(), "RFC 7946 has no crs member");
    let features = doc["features"].as_array().expect("features");
    assert_eq!(features.len(), 17, "18 demo areas, one unpublished");
    assert_eq!(doc["numberReturned"], 17);
    assert_eq!(doc["numberMatched"], 17);
    let mut with_hole = 0;
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert!(
            f["properties"]["demo"].as_bool().expect("demo flag"),
            "demo data is marked"
        );
        assert!(
            f["properties"].get("owner_name").is_none()
                && f["properties"].get("internal_notes").is_none()
        );
        for p in geometry(f).iter() {
            // lon/lat order: the region is at lon 9–11, lat 60–62
            for c in p
                .exterior()
                .coords()
                .chain(p.interiors().iter().flat_map(|r| r.coords()))
            {
                assert!(
                    (9.0..11.5).contains(&c.x) && (60.5..62.0).contains(&c.y),
                    "lon/lat order: {c:?}"
                );
            }
            assert!(p.exterior().is_ccw(), "exterior rings are counterclockwise");
            for hole in p.interiors() {
                assert!(hole.is_cw(), "holes are clockwise");
                with_hole += 1;
            }
        }
    }
    assert!(with_hole >= 1, "the demo data has an area with a hole");
    // one item has the same Feature plus links
    let id = features[0]["id"].as_str().expect("id");
    let (headers, item) = app
        .get_json(&format!("/ogc/collections/areas/items/{id}"), 200)
        .await;
    assert_eq!(headers["content-type"], "application/geo+json");
    assert_eq!(item["properties"], features[0]["properties"]);
    assert_eq!(item["geometry"], features[0]["geometry"]);
    assert!(next_link(&item, "self").expect("self").ends_with(id));
}

#[tokio::test]
async fn paging_by_next_and_prev_walks_every_area_exactly_once() {
    let app = spawn_app().await;
    let stored = scatter(&app, 47).await;
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut path = "/ogc/collections/areas/items?limit=10&f=json".to_string();
    loop {
        let (_, doc) = app.get_json(&path, 200).await;
        if pages.is_empty() {
            assert_eq!(doc["numberMatched"], 47);
        } else {
            assert!(
                doc.get("numberMatched").is_none(),
                "later pages do not pay for a count"
            );
        }
        let page = ids(&doc);
        assert!(page.windows(2).all(|w| w[0] < w[1]), "ordered by key");
        seen.extend(page.clone());
        pages.push(page);
        match next_link(&doc, "next") {
            Some(href) => {
                assert!(
                    href.contains("limit=10") && href.contains("f=json"),
                    "parameters survive: {href}"
                );
                path = path_of(&href);
            }
            None => break,
        }
    }
    assert_eq!(pages.len(), 5);
    assert_eq!(seen.len(), 47, "no area twice");
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), 47);
    let expected: HashSet<String> = stored.iter().map(|u| u.to_string()).collect();
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), expected);
    // and back again with prev links from the last page
    let (_, mut doc) = app.get_json(&path, 200).await;
    let mut back = vec![ids(&doc)];
    while let Some(href) = next_link(&doc, "prev") {
        doc = app.get_json(&path_of(&href), 200).await.1;
        back.push(ids(&doc));
    }
    back.reverse();
    assert_eq!(back, pages, "prev walks the same pages backwards");
}

#[tokio::test]
async fn filters_and_paging_combine() {
    let app = spawn_app().await;
    scatter(&app, 30).await;
    let mut path =
        "/ogc/collections/areas/items?kind=candidate&municipality=3405,3440&limit=3".to_string();
    let mut seen = BTreeSet::new();
    loop {
        let (_, doc) = app.get_json(&path, 200).await;
        for f in doc["features"].as_array().expect("features") {
            assert_eq!(f["properties"]["kind"], "candidate");
            assert!(
                ["3405", "3440"].contains(&f["properties"]["municipality"].as_str().expect("m"))
            );
            assert!(seen.insert(f["id"].to_string()));
        }
        match next_link(&doc, "next") {
            Some(h) => path = path_of(&h),
            None => break,
        }
    }
    // i % 3 == 2 is a candidate and lies in 3441: none match; the rest by brute force
    let (_, all) = app
        .get_json("/ogc/collections/areas/items?limit=1000", 200)
        .await;
    let expected = all["features"]
        .as_array()
        .expect("f")
        .iter()
        .filter(|f| {
            f["properties"]["kind"] == "candidate"
                && ["3405", "3440"].contains(&f["properties"]["municipality"].as_str().expect("m"))
        })
        .count();
    assert_eq!(seen.len(), expected);
}

#[tokio::test]
async fn bbox_matches_a_brute_force_intersection() {
    let app = spawn_app().await;
    scatter(&app, 60).await;
    let (_, all) = app
        .get_json("/ogc/collections/areas/items?limit=1000", 200)
        .await;
    let everything: Vec<(String, MultiPolygon<f64>)> = all["features"]
        .as_array()
        .expect("f")
        .iter()
        .map(|f| (f["id"].as_str().expect("id").to_string(), geometry(f)))
        .collect();
    assert_eq!(everything.len(), 60);
    // 40 boxes from a fixed-seed generator: reproducible, yet not hand-picked
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |lo: f64, hi: f64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        lo + (hi - lo) * (seed % 1_000_000) as f64 / 1_000_000.0
    };
    let mut nonempty = 0;
    for _ in 0..40 {
        let (x, y) = (next(10.05, 10.55), next(61.05, 61.28));
        let bbox = [x, y, x + next(0.001, 0.25), y + next(0.001, 0.12)];
        let rect = Rect::new(
            Coord {
                x: bbox[0],
                y: bbox[1],
            },
            Coord {
                x: bbox[2],
                y: bbox[3],
            },
        )
        .to_polygon();
        let expected: BTreeSet<String> = everything
            .iter()
            .filter(|(_, g)| g.intersects(&rect))
            .map(|(id, _)| id.clone())
            .collect();
        let path = format!(
            "/ogc/collections/areas/items?limit=1000&bbox={},{},{},{}",
            bbox[0], bbox[1], bbox[2], bbox[3]
        );
        let got: BTreeSet<String> = ids(&app.get_json(&path, 200).await.1).into_iter().collect();
        if !expected.is_empty() {
            nonempty += 1;
        }
        assert_eq!(got, expected, "bbox {bbox:?}");
    }
    assert!(
        nonempty >= 5,
        "the random boxes hit areas often enough to mean something ({nonempty})"
    );
}

#[tokio::test]
async fn unpublished_and_ended_areas_are_invisible() {
    let app = spawn_app().await;
    let (lon, lat) = LILLEHAMMER;
    let ids = app
        .insert(&collection(vec![
            feature(
                "V-1",
                "3405",
                "available",
                polygon(lon, lat, 100.0, 6, 0.0),
                json!({}),
            ),
            feature(
                "V-2",
                "3405",
                "available",
                polygon(lon + 0.01, lat, 100.0, 6, 0.0),
                json!({"published": false}),
            ),
            feature(
                "V-3",
                "3405",
                "available",
                polygon(lon + 0.02, lat, 100.0, 6, 0.0),
                json!({"end_date": "2025-01-31", "end_reason": "sold and built"}),
            ),
        ]))
        .await;
    let (_, doc) = app.get_json("/ogc/collections/areas/items", 200).await;
    assert_eq!(ids_of(&doc), vec![ids[0].to_string()]);
    app.get_json(&format!("/ogc/collections/areas/items/{}", ids[0]), 200)
        .await;
    for hidden in &ids[1..] {
        let (h, p) = app
            .get_json(&format!("/ogc/collections/areas/items/{hidden}"), 404)
            .await;
        assert_eq!(h["content-type"], "application/problem+json");
        assert!(
            !p.to_string().contains("V-2") && !p.to_string().contains("V-3"),
            "nothing about the hidden area leaks"
        );
    }
    let (_, cfg) = app.get_json("/api/config", 200).await;
    assert_eq!(cfg["demo_data"], false, "no demo notice without demo data");
}

fn ids_of(doc: &Value) -> Vec<String> {
    ids(doc)
}

#[tokio::test]
async fn bad_requests_get_problem_details() {
    let app = spawn_app().await;
    for (path, status) in [
        ("/ogc/collections/areas/items?limit=0", 400),
        ("/ogc/collections/areas/items?limit=10001", 400),
        ("/ogc/collections/areas/items?limit=ten", 400),
        ("/ogc/collections/areas/items?bbox=10,61,11", 400),
        (
            "/ogc/collections/areas/items?bbox=578000,6776000,579000,6777000",
            400,
        ),
        ("/ogc/collections/areas/items?bbox=11,61,10,62", 400),
        ("/ogc/collections/areas/items?colour=red", 400),
        ("/ogc/collections/areas/items?kind=factory", 400),
        (
            "/ogc/collections/areas/items?municipality=3405%27%3B%20drop%20table%20area%3B--",
            400,
        ),
        ("/ogc/collections/areas/items?after=not-a-cursor", 400),
        (
            "/ogc/collections/areas/items/00000000-0000-0000-0000-000000000000",
            404,
        ),
        ("/ogc/collections/areas/items/abc", 404),
        ("/ogc/collections/areas/items/1%27%20or%201%3D1", 404),
        ("/ogc/collections/nope", 404),
        ("/ogc/collections/nope/items", 404),
        ("/api/nothing-here", 404),
    ] {
        let res = app.http.get(app.url(path)).send().await.expect("request");
        assert_eq!(res.status().as_u16(), status, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
        let p: Value = res.json().await.expect("problem json");
        assert_eq!(p["status"], status, "{path}");
        assert!(
            p["title"].is_string() && p["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{path}: {p}"
        );
    }
    let (_, p) = app
        .get_json("/ogc/collections/areas/items?limit=0&colour=red", 400)
        .await;
    assert_eq!(
        p["invalid-params"].as_array().expect("list").len(),
        2,
        "every bad parameter is listed"
    );
    assert_eq!(app.area_count().await, 0);
    let (_, health) = app.get_json("/health", 200).await;
    assert_eq!(health["status"], "ok");
}

#[tokio::test]
async fn landing_conformance_collections_and_openapi() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let (_, landing) = app.get_json("/ogc", 200).await;
    for rel in ["self", "service-desc", "conformance", "data"] {
        let href = next_link(&landing, rel).unwrap_or_else(|| panic!("landing has {rel}"));
        assert!(
            href.starts_with(&format!("http://{}", app.address)),
            "absolute link {href}"
        );
    }
    let (_, conf) = app.get_json("/ogc/conformance", 200).await;
    assert!(conf["conformsTo"]
        .as_array()
        .expect("list")
        .iter()
        .any(|c| c.as_str().expect("uri").ends_with("/conf/geojson")));
    let (_, cols) = app.get_json("/ogc/collections", 200).await;
    let areas = cols["collections"]
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["id"] == "areas")
        .expect("areas");
    let bbox = areas["extent"]["spatial"]["bbox"][0]
        .as_array()
        .expect("bbox");
    assert!(
        bbox[0].as_f64().expect("x") > 10.0 && bbox[3].as_f64().expect("y") < 61.5,
        "extent in CRS84: {bbox:?}"
    );
    let res = app.http.get(app.url("/ogc/api")).send().await.expect("api");
    assert!(res.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("application/vnd.oai.openapi+json"));
    let api: Value = res.json().await.expect("openapi json");
    assert_eq!(api["openapi"], "3.0.3");
    assert_eq!(api["servers"][0]["url"], format!("http://{}", app.address));
    for path in [
        "/ogc",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/areas/items",
        "/health",
    ] {
        assert!(api["paths"].get(path).is_some(), "OpenAPI documents {path}");
        let status = app
            .http
            .get(app.url(path))
            .send()
            .await
            .expect("req")
            .status();
        assert_eq!(status, 200, "{path} answers");
    }
    // forwarded headers from a reverse proxy shape the links
    let res = app
        .http
        .get(app.url("/ogc"))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "arealbank.example.no")
        .send()
        .await
        .expect("req");
    let doc: Value = res.json().await.expect("json");
    assert_eq!(
        next_link(&doc, "self").expect("self"),
        "https://arealbank.example.no/ogc"
    );
    let (_, m) = app
        .get_json("/ogc/collections/municipalities/items", 200)
        .await;
    assert_eq!(m["features"].as_array().expect("f").len(), 3);
}

#[tokio::test]
async fn responses_are_gzipped_when_asked() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let raw = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let res = raw
        .get(app.url("/ogc/collections/areas/items"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("req");
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(
        res.headers().get("x-request-id").is_some(),
        "request ids are returned"
    );
}
