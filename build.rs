//! Installs the map's third-party browser libraries from npm (exact versions from
//! `web/package-lock.json`) so that rust-embed can embed them. Nothing from npm is committed.

use std::path::Path;
use std::process::Command;

fn main() {
    commit();
    println!("cargo:rerun-if-changed=web/package-lock.json");
    println!("cargo:rerun-if-changed=web/package.json");
    // sqlx::migrate! embeds the migrations; a new file must rebuild the crate
    println!("cargo:rerun-if-changed=migrations");
    // one file from every package embedded by src/api/assets.rs
    let markers = [
        Path::new("web/node_modules/leaflet/dist/leaflet.js"),
        Path::new("web/node_modules/@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.min.js"),
        Path::new("web/node_modules/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js"),
        Path::new("web/node_modules/swagger-ui-dist/swagger-ui-bundle.js"),
        // for the tests only (WCAG checks in Chromium), never embedded
        Path::new("web/node_modules/axe-core/axe.min.js"),
    ];
    if markers.iter().all(|m| m.exists()) {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix", "web"])
        .status();
    match status {
        Ok(s) if s.success() && markers.iter().all(|m| m.exists()) => {}
        Ok(s) => panic!("`npm ci --prefix web` failed ({s}); install Node.js and npm, then build again"),
        Err(e) => panic!("could not run npm ({e}); install Node.js and npm (apt-get install nodejs npm), then build again"),
    }
}

/// The commit the binary is built from, for `--version`: git's, else `AREALBANK_COMMIT`
/// (a build from a source tarball), else "unknown".
fn commit() {
    println!("cargo:rerun-if-env-changed=AREALBANK_COMMIT");
    for f in [".git/HEAD", ".git/logs/HEAD"] {
        if Path::new(f).exists() {
            println!("cargo:rerun-if-changed={f}");
        }
    }
    let from_git = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty());
    let commit = from_git
        .or_else(|| std::env::var("AREALBANK_COMMIT").ok())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=AREALBANK_COMMIT={commit}");
}
