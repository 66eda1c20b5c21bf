//! Running it for real: health and readiness, metrics, the request log line, security
//! headers, per-client rate limits, pruning of old sign-in attempts, `--version`.
//! (Long because each of these is one test with its own set-up; they share only the
//! helpers at the top.)

use std::time::Duration;

use arealbank::api::limits::RateLimits;
use arealbank::api::Settings;
use serde_json::{json, Value};

use crate::helpers::{collection, feature, polygon, serve, spawn_app, spawn_app_with, TestApp};

/// The value of a sample line of `/metrics` whose name and labels contain all `parts`.
fn sample(text: &str, name: &str, parts: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .find(|l| parts.iter().all(|p| l.contains(p)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn metrics(app: &TestApp) -> String {
    let res = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("metrics");
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"]
        .to_str()
        .expect("ct")
        .to_string();
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    res.text().await.expect("text")
}

#[tokio::test]
async fn live_and_ready_say_whether_the_database_is_there_and_migrated() {
    let app = spawn_app().await;
    let (_, live) = app.get_json("/health/live", 200).await;
    assert_eq!(live["status"], "ok");
    let (_, ready) = app.get_json("/health/ready", 200).await;
    assert_eq!(ready["migrations"], "current");

    // a migration of this binary not applied: not ready
    sqlx::query(
        "delete from _sqlx_migrations where version = (select max(version) from _sqlx_migrations)",
    )
    .execute(&app.pool)
    .await
    .expect("forget the last migration");
    let (h, ready) = app.get_json("/health/ready", 503).await;
    assert_eq!(h["content-type"], "application/problem+json");
    assert!(
        ready["detail"]
            .as_str()
            .expect("detail")
            .starts_with("the database lacks 1 of this version's migrations"),
        "{ready}"
    );
    app.get_json("/health/live", 200).await;

    // the database gone: not ready, still alive
    app.pool.close().await;
    let (_, ready) = app.get_json("/health/ready", 503).await;
    assert_eq!(ready["detail"], "the database cannot be reached");
    app.get_json("/health/live", 200).await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_and_imports_by_outcome() {
    let app = spawn_app().await;
    let admin = app.account("ola", "admin", &[]).await;
    for _ in 0..3 {
        app.get_json("/ogc/collections/areas/items?limit=1", 200)
            .await;
    }
    app.get_json("/ogc/collections/areas/items/not-an-id", 404)
        .await;
    app.get_json("/no/such/page", 404).await;
    let areas = collection(vec![feature(
        "M-1",
        "3405",
        "available",
        polygon(10.47, 61.11, 120.0, 8, 0.0),
        json!({}),
    )]);
    let body = serde_json::to_vec(&areas).expect("json");
    let (status, _) = app
        .post_as(&admin, "/api/areas/import?dry_run=true", body.clone())
        .await;
    assert_eq!(status, 200);
    let (status, _) = app.post_as(&admin, "/api/areas/import", body).await;
    assert_eq!(status, 201);
    let (status, _) = app
        .post_as(
            &admin,
            "/api/areas/import",
            b"{\"type\": \"nonsense\"}".to_vec(),
        )
        .await;
    assert!((400..500).contains(&status), "{status}");

    let text = metrics(&app).await;
    let items = |status: &str| {
        sample(
            &text,
            "arealbank_http_requests_total",
            &[
                "route=\"/ogc/collections/areas/items\"",
                &format!("status=\"{status}\""),
            ],
        )
    };
    assert_eq!(items("200"), Some(3.0), "{text}");
    assert_eq!(
        sample(
            &text,
            "arealbank_http_requests_total",
            &[
                "route=\"/ogc/collections/areas/items/{id}\"",
                "status=\"404\""
            ]
        ),
        Some(1.0)
    );
    // paths no route knows share one label
    assert_eq!(
        sample(
            &text,
            "arealbank_http_requests_total",
            &["route=\"unmatched\"", "status=\"404\""]
        ),
        Some(1.0),
        "{text}"
    );
    assert!(!text.contains("/no/such/page"));
    assert_eq!(
        sample(
            &text,
            "arealbank_http_request_duration_seconds_count",
            &["route=\"/ogc/collections/areas/items\"", "status=\"200\""]
        ),
        Some(3.0)
    );
    for (outcome, n) in [("dry_run", 1.0), ("loaded", 1.0), ("refused", 1.0)] {
        assert_eq!(
            sample(
                &text,
                "arealbank_imports_total",
                &[
                    "route=\"/api/areas/import\"",
                    &format!("outcome=\"{outcome}\"")
                ]
            ),
            Some(n),
            "{outcome}: {text}"
        );
    }
    assert_eq!(
        sample(&text, "arealbank_db_pool_max_connections", &[]),
        Some(5.0)
    );
    assert!(sample(&text, "arealbank_db_pool_connections", &[]).is_some_and(|n| n >= 1.0));

    // a database that cannot be reached is counted as a database error
    app.pool.close().await;
    let res = app
        .http
        .get(app.url("/ogc/collections/areas/items"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 503);
    let text = metrics(&app).await;
    assert_eq!(
        sample(
            &text,
            "arealbank_database_errors_total",
            &["route=\"/ogc/collections/areas/items\""]
        ),
        Some(1.0),
        "{text}"
    );
}

#[tokio::test]
async fn every_answer_has_the_security_headers_and_hsts_only_over_https() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/ogc/collections/areas/items",
        "/static/app.js",
        "/no/such/page",
        "/ogc/api.html",
    ] {
        let res = app.http.get(app.url(path)).send().await.expect("get");
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(csp.contains("script-src 'self';"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        // the test basemap's origin is the one other place images come from
        assert!(
            csp.contains("img-src 'self' data: blob: http://127.0.0.1:9;"),
            "{csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "{path}: no HSTS over http"
        );
    }
    let https = spawn_app_with(Settings {
        public_url: Some("https://arealbank.example.no".into()),
        ..Settings::default()
    })
    .await;
    let res = https.http.get(https.url("/")).send().await.expect("get");
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
}

async fn sign_in(app: &TestApp, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut req = app
        .http
        .post(app.url("/api/login"))
        .header("accept-language", "nb")
        .json(&json!({"username": "nobody", "password": "wrong"}));
    if let Some(xff) = forwarded_for {
        req = req.header("x-forwarded-for", xff);
    }
    req.send().await.expect("login")
}

#[tokio::test]
async fn sign_ins_from_one_address_are_limited_and_a_trusted_proxy_names_the_client() {
    // without a trusted proxy, X-Forwarded-For is ignored: every attempt is 127.0.0.1's
    let app = spawn_app_with(Settings {
        rate_limits: RateLimits {
            sign_in_per_minute: 3,
            ..RateLimits::default()
        },
        ..Settings::default()
    })
    .await;
    for i in 0..3 {
        let res = sign_in(&app, Some(&format!("198.51.100.{i}"))).await;
        assert_eq!(res.status(), 401);
    }
    let res = sign_in(&app, Some("198.51.100.77")).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=20).contains(&wait), "{wait}");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let p: Value = res.json().await.expect("problem");
    assert_eq!(p["status"], 429);
    assert_eq!(p["title"], "For mange forespørsler");
    assert!(
        p["detail"].as_str().expect("detail").starts_with(
            "for mange innloggingsforsøk fra adressen din: høyst 3 i minuttet; prøv igjen om"
        ),
        "{p}"
    );
    // reads are not limited
    app.get_json("/ogc/collections/areas/items?limit=1", 200)
        .await;

    // behind a trusted proxy each forwarded client has its own allowance
    let proxied = spawn_app_with(Settings {
        rate_limits: RateLimits {
            sign_in_per_minute: 3,
            ..RateLimits::default()
        },
        trusted_proxies: vec!["127.0.0.1/32".parse().expect("net")],
        ..Settings::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(sign_in(&proxied, Some("198.51.100.1")).await.status(), 401);
    }
    assert_eq!(sign_in(&proxied, Some("198.51.100.1")).await.status(), 429);
    // a client forging an entry in front of the proxy's does not get a new allowance
    assert_eq!(
        sign_in(&proxied, Some("203.0.113.5, 198.51.100.1"))
            .await
            .status(),
        429
    );
    assert_eq!(sign_in(&proxied, Some("198.51.100.2")).await.status(), 401);
}

#[tokio::test]
async fn writes_and_imports_have_their_own_limits() {
    let app = spawn_app_with(Settings {
        rate_limits: RateLimits {
            sign_in_per_minute: 10,
            writes_per_minute: 2,
            imports_per_minute: 1,
        },
        ..Settings::default()
    })
    .await;
    let planner = app.account("kari", "planner", &["3405"]).await;
    let area = |n: u32| {
        feature(
            &format!("W-{n}"),
            "3405",
            "available",
            polygon(10.47 + f64::from(n) * 0.01, 61.11, 100.0, 8, 0.0),
            json!({}),
        )
    };
    let post = |n: u32| {
        app.http
            .post(app.url("/ogc/collections/areas/items"))
            .header("content-type", "application/geo+json")
            .bearer_auth(&planner)
            .body(area(n).to_string())
            .send()
    };
    assert_eq!(post(1).await.expect("post").status(), 201);
    assert_eq!(post(2).await.expect("post").status(), 201);
    let res = post(3).await.expect("post");
    assert_eq!(res.status(), 429);
    let p: Value = res.json().await.expect("problem");
    assert_eq!(p["type"], "/problems/too-many-requests");
    assert_eq!(
        app.area_count().await,
        2,
        "the refused write stored nothing"
    );
    // the import allowance is separate from the writes'
    let body = serde_json::to_vec(&collection(vec![area(4)])).expect("json");
    let (status, _) = app
        .post_as(&planner, "/api/areas/import?dry_run=true", body.clone())
        .await;
    assert_eq!(status, 200);
    let (status, p) = app.post_as(&planner, "/api/areas/import", body).await;
    assert_eq!(status, 429, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .expect("detail")
            .contains("too many imports"),
        "{p}"
    );
}

#[tokio::test]
async fn old_sign_in_attempts_and_ended_sessions_are_deleted_at_sign_in() {
    let app = spawn_app().await;
    app.account("kari", "planner", &["3405"]).await;
    sqlx::query(
        "insert into login_attempt (username, succeeded, attempted_at)
         values ('kari', false, now() - interval '2 days'), ('per', false, now() - interval '25 hours'),
                ('kari', false, now() - interval '1 hour')",
    )
    .execute(&app.pool)
    .await
    .expect("old attempts");
    sqlx::query(
        "insert into user_session (token_sha256, user_id, csrf_token, expires_at)
         select sha256('old'::bytea), id, 'x', now() - interval '1 minute' from app_user where username = 'kari'",
    )
    .execute(&app.pool)
    .await
    .expect("ended session");
    let res = app
        .http
        .post(app.url("/api/login"))
        .json(&json!({"username": "kari", "password": "a long test password"}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    let left: Vec<(String, bool)> =
        sqlx::query_as("select username, succeeded from login_attempt order by attempted_at")
            .fetch_all(&app.pool)
            .await
            .expect("attempts");
    assert_eq!(
        left,
        vec![("kari".to_string(), false), ("kari".to_string(), true)]
    );
    let sessions: i64 = sqlx::query_scalar("select count(*) from user_session")
        .fetch_one(&app.pool)
        .await
        .expect("sessions");
    assert_eq!(sessions, 1, "only the new session is left");
}

#[test]
fn version_names_the_release_and_the_commit() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_arealbank"))
        .arg("--version")
        .output()
        .expect("run --version");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let git = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let commit = git.unwrap_or_else(|| "unknown".into());
    assert_eq!(
        text,
        format!("arealbank {} (commit {commit})", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn one_log_line_per_request_without_tokens_cookies_or_passwords() {
    let app = spawn_app().await;
    let token = app.account("kari", "planner", &["3405"]).await;
    let (mut child, base, lines) = serve(app.cli());
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{base}/ogc/collections/areas/items?limit=2"))
        .bearer_auth(&token)
        .header("cookie", "arealbank_session=secret-cookie-value")
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 200);
    let request_id = res.headers()["x-request-id"]
        .to_str()
        .expect("id")
        .to_string();
    let res = http
        .post(format!("{base}/api/login"))
        .json(&json!({"username": "kari", "password": "a long test password"}))
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    let login_id = res.headers()["x-request-id"]
        .to_str()
        .expect("id")
        .to_string();
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < deadline
        && !seen
            .iter()
            .any(|l: &String| l.contains(&login_id) && l.contains(" request "))
    {
        if let Ok(l) = lines.recv_timeout(Duration::from_millis(200)) {
            seen.push(l);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let log = seen.join("\n");
    let line = seen
        .iter()
        .find(|l| l.contains(&format!("request_id={request_id}")))
        .unwrap_or_else(|| panic!("no line for {request_id}:\n{log}"));
    for part in [
        " INFO ",
        "method=GET",
        "route=/ogc/collections/areas/items",
        "status=200",
        "duration_ms=",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(seen
        .iter()
        .any(|l| l.contains(&format!("request_id={login_id}"))
            && l.contains("route=/api/login")
            && l.contains("status=200")));
    for secret in [
        token.as_str(),
        "secret-cookie-value",
        "a long test password",
    ] {
        assert!(!log.contains(secret), "{secret} logged:\n{log}");
    }
}
