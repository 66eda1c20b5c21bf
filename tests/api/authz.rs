//! The authorisation matrix: every write and every internal read × every role.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{collection, feature, polygon, spawn_app, LILLEHAMMER};

#[tokio::test]
async fn every_role_gets_exactly_what_it_may() {
    let app = spawn_app().await;
    let admin = app.account("admin", "admin", &[]).await;
    let own = app.account("kari", "planner", &["3405"]).await;
    let other = app.account("per", "planner", &["3440", "3441"]).await;
    let viewer = app.account("ola", "viewer", &[]).await;
    let (lon, lat) = LILLEHAMMER;
    let roles: [(&str, Option<&str>); 5] = [
        ("public", None),
        ("viewer", Some(&viewer)),
        ("other planner", Some(&other)),
        ("own planner", Some(&own)),
        ("admin", Some(&admin)),
    ];

    for (i, (role, token)) in roles.iter().enumerate() {
        // a fresh area per role, at version 1, so every write below has something to act on
        let id = app
            .insert(&collection(vec![feature(
                &format!("3405-Z-{i}"),
                "3405",
                "available",
                polygon(lon + i as f64 * 0.005, lat, 100.0, 6, 0.0),
                json!({"owner_name": "Ola Nordmann", "published": false}),
            )]))
            .await[0];
        let item = format!("/ogc/collections/areas/items/{id}");
        let new = feature(
            &format!("3405-Y-{i}"),
            "3405",
            "available",
            polygon(lon, lat + 0.01 + i as f64 * 0.005, 100.0, 6, 0.0),
            json!({}),
        );
        let may_write = matches!(*role, "own planner" | "admin");
        let signed_in = token.is_some();
        let write = if !signed_in {
            401
        } else if may_write {
            0
        } else {
            403
        };
        let read = if signed_in { 200 } else { 401 };
        let cases: Vec<(Method, String, Option<Value>, u16)> = vec![
            (Method::GET, format!("/api/areas/{id}/history"), None, read),
            (
                Method::GET,
                format!("/api/areas/{id}/versions/1"),
                None,
                read,
            ),
            (Method::GET, "/api/areas/export".into(), None, read),
            (Method::GET, "/api/session".into(), None, read),
            // unpublished: never public; signed-in readers see it (QGIS reloads its layer)
            (
                Method::GET,
                item.clone(),
                None,
                if signed_in { 200 } else { 404 },
            ),
            (
                Method::GET,
                "/ogc/collections/areas/items".into(),
                None,
                200,
            ),
            // what the public reads elsewhere never shows an unpublished area either
            (Method::GET, "/api/search".into(), None, 200),
            (Method::GET, "/feed.atom".into(), None, 200),
            (Method::GET, "/tiles/areas/10/541/290.mvt".into(), None, 200),
            (
                Method::OPTIONS,
                "/ogc/collections/areas/items".into(),
                None,
                204,
            ),
            (Method::OPTIONS, item.clone(), None, 204),
            (
                Method::POST,
                "/ogc/collections/areas/items".into(),
                Some(new.clone()),
                if write == 0 { 201 } else { write },
            ),
            (
                Method::PATCH,
                item.clone(),
                Some(json!({"properties": {"name": "endret"}})),
                if write == 0 { 200 } else { write },
            ),
            (
                Method::POST,
                format!("/api/areas/{id}/versions/1/restore"),
                None,
                if write == 0 { 200 } else { write },
            ),
            (
                Method::POST,
                "/api/areas/import?dry_run=true".into(),
                Some(collection(vec![feature(
                    "3405-X-1",
                    "3405",
                    "available",
                    polygon(lon, lat - 0.01, 100.0, 6, 0.0),
                    json!({}),
                )])),
                if write == 0 { 200 } else { write },
            ),
            (
                Method::DELETE,
                format!("{item}?reason=test"),
                None,
                if write == 0 { 204 } else { write },
            ),
        ];
        let mut version = 1;
        for (method, path, body, expected) in cases {
            let mut req = app
                .http
                .request(method.clone(), app.url(&path))
                .header("if-match", format!("\"{version}\""));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if let Some(b) = body {
                req = req.body(b.to_string());
            }
            let res = req.send().await.expect("request");
            let status = res.status().as_u16();
            let allow = res
                .headers()
                .get("allow")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let text = res.text().await.unwrap_or_default();
            assert_eq!(status, expected, "{role}: {method} {path}: {text}");
            if method == Method::OPTIONS {
                // Allow says what this caller may do, and nothing more
                let (writes, offered) = if path == item {
                    ("PUT, PATCH, DELETE", may_write)
                } else {
                    // any planner creates in their own municipalities
                    ("POST", may_write || *role == "other planner")
                };
                assert_eq!(
                    allow.contains(writes),
                    offered,
                    "{role}: OPTIONS {path}: {allow}"
                );
                assert!(allow.starts_with("GET, HEAD, OPTIONS"), "{role}: {allow}");
            }
            if !signed_in && method == Method::GET {
                assert!(
                    !text.contains(&format!("3405-Z-{i}")),
                    "{role}: {method} {path} shows an unpublished area"
                );
            }
            if status == 200 && (method == Method::PATCH || path.ends_with("/restore")) {
                version += 1;
            }
            if *role == "viewer" || !signed_in {
                assert!(
                    !text.contains("Ola Nordmann"),
                    "{role}: {method} {path} leaks the owner's name"
                );
            }
        }
    }
}
