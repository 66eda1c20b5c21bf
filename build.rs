//! Installs the map's third-party browser libraries from npm (exact versions from
//! `web/package-lock.json`) so that rust-embed can embed them. Nothing from npm is committed.

use std::path::Path;
use std::process::Command;

fn main() {
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
