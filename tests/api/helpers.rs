//! Spawning the app on port 0 with a fresh database cloned from a migrated template.

use std::net::SocketAddr;
use std::path::PathBuf;

use arealbank::api::Settings;
use arealbank::app::Application;
use arealbank::db::{self, Cluster};
use arealbank::domain::import::parse_feature_collection;
use serde_json::{json, Value};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection, PgPool};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// The server tests create their databases on, and the name of the migrated template.
struct Server {
    admin: PgConnectOptions,
}

const TEMPLATE: &str = "arealbank_test_template";

static SERVER: OnceCell<Server> = OnceCell::const_new();

/// `AREALBANK_TEST_DATABASE_URL` (a superuser URL), or an embedded cluster in
/// `AREALBANK_TEST_PG_DIR` (default target/tmp/pg).
async fn server() -> &'static Server {
    SERVER
        .get_or_init(|| async {
            let admin = match std::env::var("AREALBANK_TEST_DATABASE_URL") {
                Ok(url) => url
                    .parse::<PgConnectOptions>()
                    .expect("AREALBANK_TEST_DATABASE_URL is a PostgreSQL URL"),
                Err(_) => {
                    let dir = std::env::var_os("AREALBANK_TEST_PG_DIR")
                        .map(PathBuf::from)
                        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pg"));
                    let cluster = Cluster::start(&dir)
                        .await
                        .expect("embedded PostgreSQL for tests");
                    // left running for the next test binary and run; `make test` stops it
                    cluster.connect_options("postgres")
                }
            };
            prepare_template(&admin).await;
            Server { admin }
        })
        .await
}

async fn prepare_template(admin: &PgConnectOptions) {
    let mut conn = PgConnection::connect_with(&admin.clone().database("postgres"))
        .await
        .expect("connect as admin");
    let stale: Vec<String> =
        sqlx::query_scalar("select datname from pg_database where datname like 'arealbank_test_%'")
            .fetch_all(&mut conn)
            .await
            .expect("list old test databases");
    for name in stale {
        // databases of earlier runs; a concurrent run's databases are in use and stay
        let _ = sqlx::raw_sql(&format!("drop database if exists \"{name}\""))
            .execute(&mut conn)
            .await;
    }
    sqlx::raw_sql(&format!("create database {TEMPLATE}"))
        .execute(&mut conn)
        .await
        .expect("create template");
    let pool = PgPool::connect_with(db::tuned(admin.clone().database(TEMPLATE)))
        .await
        .expect("connect to template");
    db::prepare(&pool).await.expect("migrate template");
    arealbank::seed::seed_municipalities(&pool)
        .await
        .expect("municipality boundaries");
    pool.close().await;
}

/// A running app with its own database.
pub struct TestApp {
    pub address: SocketAddr,
    pub pool: PgPool,
    /// URL of this test's database (for the CLI).
    pub database_url: String,
    pub http: reqwest::Client,
}

/// Start the app on 127.0.0.1:0 over a fresh database (municipalities loaded, no areas).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Settings::default()).await
}

/// Like `spawn_app`, with these settings (the basemap is always an unreachable address).
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    let server = server().await;
    let name = format!("arealbank_test_{}", Uuid::new_v4().simple());
    let mut conn = PgConnection::connect_with(&server.admin.clone().database("postgres"))
        .await
        .expect("admin");
    sqlx::raw_sql(&format!("create database {name} template {TEMPLATE}"))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let options = server.admin.clone().database(&name);
    let pool = db::pool_options()
        .max_connections(5)
        .connect_with(db::tuned(options.clone()))
        .await
        .expect("pool");
    let settings = Settings {
        basemap_url: "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
        basemap_attribution: "test basemap".into(),
        ..settings
    };
    let app = Application::build(pool.clone(), settings, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("build app");
    let address = app.local_addr().expect("bound");
    tokio::spawn(app.run_until(std::future::pending()));
    TestApp {
        address,
        pool,
        database_url: url_of(&options, &name),
        http: reqwest::Client::new(),
    }
}

