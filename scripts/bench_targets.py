#!/usr/bin/env python3
"""Issue 18's targets, judged from one `make bench` run's JSON lines (same run, ratios to
the raw-PostGIS floor measured in it): one Markdown row per size and target, met or not.

    scripts/bench_targets.py bench-results/bench-<date>.jsonl [MEMORY.txt]
"""
import json
import sys


def main():
    rows = {}
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if "skipped" not in r:
            rows[(r["label"], r["n"], r["query"], r.get("conns"))] = r

    def get(label, n, q, c):
        return rows.get((label, n, q, c))

    out = ["| N | target | measured | |", "|---:|---|---|---|"]

    def judge(n, what, text, ok):
        out.append(f"| {n:,} | {what} | {text} | {'met' if ok else '**missed**'} |")

    for n in sorted({k[1] for k in rows}):
        fl = lambda q, c: get("postgis-floor", n, q, c)
        for q, name in (("f_tile_z12", "tile z12"), ("g_tile_z14", "tile z14")):
            f1, f8 = fl(q, 1), fl(q, 8)
            a1, a8 = get("arealbank", n, q, 1), get("arealbank", n, q, 8)
            k8 = get("arealbank-kept", n, q, 8)
            if f1 and a1 and f8 and a8:
                p, t = a1["p50_ms"] / f1["p50_ms"], a8["rps"] / f8["rps"]
                judge(n, f"{name} built per request: p50 ≤ 1.3× floor, req/s ≥ 0.7×",
                      f"p50 {a1['p50_ms']:.2f} ms = {p:.2f}× · {a8['rps']:,.0f}/s = {t:.2f}×",
                      p <= 1.3 and t >= 0.7)
            if f8 and k8:
                t = k8["rps"] / f8["rps"]
                judge(n, f"{name} kept: req/s ≥ 10× floor", f"{k8['rps']:,.0f}/s = {t:.1f}×", t >= 10)
        c1, c8 = get("arealbank", n, "c_item_by_id", 1), get("arealbank", n, "c_item_by_id", 8)
        if c1 and c8 and fl("c_item_by_id", 8):
            t = c8["rps"] / fl("c_item_by_id", 8)["rps"]
            judge(n, "one item: p50 ≤ 0.3 ms, req/s ≥ 0.3× floor",
                  f"p50 {c1['p50_ms']:.2f} ms · {c8['rps']:,.0f}/s = {t:.2f}×",
                  c1["p50_ms"] <= 0.3 and t >= 0.3)
        e1, e8 = get("arealbank", n, "e_cql2_filter", 1), get("arealbank", n, "e_cql2_filter", 8)
        if e1 and e8 and fl("e_cql2_filter", 1):
            p = e1["p50_ms"] / fl("e_cql2_filter", 1)["p50_ms"]
            t = e8["rps"] / fl("e_cql2_filter", 8)["rps"]
            judge(n, "CQL2 page: p50 ≤ 1.3× floor, req/s ≥ 0.7×", f"p50 {p:.2f}× · req/s {t:.2f}×",
                  p <= 1.3 and t >= 0.7)
        for q in ("a_items_limit100", "b_bbox5pct_limit1000"):
            s8, p8 = get("arealbank-signed-in", n, q, 8), get("arealbank", n, q, 8)
            if s8 and p8:
                t = s8["rps"] / p8["rps"]
                judge(n, f"signed-in {q[:1]}: req/s ≥ 0.5× public", f"{s8['rps']:,.0f} vs {p8['rps']:,.0f}/s = {t:.2f}×", t >= 0.5)
        for q in ("a_items_limit100", "b_bbox5pct_limit1000", "d_walk_limit10000"):
            key = "features_per_s" if q.startswith("d") else "rps"
            c = 1 if q.startswith("d") else 8
            a, f = get("arealbank", n, q, c), fl(q, c)
            if not (a and f):
                continue
            t = a[key] / f[key]
            others = []
            ok = t >= 1
            for label, need in (("pygeoapi", 5), ("mapserver", 2)):
                o = get(label, n, q, c)
                if o and o.get(key):
                    r = a[key] / o[key]
                    others.append(f"{r:.1f}× {label}")
                    ok = ok and r >= need
            judge(n, f"{q[:1]} ≥ 1× floor, ≥ 5× pygeoapi, ≥ 2× MapServer",
                  f"{t:.2f}× floor" + (", " + ", ".join(others) if others else ""), ok)
    if len(sys.argv) > 2:
        for line in open(sys.argv[2]):
            if "peak RSS" in line:
                mb = int(line.split("peak RSS")[1].split()[0])
                out.append(f"| {line.split(':')[0]} | server memory ≤ 100 MB under load | {mb} MB | {'met' if mb <= 100 else '**missed**'} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
