//! Vector tiles: decoded here with a small reader written from the Mapbox Vector Tile
//! specification (protobuf), they hold the public areas and nothing unpublished.

use std::collections::{BTreeMap, BTreeSet};

use crate::helpers::spawn_app;

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
                        Field::Varint(3, kind) => assert_eq!(kind, 3, "polygons"),
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
    let changed = app
        .http
        .get(app.url(&path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("tile");
    assert_eq!(changed.status(), 200);
    let layers = decode(&changed.bytes().await.expect("bytes"));
    assert!(!layers["areas"]
        .iter()
        .any(|(p, _)| p["reference"] == "3405-N-001"));

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
