//! Every benchmark target runs from a fresh clone: each `make bench*` script at tiny
//! sizes (a few hundred areas, a second per measurement, the debug binary), with what it
//! reports checked. The numbers themselves are measured by `make bench`, never here.

use std::path::Path;
use std::process::Command;

use super::common::run;

fn script(name: &str) -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new(root.join("scripts").join(name));
    cmd.current_dir(root)
        .env("AREALBANK_BENCH_PROFILE", "debug");
    cmd
}

/// The newest file in bench-results/ whose name starts with `prefix` and ends in `suffix`.
fn newest_result(prefix: &str, suffix: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench-results");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .expect("bench-results/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap_or_default().to_string_lossy();
            n.starts_with(prefix) && n.ends_with(suffix)
        })
        .collect();
    found.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let last = found
        .pop()
        .unwrap_or_else(|| panic!("no {prefix}*{suffix} in {dir:?}"));
    std::fs::read_to_string(&last).unwrap_or_else(|e| panic!("{last:?}: {e}"))
}

#[test]
#[ignore = "brings up the benchmark stack (apt, PyPI): make test-ops"]
fn make_bench_runs_every_case_against_the_floor_and_the_reference_servers() {
    run(script("bench").args([
        "n1k",
        "--",
        "--duration",
        "1",
        "--warmup",
        "1",
        "--conns",
        "1",
    ]));
    let lines = newest_result("bench-", ".jsonl");
    let rows: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let measured = |label: &str, query: &str| {
        rows.iter().any(|r| {
            r["label"] == label
                && r["query"].as_str().is_some_and(|q| q.starts_with(query))
                && r.get("skipped").is_none()
                // requests per second, or features per second for the walk (d)
                && ["rps", "features_per_s"]
                    .iter()
                    .any(|k| r[*k].as_f64().is_some_and(|v| v > 0.0))
        })
    };
    for query in ["a_", "b_", "c_", "d_", "e_cql2", "f_tile", "g_tile"] {
        assert!(measured("postgis-floor", query), "floor {query}: {lines}");
        assert!(measured("arealbank", query), "arealbank {query}: {lines}");
    }
    for anchor in ["pygeoapi", "mapserver"] {
        assert!(measured(anchor, "a_"), "{anchor} items: {lines}");
    }
}

#[test]
#[ignore = "starts its own embedded cluster and a server: make test-ops"]
fn make_bench_search_finds_the_same_areas_as_its_sql_and_measures_both() {
    // tiles above 100 areas, so that the map's tile benchmark has tiles to draw
    run(script("bench-search")
        .arg("1")
        .env("AREAS", "300")
        .env("AREALBANK_MAP_TILE_THRESHOLD", "100"));
    let report = newest_result("search-", "-300.md");
    assert!(report.contains("combined search, 1 client"), "{report}");
    assert!(report.contains("map's first load"), "{report}");
    assert!(report.contains("(equal)"), "{report}");
    assert!(
        report.contains("map's first tiles drawn, median"),
        "{report}"
    );
}

#[test]
#[ignore = "starts its own embedded cluster: make test-ops"]
fn make_bench_facts_recomputes_every_area_with_and_without_indexes() {
    run(script("bench-facts").env("SCALE", "0.02"));
    let report = newest_result("facts-", "-x0.02.txt");
    assert!(report.contains("areas_with_facts"), "{report}");
    assert!(report.contains("index scans switched off"), "{report}");
}
