#!/usr/bin/env python3
"""Writes seeds/layers/: the reference layers shipped with arealbank, and manifest.json
with each layer's source, licence, date and whether it is demo data.

Real data (Kartverket N1000, CC BY 4.0) from ../shared/data: the E6, other main roads,
the railway, passenger stations, the skysstasjon (the N1000 Lillehammer station, where
the skysstasjon is) and the E6 junctions derived from where another road meets the E6.
Everything else is invented for demonstration, placed near the demo areas so that the
computed facts have something to show, and marked "demo" in the manifest and in each
feature: town centres (approximate), a rail freight terminal, farmland by AR5 class,
protected nature, flood and landslide zones, cultural heritage, and the substations'
capacity figures (positions from the operators' published station list; figures demo).
Deterministic: run again after editing the tables below.
"""
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("AREALBANK_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "seeds", "layers")
N1000 = ("Kartverket N1000 (via the R package N1000 25.1.1), transport layers", "CC BY 4.0, © Kartverket", "2021-07-07")
DEMO = ("invented for demonstration by scripts/make-reference-layers.py", "demo data, not real", "2025-12-01")


def metres(lat):
    """Metres per degree of longitude and latitude at this latitude."""
    return 111_320.0 * math.cos(math.radians(lat)), 110_570.0


def rectangle(lon, lat, dx_m, dy_m, w_m, h_m):
    """A rectangle w×h metres whose south-west corner is dx, dy metres from (lon, lat)."""
    mx, my = metres(lat)
    x0, y0 = lon + dx_m / mx, lat + dy_m / my
    x1, y1 = x0 + w_m / mx, y0 + h_m / my
    ring = [[round(x, 6), round(y, 6)] for x, y in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(features):
    return {"type": "FeatureCollection", "features": features}


def near_e6(point, e6_lines, tolerance_m=100.0):
    """The nearest point on the E6 when `point` is within tolerance of it, else None."""
    lon, lat = point
    mx, my = metres(lat)
    best = None
    for line in e6_lines:
        for (ax, ay), (bx, by) in zip(line, line[1:]):
            ax_, ay_, bx_, by_ = (ax - lon) * mx, (ay - lat) * my, (bx - lon) * mx, (by - lat) * my
            dx, dy = bx_ - ax_, by_ - ay_
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax_ * dx + ay_ * dy) / (dx * dx + dy * dy)))
            px, py = ax_ + t * dx, ay_ + t * dy
            d = math.hypot(px, py)
            if d <= tolerance_m and (best is None or d < best[0]):
                best = (d, (lon + px / mx, lat + py / my))
    return best[1] if best else None


def lines_of(geometry):
    """The coordinate lists of a LineString or MultiLineString."""
    if geometry["type"] == "LineString":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def transport():
    with open(os.path.join(SHARED, "transport.n1000.region.geojson"), encoding="utf-8") as f:
        src = json.load(f)["features"]
    roads = [f for f in src if f["properties"]["layer"] == "veglenke"]
    e6 = [f for f in roads if f["properties"]["vegkategori"] == "E" and f["properties"]["vegnummer"] == 6]
    other = [f for f in roads if f not in e6]
    name = lambda p: f'{p["vegkategori"]}{"v" if p["vegkategori"] in "RF" else ""} {p["vegnummer"]}'
    layers = {
        "e6": [feature(f["geometry"], name="E6", date=f["properties"]["oppdateringsdato"]) for f in e6],
        "main_road": [feature(f["geometry"], name=name(f["properties"]), class_=f["properties"]["vegkategori"]) for f in other],
        "railway": [feature(f["geometry"], name="Dovrebanen") for f in src if f["properties"]["layer"] == "bane"],
        "passenger_station": [feature(f["geometry"], name=f["properties"]["navn"]) for f in src if f["properties"]["layer"] == "stasjon"],
    }
    for f in layers["main_road"]:
        f["properties"]["class"] = f["properties"].pop("class_")
    layers["skysstasjon"] = [feature(f["geometry"], name="Lillehammer skysstasjon")
                             for f in src if f["properties"].get("navn") == "Lillehammer"]
    e6_lines = [line for f in e6 for line in lines_of(f["geometry"])]
    junctions = []
    for f in other:
        for end in (end for line in lines_of(f["geometry"]) for end in (line[0], line[-1])):
            at = near_e6(end, e6_lines)
            if at and all(math.hypot((at[0] - j[0]) * metres(at[1])[0], (at[1] - j[1]) * metres(at[1])[1]) > 300 for j, _ in junctions):
                junctions.append((at, name(f["properties"])))
    layers["e6_junction"] = [feature({"type": "Point", "coordinates": [round(x, 6), round(y, 6)]}, name=f"E6 × {road}")
                             for (x, y), road in sorted(junctions, key=lambda j: -j[0][1])]
    return layers


