//! HTTP behaviour: validators and 304s on public reads, private answers kept private,
//! CORS only for configured origins.

use arealbank::api::Settings;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn public_reads_carry_validators_and_answer_304_until_they_change() {
    let app = spawn_app().await;
    app.seed_demo().await;
    for path in [
        "/ogc/collections/areas/items?limit=5",
        "/ogc/collections",
        "/api/search?profile=logistics",
        "/feed.atom",
        "/api/layers",
    ] {
        let first = app.http.get(app.url(path)).send().await.expect("get");
        assert_eq!(first.status(), 200, "{path}");
        let etag = first.headers()["etag"].to_str().expect("etag").to_string();
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        assert_eq!(first.headers()["cache-control"], "no-cache", "{path}");
        let again = app
            .http
            .get(app.url(path))
            .header("If-None-Match", &etag)
            .send()
            .await
            .expect("conditional get");
        assert_eq!(again.status(), 304, "{path}");
        assert!(again.bytes().await.expect("body").is_empty());
    }
    // a change gives a new validator
    let path = "/ogc/collections/areas/items?limit=100";
    let before = app.http.get(app.url(path)).send().await.expect("get");
    let etag = before.headers()["etag"].to_str().expect("etag").to_string();
    sqlx::query(
        "update area set name = name || ' (endret)' where published and reference = '3405-N-001'",
    )
    .execute(&app.pool)
    .await
    .expect("change");
    let after = app
        .http
        .get(app.url(path))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("get");
    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()["etag"].to_str().expect("etag"), etag);

    // private answers are never given a shared validator or made cacheable
    let token = app.account("kari", "planner", &["3405"]).await;
    let private = app
        .http
        .get(app.url("/api/areas/export"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("export");
    assert_eq!(private.status(), 200);
    assert_eq!(private.headers()["cache-control"], "private, no-store");
    assert!(private.headers().get("etag").is_none());
    // no CORS unless configured
    let res = app
        .http
        .get(app.url("/ogc/collections"))
        .header("Origin", "https://kart.example.no")
        .send()
        .await
        .expect("get");
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn cors_is_given_to_the_configured_origins_only() {
    let app = spawn_app_with(Settings {
        cors_origins: vec!["https://kart.example.no".into()],
        ..Settings::default()
    })
    .await;
    let preflight = app
        .http
        .request(
            reqwest::Method::OPTIONS,
            app.url("/ogc/collections/areas/items/x"),
        )
        .header("Origin", "https://kart.example.no")
        .header("Access-Control-Request-Method", "PUT")
        .header(
            "Access-Control-Request-Headers",
            "if-match, content-type, authorization",
        )
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let h = preflight.headers();
    assert_eq!(h["access-control-allow-origin"], "https://kart.example.no");
    assert!(h["access-control-allow-methods"]
        .to_str()
        .expect("m")
        .contains("PUT"));
    assert!(h["access-control-allow-headers"]
        .to_str()
        .expect("h")
        .contains("if-match"));
    let get = app
        .http
        .get(app.url("/ogc/collections"))
        .header("Origin", "https://kart.example.no")
        .send()
        .await
        .expect("get");
    assert_eq!(
        get.headers()["access-control-allow-origin"],
        "https://kart.example.no"
    );
    assert!(get.headers()["access-control-expose-headers"]
        .to_str()
        .expect("e")
        .contains("etag"));
    let other = app
        .http
        .get(app.url("/ogc/collections"))
        .header("Origin", "https://evil.example.com")
        .send()
        .await
        .expect("get");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}
