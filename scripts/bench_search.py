#!/usr/bin/env python3
"""Helpers of scripts/bench-search: the raw SQL baseline, and reading wrk/pgbench output.

  bench_search.py raw-sql QUERY          the store's search SQL with QUERY's values, plus
                                         the features the API returns (500 + 100 near misses)
  bench_search.py counts API.json RAW    both found the same numbers of areas?
  bench_search.py row LABEL WRK PGB...   one Markdown row: p50/p99 of both, ratio
  bench_search.py first-load BASE PGURL SQL   the map's first load vs one SQL query
"""
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# parameter name -> (position in src/store/sql/search.sql, SQL type)
PARAMS = {
    "municipality": (1, "text[]"), "kind": (2, "text[]"), "availability": (3, "text[]"),
    "min_daa": (10, "float8"), "max_daa": (11, "float8"), "available_by": (13, "date"),
    "min_mw": (14, "float8"), "max_e6_km": (15, "float8"), "max_rail_km": (16, "float8"),
    "max_skysstasjon_km": (17, "float8"), "max_centre_km": (18, "float8"),
    "max_farmland_pct": (19, "float8"), "max_nature_pct": (20, "float8"),
    "land_control": (21, "text[]"), "max_price": (22, "float8"), "utilities": (23, "text[]"),
    "max_flood_pct": (24, "float8"), "max_landslide_pct": (25, "float8"),
    "max_quick_clay_pct": (26, "float8"),
}
# $27: also the possible future areas (candidates, ideas): a flag, false unless asked
INCLUDE_FUTURE = 27
# what the profiles preset when the query does not say (src/domain/profile.rs)
PRESETS = {"logistics": {"min_daa": "10", "max_e6_km": "5"},
           "knowledge": {"max_skysstasjon_km": "3"}, "population": {"max_centre_km": "5"}}


def literal(value, kind):
    if kind == "text[]":
        items = ",".join('"%s"' % v for v in value.split(","))
        return "'{%s}'::text[]" % items
    if kind == "date":
        return "date '%s'" % value
    return "%s::float8" % float(value)


def raw_sql(query):
    q = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    values = dict(PRESETS.get(q.get("profile", ""), {}))
    values.update({k: v for k, v in q.items() if k in PARAMS})
    sql = (ROOT / "src/store/sql/search.sql").read_text()
    sql = "\n".join(l for l in sql.splitlines() if not l.startswith("--"))
    sql = re.sub(r'as "(\w+)!"', r"as \1", sql)  # sqlx's non-null markers
    by_position = {pos: (name, kind) for name, (pos, kind) in PARAMS.items()}

    def value_of(m):
        n = int(m.group(1))
        if n == INCLUDE_FUTURE:
            return "false"  # the API's default: only areas that are or will be zoned
        name, kind = by_position.get(n, (None, None))
        return literal(values[name], kind) if name and values.get(name) else "null"

    sql = re.sub(r"\$(\d+)", value_of, sql)
    return f"""with c as (
{sql.strip().rstrip(';')}
), shown as (
    (select id from c where cardinality(missed) = 0 order by available_m2 desc limit 500)
    union all
    (select id from c where cardinality(missed) = 1 limit 100)
)
select (select count(*) from c where cardinality(missed) = 0),
       (select count(*) from c where cardinality(missed) = 1),
       (select string_agg(feature, ',') from area_public where id in (select id from shown));
"""


def ms(text):
    text = text.strip()
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * f
    return float(text)


def wrk(path):
    p50 = p99 = rps = None
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "50%":
            p50 = ms(parts[1])
        if len(parts) == 2 and parts[0] == "99%":
            p99 = ms(parts[1])
        if line.startswith("Requests/sec:"):
            rps = float(parts[1])
        if "Non-2xx" in line:
            sys.exit(f"wrk saw errors: {line}")
    return p50, p99, rps


def pgbench(paths):
    lat = []
    for p in paths:
        for line in Path(p).read_text().splitlines():
            lat.append(int(line.split()[2]) / 1000.0)
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    return pick(0.5), pick(0.99), len(lat)


def row(label, wrk_path, pgb_paths):
    a50, a99, rps = wrk(wrk_path)
    r50, r99, n = pgbench(pgb_paths)
    print(f"| {label} | {a50:.1f} | {a99:.1f} | {rps:.1f} | {r50:.1f} | {r99:.1f} | {a50 / r50:.2f}× |")


def counts(api_path, raw_path):
    api = json.loads(Path(api_path).read_text())
    matched, near = Path(raw_path).read_text().split("|")[:2]
    ok = api["numberMatched"] == int(matched) and api["numberNearMisses"] == int(near)
    print(f"Same answer: /api/search found {api['numberMatched']} matches and "
          f"{api['numberNearMisses']} near misses; the SQL alone {matched} and {near}"
          f" ({'equal' if ok else 'DIFFERENT'}).")
    if not ok:
        sys.exit(1)


def first_load(base, pg_url, sql_file, runs=3):
    times, features, size = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        url, features, size = base + "/ogc/collections/areas/items?limit=1000", 0, 0
        while url:
            with urllib.request.urlopen(url) as r:
                body = r.read()
            size += len(body)
            doc = json.loads(body)
            features += len(doc["features"])
            url = next((l["href"] for l in doc["links"] if l["rel"] == "next"), None)
        times.append(time.perf_counter() - start)
    raw = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["psql", pg_url, "-qAt", "-f", sql_file], check=True, stdout=subprocess.DEVNULL)
        raw.append(time.perf_counter() - start)
    a, r = statistics.median(times) * 1000, statistics.median(raw) * 1000
    print(f"| map's first load: {features} areas, {size / 1e6:.0f} MB in pages of 1 000 (median of {runs}) "
          f"| {a:.0f} | – | – | {r:.0f} | – | {a / r:.2f}× |")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "raw-sql":
        print(raw_sql(args[0]))
    elif cmd == "counts":
        counts(*args)
    elif cmd == "row":
        row(args[0], args[1], args[2:])
    elif cmd == "first-load":
        first_load(*args)
    else:
        sys.exit(__doc__)
