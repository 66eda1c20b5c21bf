#!/usr/bin/env python3
"""The benchmark cases the shared harness does not have, measured with its own helpers
(wrk for HTTP, pgbench for the raw-PostGIS floor, same JSON lines, same report):

  e_cql2_filter  items?filter=<CQL2 text>&limit=1000 vs the same WHERE building the whole
                 FeatureCollection in one SQL statement (and pygeoapi, which reads CQL2 too)
  f_tile_z12 / g_tile_z14   /tiles/areas/{z}/{x}/{y}.mvt vs the ST_AsMVT statement martin sends:
                 "arealbank" is a server that keeps no tiles (--tile-cache-mb 0, each built
                 per request, as the floor does), "arealbank-kept" the same tile repeated on
                 the server as configured by default (served from memory after the first)
  a_items_limit100 / b_bbox5pct_limit1000 as a signed-in planner ("arealbank-signed-in":
                 the readers' view, unpublished areas and private fields; --token)

    scripts/bench_extra.py HARNESS_DIR SCHEMA --arealbank URL [--arealbank-cold URL]
                           [--token BEARER] [--pygeoapi URL COLLECTION]
                           [--conns 1,8] [--duration 10] [--warmup 3] [--out F.jsonl]
"""
import argparse
import json
import os
import sys
import urllib.parse
import urllib.request

FILTER_ATTRIBUTES = "kind = 'available' AND land_use_code = 1300"
FILTER_BBOX = "10.3,61.05,10.65,61.35"
FILTER = f"{FILTER_ATTRIBUTES} AND S_INTERSECTS(geometry, BBOX({FILTER_BBOX}))"
FILTER_SQL = ("kind = 'available' AND land_use_code = 1300 AND ST_Intersects(geom, ST_Transform("
              "ST_Segmentize(ST_MakeEnvelope(10.3, 61.05, 10.65, 61.35, 4326), 0.02), 25832))")
TILES = [("f_tile_z12", 12, 2167, 1164), ("g_tile_z14", 14, 8669, 4658)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("harness")
    ap.add_argument("schema")
    ap.add_argument("--arealbank", required=True, help="base URL, e.g. http://127.0.0.1:8080")
    ap.add_argument("--arealbank-cold", help="the same data on a server that keeps no tiles")
    ap.add_argument("--token", help="a planner's API token, for the signed-in pages")
    ap.add_argument("--pygeoapi", nargs=2, metavar=("URL", "COLLECTION"))
    ap.add_argument("--conns", default="1,8")
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--out")
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.harness))
    import oapif_bench  # noqa: E402
    from oapif_bench import emit, fc_sql, psql, run_pgbench, run_wrk  # noqa: E402
    from tiles_bench import SQL as TILE_SQL  # noqa: E402

    conns = [int(c) for c in a.conns.split(",")]
    n = int(psql(f"SELECT count(*) FROM {a.schema}.areas"))

    def fetch(url, accept):
        req = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.read()

    def load(label, kind, query, check, http_url=None, sql=None, accept="application/geo+json"):
        common = {"kind": kind, "label": label, "n": n, "query": query, "check": check}
        if http_url:
            run_wrk(http_url, max(conns), a.warmup, accept)
        else:
            run_pgbench(sql, max(conns), duration=a.warmup)
        for c in conns:
            if http_url:
                res = run_wrk(http_url, c, a.duration, accept)
            else:
                res, _ = run_pgbench(sql, c, duration=a.duration)
            emit(a.out, {**common, "url": http_url, **res})

    # e: a CQL2 filter
    sql = fc_sql(f"SELECT * FROM {a.schema}.areas WHERE {FILTER_SQL} ORDER BY id LIMIT 1000", 7)
    matched = int(psql(f"SELECT count(*) FROM (SELECT 1 FROM {a.schema}.areas WHERE {FILTER_SQL} LIMIT 1000) s"))
    load("postgis-floor", "pg", "e_cql2_filter", {"features": matched}, sql=sql)
    q = urllib.parse.urlencode({"filter": FILTER, "limit": 1000})
    servers = [("arealbank", f"{a.arealbank}/ogc/collections/areas/items?{q}")]
    if a.pygeoapi:
        # pygeoapi 0.21 reads the attribute part of CQL2 text but not S_INTERSECTS (400
        # "Bad CQL text"): it gets the same selection as filter + bbox
        pq = urllib.parse.urlencode({"filter": FILTER_ATTRIBUTES, "bbox": FILTER_BBOX, "limit": 1000})
        servers.append(("pygeoapi", f"{a.pygeoapi[0]}/collections/{a.pygeoapi[1]}/items?{pq}"))
    for label, url in servers:
        try:
            doc = json.loads(fetch(url, "application/geo+json"))
        except Exception as e:  # a server without CQL2 support is recorded, not fatal
            emit(a.out, {"kind": "http", "label": label, "n": n, "query": "e_cql2_filter", "skipped": str(e)})
            continue
        got = len(doc.get("features", []))
        if got != matched:
            emit(a.out, {"kind": "http", "label": label, "n": n, "query": "e_cql2_filter",
                         "skipped": f"answered {got} features, the SQL selects {matched}"})
            continue
        load(label, "http", "e_cql2_filter", {"features": got}, http_url=url)

    # f, g: vector tiles, built per request (a server keeping none) and kept
    for query, z, x, y in TILES:
        sql = TILE_SQL.format(src="areas", schema=a.schema, z=z, x=x, y=y)
        nfeat = int(psql(f"SELECT count(*) FROM {a.schema}.areas WHERE geom && "
                         f"ST_Transform(ST_TileEnvelope({z},{x},{y}), 25832)"))
        pg_bytes = int(psql(f"SELECT octet_length(t) FROM ({sql.rstrip(';')}) s(t)"))
        load("postgis-floor", "pg", query, {"features": nfeat, "bytes": pg_bytes}, sql=sql)
        servers = [("arealbank-kept", a.arealbank)]
        if a.arealbank_cold:
            servers.insert(0, ("arealbank", a.arealbank_cold))
        for label, base in servers:
            url = f"{base}/tiles/areas/{z}/{x}/{y}.mvt"
            body = fetch(url, "application/vnd.mapbox-vector-tile")
            load(label, "http", query, {"features": nfeat, "bytes": len(body)}, http_url=url,
                 accept="application/vnd.mapbox-vector-tile")

    # a and b as a signed-in planner: the harness's wrk script with the token added
    if a.token:
        lua = oapif_bench.LUA
        oapif_bench.LUA = lua.replace('wrk.headers["Accept"] = %(accept)s',
                                      'wrk.headers["Accept"] = %(accept)s\n'
                                      f'wrk.headers["Authorization"] = "Bearer {a.token}"')
        items = f"{a.arealbank}/ogc/collections/areas/items"
        bbox = oapif_bench.DEFAULT_BBOX
        for query, url in [("a_items_limit100", f"{items}?limit=100"),
                           ("b_bbox5pct_limit1000", f"{items}?bbox={bbox}&limit=1000")]:
            req = urllib.request.Request(url, headers={"Authorization": f"Bearer {a.token}",
                                                       "Accept": "application/geo+json"})
            with urllib.request.urlopen(req, timeout=120) as r:
                got = len(json.loads(r.read())["features"])
            load("arealbank-signed-in", "http", query, {"features": got}, http_url=url)
        oapif_bench.LUA = lua

if __name__ == "__main__":
    main()
