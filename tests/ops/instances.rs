//! More than one server: two `arealbank serve` processes on one PostgreSQL behind
//! Debian's nginx, a load of reads and writes through nginx, and one instance killed
//! (SIGKILL) in the middle. No acknowledged write may be lost, a session made before the
//! kill stays valid, and no read fails (nginx retries a read on the other instance).
//! The figures are printed and written to target/ops-load.txt. (One long test: the load,
//! the kill and the checks after it are one story told in order.)

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{free_port, fresh_database, run, wait_ready, BINARY};

/// How long the load runs, and when the first instance is killed.
const LOAD: Duration = Duration::from_secs(20);
const KILL_AT: Duration = Duration::from_secs(8);
const READERS: usize = 6;
const WRITERS: usize = 2;

/// nginx in front of the two instances: reads that fail on one go to the other.
fn nginx_config(dir: &std::path::Path, port: u16, upstreams: &[u16]) -> String {
    let d = dir.display();
    let servers: String = upstreams
        .iter()
        .map(|p| format!("    server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;\n"))
        .collect();
    let user = if nix_is_root() { "user root;" } else { "" };
    format!(
        "{user}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  log_format upstream '$request_method $uri $status $upstream_addr $upstream_status';
  access_log {d}/access.log upstream;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  upstream arealbank {{
{servers}    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 16m;
    location / {{
      proxy_pass http://arealbank;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
    }}
  }}
}}
"
    )
}

fn nix_is_root() -> bool {
    run(Command::new("id").arg("-u")).trim() == "0"
}

fn serve(database_url: &str, port: u16) -> Child {
    Command::new(BINARY)
        .args(["serve", "--no-demo", "--port", &port.to_string()])
        .env("DATABASE_URL", database_url)
        .env("AREALBANK_TRUSTED_PROXIES", "127.0.0.1")
        // the load test writes far faster than a person
        .env("AREALBANK_WRITES_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start an instance")
}

/// A small square inside Lillehammer, one per write.
fn area(n: u64) -> Value {
    let (lon, lat) = (
        10.40 + (n % 60) as f64 * 0.002,
        61.09 + (n / 60) as f64 * 0.001,
    );
    let d = 0.0004;
    json!({"type": "Feature",
        "properties": {"reference": format!("LOAD-{n}"), "name": format!("Lasttest {n}"),
                       "municipality": "3405", "kind": "available", "published": true},
        "geometry": {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]}})
}

#[derive(Default)]
struct Tally {
    reads: AtomicU64,
    failed_reads: AtomicU64,
    writes: AtomicU64,
    failed_writes: AtomicU64,
    session_checks: AtomicU64,
    failed_session_checks: AtomicU64,
    acknowledged: Mutex<Vec<String>>,
    failures: Mutex<Vec<String>>,
}

