//! Vector tiles: decoded here with a small reader written from the Mapbox Vector Tile
//! specification (protobuf), they hold the public areas and nothing unpublished; kept
//! tiles are never served after a change.

use std::collections::{BTreeMap, BTreeSet};

use std::time::{Duration, Instant};

use crate::helpers::{spawn_app, TestApp};

/// One protobuf field: number and either a varint or a length-delimited slice.
enum Field<'a> {
    Varint(u32, u64),
    Bytes(u32, &'a [u8]),
}

fn varint(b: &[u8], i: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let byte = b[*i];
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return v;
        }
        shift += 7;
    }
}

fn fields(b: &[u8]) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let key = varint(b, &mut i);
        let (num, wire) = ((key >> 3) as u32, key & 7);
        match wire {
            0 => out.push(Field::Varint(num, varint(b, &mut i))),
            2 => {
                let len = varint(b, &mut i) as usize;
                out.push(Field::Bytes(num, &b[i..i + len]));
                i += len;
            }
            1 => i += 8,
            5 => i += 4,
            other => panic!("unexpected wire type {other}"),
        }
    }
    out
}

/// A feature's properties (strings and integers as text) and whether it has a geometry.
type TileFeature = (BTreeMap<String, String>, bool);

/// The features of each layer, as property maps (strings and integers as text), plus
/// whether each has a geometry.
fn decode(tile: &[u8]) -> BTreeMap<String, Vec<TileFeature>> {
    let mut layers = BTreeMap::new();
    for f in fields(tile) {
        let Field::Bytes(3, layer) = f else { continue };
        let (mut name, mut keys, mut values, mut raw_features) =
            (String::new(), Vec::new(), Vec::new(), Vec::new());
        let mut version = 0;
        for lf in fields(layer) {
            match lf {
                Field::Bytes(1, s) => name = String::from_utf8(s.to_vec()).expect("utf-8"),
                Field::Bytes(2, feat) => raw_features.push(feat),
                Field::Bytes(3, k) => keys.push(String::from_utf8(k.to_vec()).expect("utf-8")),
                Field::Bytes(4, v) => values.push(
                    fields(v)
                        .into_iter()
                        .map(|vf| match vf {
                            Field::Bytes(1, s) => String::from_utf8(s.to_vec()).expect("utf-8"),
                            Field::Varint(_, n) => n.to_string(),
                            Field::Bytes(_, _) => "?".into(),
                        })
                        .next()
                        .unwrap_or_default(),
                ),
                Field::Varint(15, v) => version = v,
                _ => {}
            }
        }
        assert_eq!(version, 2, "MVT version 2");
        let features = raw_features
            .into_iter()
            .map(|feat| {
                let mut props = BTreeMap::new();
                let mut geometry = false;
                for ff in fields(feat) {
                    match ff {
                        Field::Bytes(2, tags) => {
                            let mut i = 0;
                            let mut t = Vec::new();
                            while i < tags.len() {
                                t.push(varint(tags, &mut i) as usize);
                            }
                            for pair in t.chunks(2) {
                                props.insert(keys[pair[0]].clone(), values[pair[1]].clone());
                            }
                        }
                        Field::Bytes(4, g) => geometry = !g.is_empty(),
                        Field::Varint(3, kind) => {
                            assert!(kind == 3 || kind == 1, "polygons, or points for clusters")
                        }
                        _ => {}
                    }
                }
                (props, geometry)
            })
            .collect();
        layers.insert(name, features);
    }
    layers
}

/// The web-mercator tile holding (lon, lat) at zoom z.
fn tile_of(lon: f64, lat: f64, z: u32) -> (u32, u32) {
    let n = f64::from(1u32 << z);
    let x = ((lon + 180.0) / 360.0 * n).floor();
    let lat = lat.to_radians();
    let y = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor();
    (x as u32, y as u32)
}