def demo_layers():
    point = lambda lon, lat: {"type": "Point", "coordinates": [lon, lat]}
    return {
        "town_centre": [
            feature(point(10.4665, 61.1150), name="Lillehammer sentrum", demo=True),
            feature(point(10.4140, 61.2700), name="Øyer sentrum (Tingberg)", demo=True),
            feature(point(10.3010, 61.3150), name="Tretten", demo=True),
            feature(point(10.1620, 61.2260), name="Segalstad bru", demo=True),
            feature(point(10.2790, 61.2250), name="Follebu", demo=True),
        ],
        "rail_terminal": [feature(point(10.4185, 61.1415), name="Fåberg godsterminal (demo)", demo=True)],
        # AR5 area types: 21 fulldyrka, 22 overflatedyrka, 23 innmarksbeite
        "farmland": [
            feature(rectangle(10.4300, 61.1650, -250, -200, 300, 450), name="Fåberg nord, dyrka mark (demo)", **{"class": "21"}, demo=True),
            feature(rectangle(10.4300, 61.1650, 60, -200, 200, 200), name="Fåberg nord, beite (demo)", **{"class": "23"}, demo=True),
            feature(rectangle(10.4420, 61.0600, -400, -300, 500, 500), name="Vingrom (demo)", **{"class": "21"}, demo=True),
            feature(rectangle(10.5150, 61.1000, 0, -300, 400, 600), name="Rudsbygd øst (demo)", **{"class": "22"}, demo=True),
            feature(rectangle(10.2750, 61.2230, -150, -150, 150, 300), name="Follebu (demo)", **{"class": "21"}, demo=True),
        ],
        "protected_nature": [
            feature(rectangle(10.4420, 61.0600, 150, 0, 400, 400), name="Vingrom naturreservat (demo)", demo=True),
        ],
        "flood_zone": [
            feature(rectangle(10.4520, 61.1080, -300, -300, 200, 600), name="Lågen flomsone (demo)", demo=True),
            feature(rectangle(10.4290, 61.1440, -400, -400, 250, 800), name="Lågen ved Fåberg flomsone (demo)", demo=True),
        ],
        "landslide_hazard": [
            feature(rectangle(10.2960, 61.3220, 50, -100, 300, 400), name="Tretten skredfaresone (demo)", demo=True),
        ],
        "cultural_heritage": [
            feature(rectangle(10.4690, 61.1190, -30, -30, 60, 50), name="Verneverdig verkstedbygg (demo)", demo=True),
            feature(rectangle(10.2450, 61.2120, 0, 0, 80, 60), name="Meieribygningen (demo)", demo=True),
        ],
    }


