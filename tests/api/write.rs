//! Creating areas over HTTP (OGC API – Features Part 4 POST) with API tokens.

use arealbank::domain::{token, user::NewUser};
use arealbank::store::users;
use serde_json::{json, Value};

use crate::helpers::{feature, polygon, spawn_app, TestApp, LILLEHAMMER, OYER};

const ITEMS: &str = "/ogc/collections/areas/items";

async fn post(
    app: &TestApp,
    token: Option<&str>,
    body: impl Into<reqwest::Body>,
    crs: Option<&str>,
) -> reqwest::Response {
    let mut req = app
        .http
        .post(app.url(ITEMS))
        .header("content-type", "application/geo+json")
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(c) = crs {
        req = req.header("content-crs", c);
    }
    req.send().await.expect("request")
}

fn area(reference: &str, municipality: &str, at: (f64, f64)) -> Value {
    feature(
        reference,
        municipality,
        "available",
        polygon(at.0, at.1, 120.0, 8, 0.2),
        json!({"published": false}),
    )
}

#[tokio::test]
async fn a_planner_creates_an_area_in_their_municipality() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let mut body = area("3405-N-900", "3405", LILLEHAMMER);
    body["properties"]["name"] = "Næringstomt'); DELETE FROM area;--".into();
    body["properties"]["owner_name"] = "Ola Nordmann".into();
    let res = post(&app, Some(&token), body.to_string(), None).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    assert_eq!(res.headers()["etag"], "\"1\"");
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let created: Value = res.json().await.expect("feature");
    let id = created["id"].as_str().expect("id");
    assert!(location.ends_with(&format!("{ITEMS}/{id}")), "{location}");
    assert_eq!(
        created["properties"]["name"],
        "Næringstomt'); DELETE FROM area;--"
    );
    assert_eq!(
        created["properties"]["owner_name"], "Ola Nordmann",
        "the editor sees private fields"
    );
    assert_eq!(created["properties"]["version"], 1);
    assert_eq!(created["properties"]["published"], false);
    // unpublished: invisible to the public
    app.get_json(&format!("{ITEMS}/{id}"), 404).await;
    let (who, action): (String, String) =
        sqlx::query_as("select h.changed_by_name, h.action from area_history h join app_user u on u.id = h.changed_by where h.area_id = $1::uuid")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("history written with the change");
    assert_eq!((who.as_str(), action.as_str()), ("kari", "create"));
}

#[tokio::test]
async fn writes_need_a_valid_token_and_the_right_municipality() {
    let app = spawn_app().await;
    let planner = app.account("kari", "planner", &["3405"]).await;
    let viewer = app.account("ola", "viewer", &[]).await;
    let body = area("3440-N-900", "3440", OYER).to_string();
    for (token, status) in [
        (None, 401),
        (Some("arb_not-a-real-token"), 401),
        (Some(viewer.as_str()), 403),
        (Some(planner.as_str()), 403),
    ] {
        let res = post(&app, token, body.clone(), None).await;
        assert_eq!(res.status().as_u16(), status, "token {token:?}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        if status == 401 {
            assert!(
                res.headers().get("www-authenticate").is_some(),
                "401 says how to authenticate"
            );
        }
    }
    assert_eq!(app.area_count().await, 0, "nothing written");
    let admin = app.account("admin", "admin", &[]).await;
    assert_eq!(
        post(&app, Some(&admin), body, None).await.status(),
        201,
        "admins may write anywhere"
    );
}

