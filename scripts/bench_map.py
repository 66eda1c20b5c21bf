#!/usr/bin/env python3
"""The map's first tiles at a large size: a fresh headless Chromium (chromedriver, the
WebDriver protocol spoken over HTTP) opens the map and waits until the vector tiles in
view are drawn (web/static/tiles.js sets `data-tiles-drawn-ms` on <body>: milliseconds
since the page started loading). Each run is a new browser profile (nothing cached in
the browser); the first run also finds the server's tile memory empty.

    scripts/bench_map.py BASE_URL [--runs 3]      one Markdown row per run, then the median
"""
import argparse
import json
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["value"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(driver, url, chromium):
    profile = tempfile.mkdtemp(prefix="arealbank-bench-map-")
    caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
        "binary": chromium,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--window-size=1200,900", f"--user-data-dir={profile}"]}}}}
    session = call(driver, "POST", "/session", caps)["sessionId"]
    try:
        call(driver, "POST", f"/session/{session}/url", {"url": url})
        until = time.time() + 60
        while time.time() < until:
            got = call(driver, "POST", f"/session/{session}/execute/sync", {
                "script": "return [document.body.dataset.areasMode || null,"
                          " document.body.dataset.tilesDrawnMs || null,"
                          " performance.getEntriesByType('resource')"
                          "   .filter(e => e.name.includes('/tiles/areas/')).length];",
                "args": []})
            if got[1]:
                return got[0], int(got[1]), got[2]
            time.sleep(0.05)
        raise SystemExit(f"the map at {url} drew no tiles within 60 s: {got}")
    finally:
        call(driver, "DELETE", f"/session/{session}")
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    a = ap.parse_args()
    port = free_port()
    proc = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    driver = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(driver, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        times = []
        for i in range(a.runs):
            mode, ms, tiles = one_run(driver, a.base + "/", a.chromium)
            if mode != "tiles":
                raise SystemExit(f"the map drew {mode!r}, not vector tiles")
            times.append(ms)
            kept = "empty (first run)" if i == 0 else "kept from earlier runs"
            print(f"| map's first tiles drawn, run {i + 1} ({tiles} tiles; server's tile memory {kept}) | {ms} ms |")
        print(f"| map's first tiles drawn, median of {a.runs} | {statistics.median(times):.0f} ms |")
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
