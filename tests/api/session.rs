//! Signing in from the browser: session cookies, CSRF, timeouts and throttling.

use arealbank::domain::user::NewUser;
use arealbank::store::users;
use serde_json::{json, Value};

use crate::helpers::{collection, feature, polygon, spawn_app, TestApp, LILLEHAMMER};

const PASSWORD: &str = "a long test password";

async fn planner(app: &TestApp) {
    let user = NewUser::new("kari", None, "planner", &["3405".into()], PASSWORD).expect("user");
    users::add(&app.pool, &user).await.expect("add");
}

async fn login(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/login"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("login")
}

fn cookie_of(res: &reqwest::Response) -> String {
    let set = res.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_string();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(flag), "{flag} in {set}");
    }
    set.split(';').next().expect("pair").to_string()
}

#[tokio::test]
async fn a_session_cookie_signs_in_and_writes_need_the_csrf_token() {
    let app = spawn_app().await;
    planner(&app).await;
    let ids = app
        .insert(&collection(vec![feature(
            "3405-N-920",
            "3405",
            "available",
            polygon(LILLEHAMMER.0, LILLEHAMMER.1, 120.0, 6, 0.0),
            json!({}),
        )]))
        .await;
    let res = login(&app, "Kari", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = cookie_of(&res);
    let csrf = res.json::<Value>().await.expect("json")["csrf_token"]
        .as_str()
        .expect("csrf")
        .to_string();

    let me: Value = app
        .http
        .get(app.url("/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(me["username"], "kari");
    assert_eq!(me["role"], "planner");
    assert_eq!(me["csrf_token"], csrf.as_str());

    let path = format!("/ogc/collections/areas/items/{}", ids[0]);
    let patch = json!({"properties": {"name": "Fra nettleseren"}}).to_string();
    let res = app
        .http
        .patch(app.url(&path))
        .header("cookie", &cookie)
        .header("if-match", "\"1\"")
        .body(patch.clone())
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403, "a cookie alone cannot write (CSRF)");
    let res = app
        .http
        .patch(app.url(&path))
        .header("cookie", &cookie)
        .header("x-csrf-token", "wrong")
        .header("if-match", "\"1\"")
        .body(patch.clone())
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    let res = app
        .http
        .patch(app.url(&path))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .body(patch.clone())
        .send()
        .await
        .expect("req");
    assert_eq!(
        res.status(),
        428,
        "a browser session must say which version it edits (If-Match)"
    );
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert!(
        !res.headers().contains_key("www-authenticate"),
        "no 401 here, and never a Basic dialog in the browser"
    );
    let res = app
        .http
        .patch(app.url(&path))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("if-match", "\"1\"")
        .body(patch)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);

    let res = app
        .http
        .post(app.url("/api/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("logout");
    assert_eq!(res.status(), 204);
    let res = app
        .http
        .get(app.url("/api/session"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 401, "the session ended");
}

#[tokio::test]
async fn sessions_end_when_idle_or_old_and_when_the_account_is_disabled() {
    let app = spawn_app().await;
    planner(&app).await;
    let session = |cookie: String| {
        let app = &app;
        async move {
            app.http
                .get(app.url("/api/session"))
                .header("cookie", cookie)
                .send()
                .await
                .expect("req")
                .status()
                .as_u16()
        }
    };
    let idle = cookie_of(&login(&app, "kari", PASSWORD).await);
    let old = cookie_of(&login(&app, "kari", PASSWORD).await);
    let disabled = cookie_of(&login(&app, "kari", PASSWORD).await);
    assert_eq!(session(idle.clone()).await, 200);
    sqlx::query("update user_session set last_seen_at = now() - interval '31 minutes' where token_sha256 = $1")
        .bind(arealbank::domain::token::digest(idle.split_once('=').expect("pair").1).to_vec())
        .execute(&app.pool).await.expect("age");
    assert_eq!(session(idle).await, 401, "idle timeout");
    sqlx::query(
        "update user_session set expires_at = now() - interval '1 second' where token_sha256 = $1",
    )
    .bind(arealbank::domain::token::digest(old.split_once('=').expect("pair").1).to_vec())
    .execute(&app.pool)
    .await
    .expect("expire");
    assert_eq!(session(old).await, 401, "absolute timeout");
    users::set_disabled(&app.pool, "kari", true)
        .await
        .expect("disable");
    assert_eq!(
        session(disabled).await,
        401,
        "a disabled account's sessions stop working"
    );
    assert_eq!(
        login(&app, "kari", PASSWORD).await.status(),
        401,
        "and it cannot sign in"
    );
}

#[tokio::test]
async fn failed_sign_ins_are_throttled() {
    let app = spawn_app().await;
    planner(&app).await;
    for _ in 0..5 {
        let res = login(&app, "kari", "not the password").await;
        assert_eq!(res.status(), 401);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    let res = login(&app, "kari", PASSWORD).await;
    assert_eq!(
        res.status(),
        429,
        "even the right password waits after five failures"
    );
    assert!(res.headers().get("retry-after").is_some());
    assert_eq!(
        login(&app, "nobody", PASSWORD).await.status(),
        401,
        "unknown users get the same answer as wrong passwords"
    );
    let res = app
        .http
        .post(app.url("/api/login"))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 400);
}
