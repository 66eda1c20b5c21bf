//! The Debian package: built by scripts/package-deb from the test build of the binary,
//! installed with dpkg, its unit accepted by `systemd-analyze verify`, the service's
//! command run as the unit runs it (its user, environment file and working directory)
//! serving the map, then removed and purged cleanly.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{free_port, run, wait_ready, BINARY};

const UNIT: &str = "/lib/systemd/system/arealbank.service";

fn installed() -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", "arealbank"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("ok installed"))
        .unwrap_or(false)
}

/// `Key=value` of the unit's [Service] section.
fn unit_value<'a>(unit: &'a str, key: &str) -> &'a str {
    unit.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("the unit has no {key}="))
}

/// The environment file as systemd reads it: NAME=value lines, comments skipped.
fn environment(file: &str) -> Vec<(String, String)> {
    std::fs::read_to_string(file)
        .expect("environment file")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
#[ignore = "installs a Debian package as root: make test-ops"]
async fn the_package_installs_serves_the_map_as_its_own_user_and_removes_cleanly() {
    assert!(
        !installed(),
        "arealbank is installed on this machine; this test would remove it"
    );
    let had_data = Path::new("/var/lib/arealbank").exists();
    let out = tempfile::tempdir().expect("dir");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/package-deb");
    let deb = run(Command::new(script)
        .args(["--binary", BINARY, "--out"])
        .arg(out.path()))
    .trim()
    .to_string();
    let info = run(Command::new("dpkg-deb").args(["--info", &deb]));
    assert!(info.contains("Package: arealbank"), "{info}");
    assert!(
        info.contains("libc6"),
        "the binary's libraries are dependencies: {info}"
    );
    let contents = run(Command::new("dpkg-deb").args(["--contents", &deb]));
    for f in [
        "./usr/bin/arealbank",
        "./lib/systemd/system/arealbank.service",
        "./etc/arealbank/arealbank.env",
    ] {
        assert!(contents.contains(f), "{f} in\n{contents}");
    }

    run(Command::new("dpkg").args(["-i", &deb]));
    assert!(installed());
    run(Command::new("id").arg("arealbank"));
    let verify = Command::new("systemd-analyze")
        .args(["verify", UNIT])
        .output()
        .expect("systemd-analyze");
    assert!(
        verify.status.success(),
        "systemd-analyze verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let unit = std::fs::read_to_string(UNIT).expect("unit");
    let user = unit_value(&unit, "User");
    assert_eq!(user, "arealbank");
    let exec: Vec<&str> = unit_value(&unit, "ExecStart").split_whitespace().collect();
    assert_eq!(exec[0], "/usr/bin/arealbank");
    let version = run(Command::new(exec[0]).arg("--version"));
    assert!(version.starts_with("arealbank "), "{version}");

    // the service's command, as systemd would start it; only the port is the test's
    let port = free_port();
    let mut service = Command::new("setpriv");
    service
        .args(["--reuid", user, "--regid", user, "--init-groups", "--"])
        .args(&exec)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .envs(environment(unit_value(&unit, "EnvironmentFile")))
        .env("AREALBANK_PORT", port.to_string())
        .current_dir(unit_value(&unit, "WorkingDirectory"));
    let mut child = service.spawn().expect("start the service's command");
    let base = format!("http://127.0.0.1:{port}");
    wait_ready(&format!("{base}/health/ready"), Duration::from_secs(180)).await;
    let page = reqwest::get(format!("{base}/"))
        .await
        .expect("map")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("/vendor/leaflet/leaflet.js"),
        "the map page: {page}"
    );
    let config: serde_json::Value = reqwest::get(format!("{base}/api/config"))
        .await
        .expect("config")
        .json()
        .await
        .expect("json");
    assert_eq!(
        config["demo_data"], false,
        "a server's install starts without demo data"
    );
    // a backup as the README says to take one: the service's user, its settings, while
    // the service runs
    let backup = "/var/lib/arealbank/arealbank-test.dump";
    let said = run(Command::new("runuser").args([
        "-u",
        "arealbank",
        "--",
        "sh",
        "-c",
        &format!("set -a; . /etc/arealbank/arealbank.env; set +a; arealbank backup {backup}"),
    ]));
    assert!(said.starts_with("backup written to"), "{said}");
    let size = std::fs::metadata(backup).expect("the backup").len();
    assert!(
        size > 10_000,
        "a backup of the schema and seeds: {size} bytes"
    );
    std::fs::remove_file(backup).expect("remove the test backup");
    let still: serde_json::Value = reqwest::get(format!("{base}/api/config"))
        .await
        .expect("config after the backup")
        .json()
        .await
        .expect("json");
    assert_eq!(still["demo_data"], false, "the service still serves");
    // the embedded cluster lives in the service's data folder, owned by its user
    let owner = run(Command::new("stat").args(["-c", "%U", "/var/lib/arealbank/db"]));
    assert_eq!(owner.trim(), "arealbank");
    run(Command::new("kill").args(["-TERM", &child.id().to_string()]));
    let status = child.wait().expect("wait");
    assert!(status.success(), "stops cleanly on SIGTERM: {status}");

    run(Command::new("dpkg").args(["-r", "arealbank"]));
    assert!(!Path::new("/usr/bin/arealbank").exists());
    assert!(!Path::new(UNIT).exists());
    assert!(
        Path::new("/etc/arealbank/arealbank.env").exists(),
        "remove keeps the configuration"
    );
    run(Command::new("dpkg").args(["-P", "arealbank"]));
    assert!(
        !Path::new("/etc/arealbank").exists(),
        "purge deletes the configuration"
    );
    assert!(
        Path::new("/var/lib/arealbank/db").exists(),
        "the data is never deleted by the package"
    );
    if !had_data {
        let _ = std::fs::remove_dir_all("/var/lib/arealbank");
    }
}