#[tokio::test]
async fn bad_bodies_get_every_problem_and_write_nothing() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let (lon, lat) = LILLEHAMMER;
    let mut bad = area("3405-N-901", "3405", LILLEHAMMER);
    bad["geometry"]["coordinates"] = json!([[
        [lon, lat],
        [lon + 0.004, lat + 0.002],
        [lon + 0.004, lat],
        [lon, lat + 0.002],
        [lon, lat]
    ]]);
    bad["properties"]["name"] = "".into();
    bad["properties"]["readiness"] = "soon".into();
    let res = post(&app, Some(&token), bad.to_string(), None).await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.expect("problem");
    let fields: Vec<&str> = p["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["field"].as_str().expect("field"))
        .collect();
    assert!(
        fields.contains(&"geometry") && fields.contains(&"name") && fields.contains(&"readiness"),
        "{p}"
    );

    for (body, crs, status, kind) in [
        (
            "{\"type\": \"Feature\", ".to_string(),
            None,
            422,
            "invalid_json",
        ),
        (
            json!({"type": "FeatureCollection", "features": []}).to_string(),
            None,
            422,
            "unexpected_geometry_type",
        ),
        (
            area("3405-N-902", "3405", LILLEHAMMER).to_string(),
            Some("EPSG:3857"),
            422,
            "unsupported_crs",
        ),
    ] {
        let res = post(&app, Some(&token), body, crs).await;
        assert_eq!(res.status().as_u16(), status);
        let p: Value = res.json().await.expect("problem");
        assert_eq!(p["issues"][0]["type"], kind, "{p}");
    }
    // larger than the 16 MiB body limit
    let huge = format!(
        "{{\"type\": \"Feature\", \"properties\": {{\"description\": \"{}\"}}}}",
        "x".repeat(17 * 1024 * 1024)
    );
    let res = post(&app, Some(&token), huge, None).await;
    assert_eq!(res.status(), 413);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(app.area_count().await, 0);
}

#[tokio::test]
async fn projected_coordinates_are_read_in_the_content_crs() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let (x, y) = (578_000.0, 6_776_000.0);
    let mut body = area("3405-N-903", "3405", LILLEHAMMER);
    body["geometry"]["coordinates"] = json!([[
        [x, y],
        [x + 200.0, y],
        [x + 200.0, y + 150.0],
        [x, y + 150.0],
        [x, y]
    ]]);
    let res = post(
        &app,
        Some(&token),
        body.to_string(),
        Some("<http://www.opengis.net/def/crs/EPSG/0/25832>"),
    )
    .await;
    assert_eq!(res.status(), 201);
    let f: Value = res.json().await.expect("feature");
    assert!((f["properties"]["area_gross_m2"].as_f64().expect("area") - 30_000.0).abs() < 0.01);
    assert!(
        f["geometry"]["coordinates"][0][0][0][0]
            .as_f64()
            .expect("lon")
            < 11.0,
        "served in CRS84"
    );
}