#[tokio::test]
async fn tiles_hold_the_public_areas_only_and_revalidate() {
    let app = spawn_app().await;
    app.seed_demo().await;
    // zoom 7 around Lillehammer covers the whole region
    let (x, y) = tile_of(10.4, 61.2, 7);
    let path = format!("/tiles/areas/7/{x}/{y}.mvt");
    let res = app.http.get(app.url(&path)).send().await.expect("tile");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "application/vnd.mapbox-vector-tile"
    );
    let etag = res.headers()["etag"].to_str().expect("etag").to_string();
    let tile = res.bytes().await.expect("bytes");
    let layers = decode(&tile);
    let areas = &layers["areas"];
    let got: BTreeSet<String> = areas.iter().map(|(p, _)| p["reference"].clone()).collect();
    let want: Vec<String> = sqlx::query_scalar(
        "select reference from area where published and (end_date is null or end_date > current_date)",
    )
    .fetch_all(&app.pool)
    .await
    .expect("public");
    assert_eq!(got, want.into_iter().collect::<BTreeSet<_>>());
    assert!(areas
        .iter()
        .all(|(p, g)| *g && p.contains_key("name") && p.contains_key("kind")));
    assert!(
        !got.contains("3405-N-010"),
        "the unpublished demo area is not in the tile"
    );

    // 304 until something changes; an unpublished area leaves the tile
    let again = app
        .http
        .get(app.url(&path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("tile");
    assert_eq!(again.status(), 304);
    sqlx::query("update area set published = false where reference = '3405-N-001'")
        .execute(&app.pool)
        .await
        .expect("unpublish");
    // written behind the server's back: seen once PostgreSQL's notification arrives
    let gone = eventually(&app, &path, |layers| {
        !layers["areas"]
            .iter()
            .any(|(p, _)| p["reference"] == "3405-N-001")
    })
    .await;
    assert_eq!(gone.0, "miss");
    let changed = app
        .http
        .get(app.url(&path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("tile");
    assert_eq!(changed.status(), 200);

    // a tile far away is empty; bad addresses and other collections are refused
    let (fx, fy) = tile_of(5.3, 60.4, 12); // Bergen
    let empty = app
        .http
        .get(app.url(&format!("/tiles/areas/12/{fx}/{fy}.mvt")))
        .send()
        .await
        .expect("tile");
    assert_eq!(empty.status(), 200);
    assert!(empty.bytes().await.expect("b").is_empty());
    for bad in [
        "/tiles/areas/23/0/0.mvt",
        "/tiles/areas/3/8/0.mvt",
        "/tiles/areas/a/b/c.mvt",
    ] {
        let (h, _) = app.get_json(bad, 400).await;
        assert_eq!(h["content-type"], "application/problem+json");
    }
    app.get_json("/tiles/secrets/1/0/0.mvt", 404).await;
}

/// GET a tile: its `X-Cache` (hit or miss) and layers.
async fn tile(app: &TestApp, path: &str) -> (String, BTreeMap<String, Vec<TileFeature>>) {
    let res = app.http.get(app.url(path)).send().await.expect("tile");
    assert_eq!(res.status(), 200);
    let kept = res.headers()["x-cache"]
        .to_str()
        .expect("x-cache")
        .to_string();
    (kept, decode(&res.bytes().await.expect("bytes")))
}

/// The tile once `ok` holds for it, asked every 20 ms for at most 5 s (a change made by
/// another writer reaches the server as PostgreSQL's notification, in milliseconds).
async fn eventually(
    app: &TestApp,
    path: &str,
    ok: impl Fn(&BTreeMap<String, Vec<TileFeature>>) -> bool,
) -> (String, BTreeMap<String, Vec<TileFeature>>) {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let got = tile(app, path).await;
        if ok(&got.1) {
            return got;
        }
        assert!(Instant::now() < until, "{path} did not change within 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Ask until the server serves the tile from memory (it keeps tiles once it follows
/// the database's notifications, a moment after it starts).
async fn kept(app: &TestApp, path: &str) -> BTreeMap<String, Vec<TileFeature>> {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let (kept, layers) = tile(app, path).await;
        if kept == "hit" {
            return layers;
        }
        assert!(Instant::now() < until, "{path} never served from memory");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_kept_tile_is_never_served_after_a_change_to_areas_facts_or_substations() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let (x, y) = tile_of(10.4, 61.2, 7);
    let path = format!("/tiles/areas/7/{x}/{y}.mvt");
    let name_of = |layers: &BTreeMap<String, Vec<TileFeature>>, reference: &str| {
        layers["areas"]
            .iter()
            .find(|(p, _)| p["reference"] == reference)
            .map(|(p, _)| p["name"].clone())
    };
    let before = kept(&app, &path).await;
    assert_eq!(
        tile(&app, &path).await.1,
        before,
        "the kept tile is the tile"
    );

    // a write through the API: the writer's very next tile is built afresh
    let (_, area) = app
        .get_json(
            "/ogc/collections/areas/items?municipality=3405&limit=1",
            200,
        )
        .await;
    let feature = &area["features"][0];
    let id = feature["id"].as_str().expect("id");
    let reference = feature["properties"]["reference"].as_str().expect("ref");
    let item = format!("/ogc/collections/areas/items/{id}");
    let (headers, _) = app.get_json(&item, 200).await;
    let res = app
        .http
        .patch(app.url(&item))
        .bearer_auth(&token)
        .header("if-match", headers["etag"].clone())
        .header("content-type", "application/merge-patch+json")
        .body(r#"{"properties":{"name":"Nytt navn etter endring"}}"#)
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let (kept_now, after) = tile(&app, &path).await;
    assert_eq!(kept_now, "miss");
    assert_eq!(
        name_of(&after, reference).as_deref(),
        Some("Nytt navn etter endring")
    );

    // facts and substations written from outside (an import, another instance, psql)
    for change in [
        "update area_fact set e6_junction_m = e6_junction_m + 1",
        "update substation set free_capacity_mw_min = free_capacity_mw_min",
        "update area set name = 'Navn fra psql' where reference = '3405-N-001'",
    ] {
        kept(&app, &path).await;
        sqlx::query(change).execute(&app.pool).await.expect(change);
        let until = Instant::now() + Duration::from_secs(5);
        while tile(&app, &path).await.0 == "hit" {
            assert!(Instant::now() < until, "still kept after {change}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let last = tile(&app, &path).await.1;
    assert_eq!(
        name_of(&last, "3405-N-001").as_deref(),
        Some("Navn fra psql")
    );
}

#[tokio::test]
async fn a_tile_over_very_many_areas_holds_clusters_that_count_every_one() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let above = arealbank::store::tiles::CLUSTER_ABOVE;
    // a grid of small published areas in Lillehammer, one more than a tile shows in full
    sqlx::query(
        "insert into area (reference, name, municipality, kind, geom, published, demo)
         select 'T-' || i, 'Testområde ' || i, '3405', (array['available', 'transformation'])[1 + i % 2],
                st_multi(st_buffer(st_setsrid(st_makepoint(560000 + (i % 100) * 300,
                                                           6770000 + (i / 100) * 300), 25832), 60, 2)),
                true, true
         from generate_series(1, $1) i",
    )
    .bind(above + 1)
    .execute(&app.pool)
    .await
    .expect("many areas");
    let (x, y) = tile_of(10.4, 61.2, 7);
    let (_, layers) = tile(&app, &format!("/tiles/areas/7/{x}/{y}.mvt")).await;
    let clusters = &layers["areas"];
    let counted: i64 = clusters
        .iter()
        .map(|(p, _)| p["areas"].parse::<i64>().expect("areas"))
        .sum();
    let public: i64 = sqlx::query_scalar("select count(*) from area_public")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(counted, public, "every public area is counted once");
    assert!(clusters.len() < 1100, "{} clusters", clusters.len());
    assert!(clusters.iter().all(|(p, g)| *g
        && p.contains_key("kind")
        && p.contains_key("municipality")
        && !p.contains_key("reference")));
    // one zoom level in, where fewer areas touch each tile, the outlines come back
    let (x, y) = tile_of(10.3, 61.12, 12);
    let (_, close) = tile(&app, &format!("/tiles/areas/12/{x}/{y}.mvt")).await;
    assert!(close["areas"]
        .iter()
        .any(|(p, _)| p.get("reference").is_some_and(|r| r.starts_with("T-"))));
}