fn url_of(options: &PgConnectOptions, name: &str) -> String {
    match std::env::var("AREALBANK_TEST_DATABASE_URL") {
        Ok(url) => {
            let mut u = url::Url::parse(&url).expect("url");
            u.set_path(name);
            u.to_string()
        }
        Err(_) => format!(
            "postgres://{}@localhost/{name}?host={}",
            options.get_username(),
            options.get_socket().expect("socket").display()
        ),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// GET and parse JSON, asserting the status.
    pub async fn get_json(&self, path: &str, status: u16) -> (reqwest::header::HeaderMap, Value) {
        let res = self.http.get(self.url(path)).send().await.expect("request");
        assert_eq!(res.status().as_u16(), status, "GET {path}");
        let headers = res.headers().clone();
        let body = res.text().await.expect("body");
        let json = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"));
        (headers, json)
    }

    /// Store areas given as a CRS84 FeatureCollection (through the same checks as import).
    pub async fn insert(&self, collection: &Value) -> Vec<Uuid> {
        let codes = arealbank::store::codes::load(&self.pool)
            .await
            .expect("codes");
        let parsed = parse_feature_collection(collection.to_string().as_bytes(), None, &codes)
            .unwrap_or_else(|issues| panic!("test data invalid: {issues:?}"));
        let by = arealbank::store::areas::ChangedBy {
            user_id: None,
            name: "test",
        };
        arealbank::store::areas::insert_all(&self.pool, &parsed.areas, &by)
            .await
            .expect("insert")
    }

    /// Load the shipped demo data.
    pub async fn seed_demo(&self) {
        arealbank::seed::seed(&self.pool)
            .await
            .expect("seed demo data");
    }

    /// An account with a live API token; returns the token.
    pub async fn account(&self, username: &str, role: &str, municipalities: &[&str]) -> String {
        let ms: Vec<String> = municipalities.iter().map(|m| m.to_string()).collect();
        let user = arealbank::domain::user::NewUser::new(
            username,
            None,
            role,
            &ms,
            "a long test password",
        )
        .expect("valid user");
        arealbank::store::users::add(&self.pool, &user)
            .await
            .expect("add user");
        let (secret, digest) = arealbank::domain::token::generate();
        arealbank::store::users::add_token(&self.pool, username, "test", &digest)
            .await
            .expect("token");
        secret
    }

    /// A superuser connection to the server's `postgres` database (to act on this test's
    /// database from outside, e.g. refuse and drop its connections).
    pub async fn admin_connection(&self) -> PgConnection {
        let server = server().await;
        PgConnection::connect_with(&server.admin.clone().database("postgres"))
            .await
            .expect("admin connection")
    }

    /// The name of this test's database.
    pub fn database_name(&self) -> String {
        url::Url::parse(&self.database_url)
            .expect("database url")
            .path()
            .trim_start_matches('/')
            .to_string()
    }

    /// The `arealbank` command on this test's database (quiet logs); add arguments and run.
    pub fn cli(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_arealbank"));
        c.env("DATABASE_URL", &self.database_url)
            .env("RUST_LOG", "warn");
        c
    }

    /// GET with a bearer token; the status and the JSON answer (null when none).
    pub async fn get_as(&self, token: &str, path: &str) -> (u16, Value) {
        let res = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        (
            res.status().as_u16(),
            res.json().await.unwrap_or(Value::Null),
        )
    }

    /// POST `body` with a bearer token; the status and the JSON answer (null when none).
    pub async fn post_as(&self, token: &str, path: &str, body: Vec<u8>) -> (u16, Value) {
        let res = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .expect("post");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// The public properties of the area with this reference (its Feature on /ogc).
    pub async fn public_properties(&self, reference: &str) -> Value {
        let (_, doc) = self
            .get_json(
                &format!("/ogc/collections/areas/items?filter=reference%3D%27{reference}%27"),
                200,
            )
            .await;
        doc["features"][0]["properties"].clone()
    }

    pub async fn area_count(&self) -> i64 {
        sqlx::query_scalar("select count(*) from area")
            .fetch_one(&self.pool)
            .await
            .expect("count")
    }
}

/// A star-shaped test polygon around (lon, lat) with radius `r_m` metres, `n` vertices.
pub fn polygon(lon: f64, lat: f64, r_m: f64, n: usize, phase: f64) -> Vec<Vec<[f64; 2]>> {
    let m_lat = 111_320.0;
    let m_lon = m_lat * lat.to_radians().cos();
    let mut ring: Vec<[f64; 2]> = (0..n)
        .map(|k| {
            let a = phase + std::f64::consts::TAU * k as f64 / n as f64;
            let r = r_m * if k % 2 == 0 { 1.0 } else { 0.7 };
            [lon + r * a.cos() / m_lon, lat + r * a.sin() / m_lat]
        })
        .collect();
    ring.push(ring[0]);
    vec![ring]
}

/// A feature with the required properties and `extra` merged in.
pub fn feature(
    reference: &str,
    municipality: &str,
    kind: &str,
    rings: Vec<Vec<[f64; 2]>>,
    extra: Value,
) -> Value {
    let mut props = json!({"reference": reference, "name": format!("Testområde {reference}"),
        "municipality": municipality, "kind": kind, "published": true});
    if let (Some(p), Some(e)) = (props.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    json!({"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}})
}

pub fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

/// Points well inside each municipality (checked against the N1000 boundaries).
pub const LILLEHAMMER: (f64, f64) = (10.47, 61.12);
pub const OYER: (f64, f64) = (10.45, 61.24);
pub const GAUSDAL: (f64, f64) = (10.17, 61.215);

/// Start `arealbank serve` (INFO logs, port 0) from `cmd`, e.g. [`TestApp::cli`]; the child,
/// the address it serves and its log lines after the one that named the address.
pub fn serve(
    mut cmd: std::process::Command,
) -> (
    std::process::Child,
    String,
    std::sync::mpsc::Receiver<String>,
) {
    use std::io::BufRead;
    let mut child = cmd
        .env("RUST_LOG", "info")
        .args(["serve", "--no-demo", "--port", "0"])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    let address = loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("the server did not say where it serves: {log:#?}"));
        if let Some(at) = line.find("serving the map on http://") {
            let rest = &line[at + "serving the map on ".len()..];
            break rest.split_whitespace().next().expect("url").to_string();
        }
        log.push(line);
    };
    (child, address, rx)
}