#[tokio::test]
async fn tokens_from_the_command_line_work_until_revoked() {
    let app = spawn_app().await;
    let user = NewUser::new(
        "kari",
        None,
        "planner",
        &["3405".into()],
        "a long test password",
    )
    .expect("user");
    users::add(&app.pool, &user).await.expect("add");
    let cli = |args: &[&str]| app.cli().args(args).output().expect("run arealbank");
    let out = cli(&["token", "add", "kari", "--name", "qgis"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let secret = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(secret.starts_with("arb_"), "{secret}");
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("select token_sha256 from api_token")
        .fetch_all(&app.pool)
        .await
        .expect("tokens");
    assert_eq!(
        stored,
        vec![token::digest(&secret).to_vec()],
        "only the digest is stored"
    );
    assert_eq!(
        post(
            &app,
            Some(&secret),
            area("3405-N-904", "3405", LILLEHAMMER).to_string(),
            None
        )
        .await
        .status(),
        201
    );
    assert!(cli(&["token", "revoke", "kari", "qgis"]).status.success());
    assert_eq!(
        post(
            &app,
            Some(&secret),
            area("3405-N-905", "3405", LILLEHAMMER).to_string(),
            None
        )
        .await
        .status(),
        401
    );
    let dup = cli(&["token", "add", "kari", "--name", "qgis"]);
    assert!(
        !dup.status.success()
            && String::from_utf8_lossy(&dup.stderr).contains("already has a token")
    );
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app.http.request(method, app.url(path)).bearer_auth(token);
    if let Some(v) = if_match {
        req = req.header("if-match", v);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/merge-patch+json")
            .body(b.to_string());
    }
    req.send().await.expect("request")
}

async fn created(app: &TestApp, token: &str, reference: &str) -> String {
    let res = post(
        app,
        Some(token),
        area(reference, "3405", LILLEHAMMER).to_string(),
        None,
    )
    .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.expect("feature")["id"]
        .as_str()
        .expect("id")
        .to_string()
}

async fn stored(app: &TestApp, id: &str) -> (i32, String, f64) {
    sqlx::query_as("select version, name, area_gross_m2 from area where id = $1::uuid")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .expect("area")
}

#[tokio::test]
async fn concurrent_edits_never_overwrite_each_other() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let id = created(&app, &token, "3405-N-910").await;
    let path = format!("{ITEMS}/{id}");
    let (_, _, gross) = stored(&app, &id).await;

    let res = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &token,
        Some("\"1\""),
        Some(json!({"properties": {"name": "Nytt navn", "description": null}})),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    assert_eq!(
        stored(&app, &id).await,
        (2, "Nytt navn".to_string(), gross),
        "the outline is kept exactly"
    );

    let res = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &token,
        Some("\"1\""),
        Some(json!({"properties": {"name": "Utdatert"}})),
    )
    .await;
    assert_eq!(res.status(), 412, "a stale version is refused");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert_eq!(stored(&app, &id).await.1, "Nytt navn");

    // two planners editing version 2 at the same moment: exactly one wins
    let a = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &token,
        Some("\"2\""),
        Some(json!({"properties": {"name": "A"}})),
    );
    let b = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &token,
        Some("\"2\""),
        Some(json!({"properties": {"name": "B"}})),
    );
    let (a, b) = tokio::join!(a, b);
    let mut statuses = vec![a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![200, 412]);
    let (version, name, _) = stored(&app, &id).await;
    assert_eq!(version, 3);
    assert!(name == "A" || name == "B");

    let history = arealbank::store::areas::history(&app.pool, id.parse().expect("uuid"))
        .await
        .expect("history");
    let summary: Vec<(i32, &str)> = history
        .iter()
        .map(|h| (h.version, h.action.as_str()))
        .collect();
    assert_eq!(summary, vec![(3, "update"), (2, "update"), (1, "create")]);
    assert!(
        history[1].changed_fields.contains(&"name".to_string())
            && !history[1].changed_fields.contains(&"geom".to_string()),
        "{:?}",
        history[1].changed_fields
    );
}

