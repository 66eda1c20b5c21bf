//! What the operations tests share: the binary, free ports, an embedded cluster and a
//! fresh database on it, waiting for a server to be ready.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const BINARY: &str = env!("CARGO_BIN_EXE_arealbank");

/// A TCP port nobody listens on just now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Run a command; panic with its output when it fails. Returns standard output.
pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Wait until `url` answers 200.
pub async fn wait_ready(url: &str, within: Duration) {
    let http = reqwest::Client::new();
    let until = Instant::now() + within;
    loop {
        if let Ok(res) = http.get(url).send().await {
            if res.status() == 200 {
                return;
            }
        }
        assert!(Instant::now() < until, "{url} not ready within {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A new, empty database on the test cluster (the one `make test` runs, else one in
/// target/tmp); its URL.
pub async fn fresh_database(prefix: &str) -> String {
    let dir = std::env::var_os("AREALBANK_TEST_PG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pg"));
    let cluster = arealbank::db::Cluster::start(&dir)
        .await
        .expect("embedded PostgreSQL");
    let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
    cluster
        .ensure_database(&name)
        .await
        .expect("create database");
    cluster.url(&name)
}