#[tokio::test]
#[ignore = "runs nginx and two instances: make test-ops"]
async fn two_instances_behind_nginx_lose_no_write_when_one_is_killed() {
    let database_url = fresh_database("arealbank_ops").await;
    run(Command::new(BINARY)
        .arg("seed")
        .env("DATABASE_URL", &database_url));
    let mut add = Command::new(BINARY)
        .args([
            "user",
            "add",
            "kari",
            "--role",
            "planner",
            "--municipality",
            "3405",
        ])
        .env("DATABASE_URL", &database_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("user add");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(b"a long load-test password\n")
        .expect("password");
    assert!(add.wait().expect("user add").success());
    let token_out = run(Command::new(BINARY)
        .args(["token", "add", "kari", "--name", "load"])
        .env("DATABASE_URL", &database_url));
    let token = token_out
        .split_whitespace()
        .find(|w| {
            w.len() >= 32
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
        .unwrap_or_else(|| panic!("a token in {token_out}"))
        .to_string();

    let ports = [free_port(), free_port()];
    let mut instances: Vec<Child> = ports.iter().map(|p| serve(&database_url, *p)).collect();
    for p in ports {
        wait_ready(
            &format!("http://127.0.0.1:{p}/health/ready"),
            Duration::from_secs(60),
        )
        .await;
    }
    let dir = tempfile::tempdir().expect("nginx dir");
    let nginx_port = free_port();
    let conf = dir.path().join("nginx.conf");
    std::fs::write(&conf, nginx_config(dir.path(), nginx_port, &ports)).expect("config");
    let mut nginx = Command::new("/usr/sbin/nginx")
        .arg("-c")
        .arg(&conf)
        .arg("-p")
        .arg(dir.path())
        .arg("-e")
        .arg(dir.path().join("error.log"))
        .spawn()
        .expect("start nginx");
    let base = format!("http://127.0.0.1:{nginx_port}");
    wait_ready(&format!("{base}/health/ready"), Duration::from_secs(20)).await;

    // a browser session made through nginx, before anything happens
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(32)
        .build()
        .expect("client");
    let login = http
        .post(format!("{base}/api/login"))
        .json(&json!({"username": "kari", "password": "a long load-test password"}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 200);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("name=value")
        .to_string();

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let counter = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for r in 0..READERS {
        let (http, base, tally, stop, cookie) = (
            http.clone(),
            base.clone(),
            tally.clone(),
            stop.clone(),
            cookie.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                // one reader in three checks the session, the others read pages
                let (url, session) = if r % 3 == 0 {
                    (format!("{base}/api/session"), true)
                } else {
                    (
                        format!("{base}/ogc/collections/areas/items?limit=20"),
                        false,
                    )
                };
                let mut req = http.get(&url);
                if session {
                    req = req.header("cookie", &cookie);
                }
                let outcome = match req.send().await {
                    Ok(res) if res.status() == 200 => match res.json::<Value>().await {
                        Ok(v) if !session || v["username"] == "kari" => Ok(()),
                        Ok(v) => Err(format!("session lost: {v}")),
                        Err(e) => Err(format!("body: {e}")),
                    },
                    Ok(res) => Err(format!("{} {}", res.status(), url)),
                    Err(e) => Err(format!("{e} {url}")),
                };
                let (n, failed) = if session {
                    (&tally.session_checks, &tally.failed_session_checks)
                } else {
                    (&tally.reads, &tally.failed_reads)
                };
                n.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = outcome {
                    failed.fetch_add(1, Ordering::Relaxed);
                    tally.failures.lock().expect("lock").push(e);
                }
            }
        }));
    }
    for _ in 0..WRITERS {
        let (http, base, tally, stop, token, counter) = (
            http.clone(),
            base.clone(),
            tally.clone(),
            stop.clone(),
            token.clone(),
            counter.clone(),
        );
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                tally.writes.fetch_add(1, Ordering::Relaxed);
                let res = http
                    .post(format!("{base}/ogc/collections/areas/items"))
                    .bearer_auth(&token)
                    .header("content-type", "application/geo+json")
                    .body(area(n).to_string())
                    .send()
                    .await;
                match res {
                    Ok(res) if res.status() == 201 => {
                        let location = res.headers()["location"]
                            .to_str()
                            .expect("location")
                            .to_string();
                        tally.acknowledged.lock().expect("lock").push(location);
                    }
                    Ok(res) => {
                        tally.failed_writes.fetch_add(1, Ordering::Relaxed);
                        let status = res.status();
                        let body = res.text().await.unwrap_or_default();
                        tally
                            .failures
                            .lock()
                            .expect("lock")
                            .push(format!("write {n}: {status} {body}"));
                    }
                    Err(e) => {
                        tally.failed_writes.fetch_add(1, Ordering::Relaxed);
                        tally
                            .failures
                            .lock()
                            .expect("lock")
                            .push(format!("write {n}: {e}"));
                    }
                }
            }
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(KILL_AT).await;
    instances[0].kill().expect("kill the first instance");
    let _ = instances[0].wait();
    let killed_at = started.elapsed();
    tokio::time::sleep(LOAD.saturating_sub(KILL_AT)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.expect("load task");
    }
    let elapsed = started.elapsed();

    // every acknowledged write is there, read back through nginx and in the database
    let acknowledged = tally.acknowledged.lock().expect("lock").clone();
    let mut lost = Vec::new();
    for location in &acknowledged {
        let url = if location.starts_with("http") {
            location.clone()
        } else {
            format!("{base}{location}")
        };
        let res = http
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("read back");
        if res.status() != 200 {
            lost.push(format!("{location}: {}", res.status()));
        }
    }
    let pool = sqlx::PgPool::connect(&database_url)
        .await
        .expect("database");
    let stored: i64 = sqlx::query_scalar("select count(*) from area where reference like 'LOAD-%'")
        .fetch_one(&pool)
        .await
        .expect("count");
    pool.close().await;
    // both instances served before the kill
    let access = std::fs::read_to_string(dir.path().join("access.log")).unwrap_or_default();
    let served_by = |p: u16| {
        access
            .lines()
            .filter(|l| l.contains(&format!("127.0.0.1:{p}")))
            .count()
    };
    let (first, second) = (served_by(ports[0]), served_by(ports[1]));
    let retried = access.lines().filter(|l| l.contains(", ")).count();

    let reads = tally.reads.load(Ordering::Relaxed);
    let sessions = tally.session_checks.load(Ordering::Relaxed);
    let writes = tally.writes.load(Ordering::Relaxed);
    let figures = format!(
        "load through nginx, {READERS} readers + {WRITERS} writers for {:.1} s, instance 1 of 2 killed (SIGKILL) at {:.1} s\n\
         reads: {reads} ({:.0}/s), failed {}\n\
         session checks: {sessions}, failed {}\n\
         writes: {writes}, acknowledged {}, failed (not acknowledged) {}, lost acknowledged {}\n\
         areas stored: {stored}\n\
         requests by instance (nginx access log): {first} and {second}; answered after a retry on the other: {retried}\n",
        elapsed.as_secs_f64(),
        killed_at.as_secs_f64(),
        reads as f64 / elapsed.as_secs_f64(),
        tally.failed_reads.load(Ordering::Relaxed),
        tally.failed_session_checks.load(Ordering::Relaxed),
        acknowledged.len(),
        tally.failed_writes.load(Ordering::Relaxed),
        lost.len(),
    );
    println!("{figures}");
    let _ = std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/ops-load.txt"),
        &figures,
    );

    let _ = nginx.kill();
    let _ = nginx.wait();
    let _ = instances[1].kill();
    let _ = instances[1].wait();

    let failures = tally.failures.lock().expect("lock").clone();
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    assert!(
        stored >= acknowledged.len() as i64,
        "{stored} stored, {} acknowledged",
        acknowledged.len()
    );
    assert_eq!(
        tally.failed_reads.load(Ordering::Relaxed),
        0,
        "failed reads: {failures:?}"
    );
    assert_eq!(
        tally.failed_session_checks.load(Ordering::Relaxed),
        0,
        "sessions: {failures:?}"
    );
    assert!(
        first > 0 && second > 0,
        "both instances served: {first} / {second}"
    );
    assert!(
        acknowledged.len() > 50 && reads > 500,
        "a real load: {figures}"
    );
    // writes in flight to the killed instance may fail (nginx does not resend a POST);
    // they were never acknowledged
    assert!(
        tally.failed_writes.load(Ordering::Relaxed) <= 2 * WRITERS as u64,
        "more failed writes than were in flight: {failures:?}"
    );
}