#[tokio::test]
async fn updates_are_checked_and_authorised_like_creates() {
    let app = spawn_app().await;
    let planner = app.account("kari", "planner", &["3405"]).await;
    let other = app.account("per", "planner", &["3440"]).await;
    let viewer = app.account("ola", "viewer", &[]).await;
    let id = created(&app, &planner, "3405-N-911").await;
    let path = format!("{ITEMS}/{id}");
    for token in [&other, &viewer] {
        let res = send(
            &app,
            reqwest::Method::PATCH,
            &path,
            token,
            Some("\"1\""),
            Some(json!({"properties": {"name": "x"}})),
        )
        .await;
        assert_eq!(res.status(), 403);
    }
    let res = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &planner,
        Some("\"1\""),
        Some(json!({"properties": {"readiness": "soon", "area_available_m2": 1e9}})),
    )
    .await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.expect("problem");
    assert_eq!(p["issues"].as_array().expect("issues").len(), 2, "{p}");
    let res = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &planner,
        Some("\"1\""),
        Some(json!({"properties": {"municipality": "3440"}})),
    )
    .await;
    assert_eq!(
        res.status(),
        403,
        "a planner cannot move an area out of their municipalities"
    );
    assert_eq!(stored(&app, &id).await.0, 1, "nothing changed");
    let res = send(
        &app,
        reqwest::Method::PATCH,
        &format!("{ITEMS}/00000000-0000-0000-0000-000000000000"),
        &planner,
        Some("\"1\""),
        Some(json!({})),
    )
    .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn replace_publish_and_end_an_area() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let id = created(&app, &token, "3405-N-912").await;
    let path = format!("{ITEMS}/{id}");
    let mut full = area("3405-N-912", "3405", (LILLEHAMMER.0 + 0.01, LILLEHAMMER.1));
    full["properties"]["published"] = true.into();
    full["properties"]["name"] = "Erstattet".into();
    let res = app
        .http
        .put(app.url(&path))
        .bearer_auth(&token)
        .header("if-match", "\"1\"")
        .body(full.to_string())
        .send()
        .await
        .expect("put");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let (headers, public) = app.get_json(&path, 200).await;
    assert_eq!(
        headers["etag"], "\"2\"",
        "public items carry their version as ETag"
    );
    assert_eq!(public["properties"]["name"], "Erstattet");
    assert!(
        public["geometry"]["coordinates"][0][0][0][0]
            .as_f64()
            .expect("lon")
            > LILLEHAMMER.0,
        "the outline moved"
    );

    // taking it off the public map is recorded as "unpublish"
    let res = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        &token,
        Some("\"2\""),
        Some(json!({"properties": {"published": false}})),
    )
    .await;
    assert_eq!(res.status(), 200);
    app.get_json(&path, 404).await;

    let res = send(
        &app,
        reqwest::Method::DELETE,
        &path,
        &token,
        Some("\"2\""),
        None,
    )
    .await;
    assert_eq!(res.status(), 412, "ending from a stale version is refused");
    let res = send(
        &app,
        reqwest::Method::DELETE,
        &format!("{path}?reason=solgt%20og%20bebygd"),
        &token,
        Some("\"3\""),
        None,
    )
    .await;
    assert_eq!(res.status(), 204);
    app.get_json(&path, 404).await;
    assert_eq!(app.area_count().await, 1, "ended, never deleted");
    let (reason,): (String,) = sqlx::query_as("select end_reason from area where id = $1::uuid")
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .expect("row");
    assert_eq!(reason, "solgt og bebygd");
    let history = arealbank::store::areas::history(&app.pool, id.parse().expect("uuid"))
        .await
        .expect("history");
    assert_eq!(history[0].action, "end");
    assert_eq!(history[1].action, "unpublish");
    assert_eq!(history[1].changed_fields, vec!["published".to_string()]);
    assert!(
        history[2].changed_fields.contains(&"geom".to_string()),
        "the replaced outline is a recorded change: {:?}",
        history[2].changed_fields
    );
}

async fn stored_version(app: &crate::helpers::TestApp, id: &str) -> i32 {
    sqlx::query_scalar("select version from area where id = $1::uuid")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .expect("version")
}