# name, operator, municipality, voltage kV, free MW (min, max), future MW (min, max),
# measure, year, queue status, as of. Positions from the operators' station list.
SUBSTATIONS = [
    ("Fåberg", "Elvia", "3405", 132, (2, 6), (10, 20), "Ny transformator 2×50 MVA", 2028, "limited", "2025-12-01"),
    ("Hage", "Elvia", "3405", 66, (3, 5), None, None, None, "free", "2025-12-01"),
    ("Hunderfossen", "Elvia", "3405", 66, (4, 8), None, None, None, "free", "2025-12-01"),
    ("Mesna", "Elvia", "3405", 66, (5, 9), (12, 15), "Oppgradert 66 kV-forsyning", 2027, "free", "2025-12-01"),
    ("Sorgendal", "Elvia", "3405", 66, (2, 5), None, None, None, "limited", "2024-03-01"),
    ("Tretten", "Vevig", "3440", 66, (6, 10), None, None, None, "free", "2025-12-01"),
    ("Rybakken", "Vevig", "3440", 66, (0, 1), (5, 8), "Ny 66/22 kV-transformator", 2029, "queue", "2025-12-01"),
    ("Engjom", "Elvia", "3441", 66, (0, 2), None, None, None, "queue", "2025-12-01"),
    ("Lunde", "Elvia", "3441", 66, (5, 8), None, None, None, "free", "2025-12-01"),
    ("Roppa", "Elvia", "3441", 22, (1, 3), None, None, None, "limited", "2024-06-01"),
]


def substations():
    with open(os.path.join(SHARED, "grid-capacity.wattapp-2025-12-01.region.CC-BY-NC-SA-4.0.geojson"), encoding="utf-8") as f:
        positions = {(ft["properties"]["name"]): ft["geometry"] for ft in json.load(f)["features"]}
    out = []
    for name, operator, _, kv, free, future, measure, year, queue, as_of in SUBSTATIONS:
        props = dict(name=name, operator=operator, voltage_kv=kv, free_capacity_mw_min=free[0], free_capacity_mw_max=free[1],
                     queue_status=queue, as_of=as_of, demo=True,
                     source_url="https://www.elvia.no/nettilknytning/ledig-kapasitet-i-stromnettet/" if operator == "Elvia"
                     else "https://www.vevig.no/")
        if future:
            props.update(future_capacity_mw_min=future[0], future_capacity_mw_max=future[1], measure=measure, expected_year=year)
        out.append(feature(positions[name], **props))
    # Statnett's transmission substation at Fåberg (position from NVE's open data, NLOD)
    out.append(feature({"type": "Point", "coordinates": [10.4219, 61.1384]}, name="Fåberg TRA", operator="Statnett",
                       voltage_kv=300, free_capacity_mw_min=0, free_capacity_mw_max=0, queue_status="queue", as_of="2025-12-01",
                       measure="Fåberg–Ulven oppgraderes til 420 kV; ny transformatorstasjon i Lillehammer", expected_year=2032,
                       future_capacity_mw_min=50, future_capacity_mw_max=150, demo=True,
                       source_url="https://www.statnett.no/vare-prosjekter/region-ost/nettplan-stor-oslo/faberg-ulven/"))
    return out


def main():
    if not os.path.isdir(SHARED):
        sys.exit(f"reference data not found at {SHARED} (set AREALBANK_SHARED_DATA)")
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for kind, features in transport().items():
        manifest.append(dict(kind=kind, file=f"{kind}.geojson", source=N1000[0] + (
            "; junctions where another road's link ends within 100 m of the E6" if kind == "e6_junction" else ""),
            licence=N1000[1], as_of=N1000[2], demo=False))
        write(kind, features)
    for kind, features in demo_layers().items():
        manifest.append(dict(kind=kind, file=f"{kind}.geojson", source=DEMO[0], licence=DEMO[1], as_of=DEMO[2], demo=True))
        write(kind, features)
    write("substations", substations())
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(manifest)} layers and the substations to {OUT}")


def write(kind, features):
    with open(os.path.join(OUT, f"{kind}.geojson"), "w", encoding="utf-8") as f:
        json.dump(collection(features), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
