//! Norwegian first: every message the server sends a person exists in bokmål, chosen by the
//! map's language cookie or `Accept-Language`; English stays the default for other clients.

use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, TestApp, LILLEHAMMER};

/// The same request in English and in bokmål: (English answer, bokmål answer).
async fn both(app: &TestApp, send: impl Fn(&str) -> reqwest::RequestBuilder) -> (Value, Value) {
    let en = send("en").send().await.expect("en");
    let nb = send("nb-NO,nb;q=0.9,en;q=0.5").send().await.expect("nb");
    assert_eq!(
        nb.headers().get("content-language").map(|v| v.as_bytes()),
        Some(&b"nb"[..]),
        "{:?}",
        nb.headers()
    );
    let _ = app;
    (
        en.json().await.expect("json"),
        nb.json().await.expect("json"),
    )
}

/// Every person-facing text of a problem: title, detail, each issue's and parameter's
/// message and accepted values.
fn texts(p: &Value) -> Vec<String> {
    let mut out = vec![
        p["title"].as_str().unwrap_or("").to_string(),
        p["detail"].as_str().unwrap_or("").to_string(),
    ];
    for list in ["issues", "invalid-params"] {
        for i in p[list].as_array().into_iter().flatten() {
            out.push(i["message"].as_str().unwrap_or("").to_string());
            out.push(i["accepted"].as_str().unwrap_or("").to_string());
        }
    }
    out
}

fn all_translated(en: &Value, nb: &Value, what: &str) {
    let (e, n) = (texts(en), texts(nb));
    assert_eq!(e.len(), n.len(), "{what}");
    for (e, n) in e.iter().zip(&n) {
        if e.is_empty() {
            continue;
        }
        let expected = arealbank::domain::messages::bokmal(e)
            .unwrap_or_else(|| panic!("{what}: no bokmål for {e:?}"));
        assert_eq!(n, &expected, "{what}");
        assert_ne!(n, e, "{what}: still English");
    }
}

#[tokio::test]
async fn sign_in_validation_and_permission_messages_are_in_bokmal() {
    let app = spawn_app().await;
    app.seed_demo().await;
    let kari = app.account("kari", "planner", &["3405"]).await;

    let (en, nb) = both(&app, |lang| {
        app.http
            .post(app.url("/api/login"))
            .header("accept-language", lang)
            .json(&json!({"username": "kari", "password": "not the password at all"}))
    })
    .await;
    assert_eq!(en["detail"], "wrong username or password");
    assert_eq!(nb["detail"], "feil brukernavn eller passord");
    all_translated(&en, &nb, "sign-in");

    // a required name left empty and an outline that crosses itself
    let (lon, lat) = LILLEHAMMER;
    let mut f = feature(
        "3405-L-001",
        "3405",
        "available",
        polygon(lon, lat, 100.0, 6, 0.0),
        json!({"name": ""}),
    );
    f["geometry"]["coordinates"] = json!([[
        [lon, lat],
        [lon + 0.002, lat + 0.001],
        [lon + 0.002, lat],
        [lon, lat + 0.001],
        [lon, lat]
    ]]);
    let (en, nb) = both(&app, |lang| {
        app.http
            .post(app.url("/ogc/collections/areas/items"))
            .bearer_auth(&kari)
            .header("accept-language", lang)
            .body(f.to_string())
    })
    .await;
    assert!(
        texts(&en).iter().any(|t| t.contains("self-intersection")),
        "{en}"
    );
    assert!(
        texts(&nb).iter().any(|t| t.contains("krysser seg selv")),
        "{nb}"
    );
    all_translated(&en, &nb, "an invalid area");

    // not allowed: a planner loading plan data; a bad search parameter
    let (en, nb) = both(&app, |lang| {
        app.http
            .post(app.url("/api/plans/import"))
            .bearer_auth(&kari)
            .header("accept-language", lang)
            .body("{}")
    })
    .await;
    assert_eq!(
        nb["detail"],
        "kari har ikke lov til å laste inn plandata; det gjør en administrator"
    );
    all_translated(&en, &nb, "forbidden");
    let (en, nb) = both(&app, |lang| {
        app.http
            .get(app.url("/api/search?min_daa=mye"))
            .header("accept-language", lang)
    })
    .await;
    assert_eq!(nb["title"], "Ugyldig parameter");
    assert_eq!(nb["invalid-params"][0]["message"], "ikke en gyldig verdi");

    // the map's own language wins over the browser's
    let res = app
        .http
        .post(app.url("/api/login"))
        .header("accept-language", "en")
        .header("cookie", "arealbank_lang=nb")
        .json(&json!({"username": "kari", "password": "not the password at all"}))
        .send()
        .await
        .expect("login");
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["detail"], "feil brukernavn eller passord");
    let _ = (en, nb);
}