#[tokio::test]
async fn history_shows_every_version_and_restores_one() {
    let app = spawn_app().await;
    let planner = app.account("kari", "planner", &["3405"]).await;
    let viewer = app.account("ola", "viewer", &[]).await;
    let mut first = area("3405-N-913", "3405", LILLEHAMMER);
    first["properties"]["owner_name"] = "Ola Nordmann".into();
    let res = post(&app, Some(&planner), first.to_string(), None).await;
    let id = res.json::<Value>().await.expect("feature")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let path = format!("{ITEMS}/{id}");
    let (_, original_name, original_gross) = stored(&app, &id).await;
    let moved = polygon(LILLEHAMMER.0 + 0.005, LILLEHAMMER.1, 200.0, 6, 0.0);
    assert_eq!(
        send(
            &app,
            reqwest::Method::PATCH,
            &path,
            &planner,
            Some("\"1\""),
            Some(json!({"properties": {"name": "Andre navn"}}))
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        send(
            &app,
            reqwest::Method::PATCH,
            &path,
            &planner,
            Some("\"2\""),
            Some(json!({"geometry": {"type": "Polygon", "coordinates": moved}}))
        )
        .await
        .status(),
        200
    );

    let history_path = format!("/api/areas/{id}/history");
    assert_eq!(
        app.http
            .get(app.url(&history_path))
            .send()
            .await
            .expect("req")
            .status(),
        401,
        "history is for signed-in users"
    );
    let res = app
        .http
        .get(app.url(&history_path))
        .bearer_auth(&viewer)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let h: Value = res.json().await.expect("json");
    let versions: Vec<i64> = h["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["version"].as_i64().expect("v"))
        .collect();
    assert_eq!(versions, vec![3, 2, 1]);
    for c in h["changes"].as_array().expect("changes") {
        let when = c["changed_at"].as_str().expect("when");
        assert!(
            chrono::DateTime::parse_from_rfc3339(when).is_ok(),
            "every change says when: {when}"
        );
    }
    assert_eq!(
        h["changes"][0]["changed_fields"],
        json!(["area_gross_m2", "geom"])
    );
    // each change old → new (the outline itself is not repeated)
    assert_eq!(
        h["changes"][1]["values"]["name"],
        json!({"old": original_name, "new": "Andre navn"})
    );
    assert_eq!(
        h["changes"][0]["values"]["area_gross_m2"]["old"].as_f64(),
        Some(original_gross)
    );
    assert!(h["changes"][0]["values"].get("geom").is_none());

    let res = app
        .http
        .get(app.url(&format!("/api/areas/{id}/versions/1")))
        .bearer_auth(&viewer)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let v1: Value = res.json().await.expect("feature");
    assert_eq!(v1["properties"]["name"], original_name.as_str());
    assert!(
        v1["properties"].get("owner_name").is_none(),
        "viewers do not see owner names"
    );
    let lon = v1["geometry"]["coordinates"][0][0][0][0]
        .as_f64()
        .expect("lon");
    assert!(
        (LILLEHAMMER.0 - 0.01..LILLEHAMMER.0 + 0.01).contains(&lon),
        "CRS84: {lon}"
    );

    let restore = format!("/api/areas/{id}/versions/1/restore");
    let res = app
        .http
        .post(app.url(&restore))
        .bearer_auth(&planner)
        .header("if-match", "\"2\"")
        .send()
        .await
        .expect("req");
    assert_eq!(
        res.status(),
        412,
        "restoring also needs the current version"
    );
    let res = app
        .http
        .post(app.url(&restore))
        .bearer_auth(&viewer)
        .header("if-match", "\"3\"")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    let res = app
        .http
        .post(app.url(&restore))
        .bearer_auth(&planner)
        .header("if-match", "\"3\"")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"4\"");
    let (version, name, gross) = stored(&app, &id).await;
    assert_eq!((version, name.as_str()), (4, original_name.as_str()));
    assert!(
        (gross - original_gross).abs() < 1e-6,
        "the old outline is back exactly: {gross} vs {original_gross}"
    );
    let history = arealbank::store::areas::history(&app.pool, id.parse().expect("uuid"))
        .await
        .expect("history");
    assert_eq!(history[0].action, "restore");
    // a private field changed: planners see its values, viewers only that it changed
    assert_eq!(
        send(
            &app,
            reqwest::Method::PATCH,
            &path,
            &planner,
            Some(&format!("\"{}\"", stored_version(&app, &id).await)),
            Some(json!({"properties": {"owner_name": "Kari Nordmann"}}))
        )
        .await
        .status(),
        200
    );
    let read = |token: String| {
        let app = &app;
        let history_path = history_path.clone();
        async move {
            let res = app
                .http
                .get(app.url(&history_path))
                .bearer_auth(token)
                .send()
                .await
                .expect("req");
            res.json::<Value>().await.expect("json")
        }
    };
    let as_planner = read(planner.clone()).await;
    assert_eq!(
        as_planner["changes"][0]["values"]["owner_name"],
        json!({"old": "Ola Nordmann", "new": "Kari Nordmann"})
    );
    let as_viewer = read(viewer.clone()).await;
    assert_eq!(
        as_viewer["changes"][0]["changed_fields"],
        json!(["owner_name"])
    );
    assert!(
        as_viewer["changes"][0]["values"]
            .get("owner_name")
            .is_none(),
        "{as_viewer}"
    );
}
