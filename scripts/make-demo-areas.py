#!/usr/bin/env python3
"""Writes seeds/demo-areas.geojson: the invented demo areas shipped with arealbank.

Every area is fictitious (outline, facts, contact) and carries "demo": true. Positions are
chosen on land near the E6/county roads of the Lillehammer region; names only borrow
place names. Run again after editing the table below; the output is deterministic.
"""
import json
import math
import random
import sys

# reference, name, municipality, kind, lon, lat, gross daa, extra properties
AREAS = [
    ("3405-N-001", "Fåberg næringspark", "3405", "available", 10.4290, 61.1440, 60,
     dict(readiness="ready", availability="available", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1340,
          land_control="municipal", price_nok_per_m2_min=650, price_nok_per_m2_max=900, water="yes", sewage="yes", fibre="yes")),
    ("3405-N-002", "Storhove næringsområde", "3405", "available", 10.4520, 61.1285, 35,
     dict(readiness="serviced", availability="partly_taken", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1300,
          land_control="developer", price_nok_per_m2_min=900, price_nok_per_m2_max=1200, water="yes", sewage="yes", fibre="yes")),
    ("3405-T-003", "Strandtorget sør", "3405", "transformation", 10.4520, 61.1080, 28,
     dict(readiness="zoned", availability="available", plan_type=20, plan_status=3, land_use_list="kp", land_use_code=1800, land_use_status=3,
          land_control="company", current_use="Handel og parkering på terreng", proposed_use="Kontor, handel og boliger i kvartaler",
          outdated=True, outdated_cause="Lav utnyttelse: store parkeringsflater", water="yes", sewage="yes", district_heating="yes")),
    ("3405-T-004", "Sentrum nord, kvartal ved Mesna", "3405", "transformation", 10.4690, 61.1190, 9,
     dict(readiness="in_planning", availability="available", plan_type=34, plan_status=1, land_use_list="kp", land_use_code=1130, land_use_status=3,
          land_control="mixed", current_use="Eldre verkstedbygg og lager", proposed_use="Kunnskapsbedrifter og kontor nær skysstasjonen",
          outdated=True, outdated_cause="Bygningene er nedslitt og lite egnet", water="yes", sewage="yes", fibre="yes", district_heating="planned")),
    ("3405-N-005", "Rudsbygd næringsområde", "3405", "available", 10.5020, 61.0860, 42,
     dict(readiness="zoned", availability="available", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1350,
          land_control="private", price_nok_per_m2_min=350, price_nok_per_m2_max=500, water="planned", sewage="planned")),
    ("3405-K-006", "Fåberg nord", "3405", "candidate", 10.4300, 61.1650, 120,
     dict(readiness="idea", availability="available", plan_type=20, plan_status=0, land_use_list="kp", land_use_code=5100, land_use_status=1,
          land_control="private", water="unknown", sewage="unknown")),
    ("3405-K-007", "Storhove øst", "3405", "candidate", 10.4640, 61.1350, 80,
     dict(readiness="idea", availability="available", plan_type=20, plan_status=0, land_use_list="kp", land_use_code=5100, land_use_status=1,
          land_control="mixed", water="planned", sewage="planned")),
    ("3405-K-008", "Vingrom", "3405", "candidate", 10.4420, 61.0600, 150,
     dict(readiness="idea", availability="available", plan_type=20, plan_status=0, land_use_list="kp", land_use_code=5100, land_use_status=1,
          land_control="private")),
    ("3405-K-009", "Rudsbygd øst", "3405", "candidate", 10.5150, 61.1000, 95,
     dict(readiness="in_planning", availability="available", plan_type=20, plan_status=2, land_use_list="kp", land_use_code=1300, land_use_status=2,
          land_control="state", water="planned", sewage="planned")),
    ("3405-N-010", "Nordre industriområde (ikke publisert)", "3405", "available", 10.4560, 61.0960, 20,
     dict(readiness="ready", availability="reserved", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1340,
          land_control="company", published=False, internal_notes="Forhandlinger pågår; ikke publiser før avklaring.")),
    ("3440-N-001", "Granrudmoen næringsområde", "3440", "available", 10.4500, 61.2360, 45,
     dict(readiness="ready", availability="available", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1300,
          land_control="municipal", price_nok_per_m2_min=400, price_nok_per_m2_max=550, water="yes", sewage="yes", fibre="yes")),
    ("3440-N-002", "Tingberg industriområde", "3440", "available", 10.4250, 61.2660, 175,
     dict(readiness="serviced", availability="partly_taken", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1340,
          land_control="mixed", price_nok_per_m2_min=300, price_nok_per_m2_max=450, water="yes", sewage="yes")),
    ("3440-N-003", "Tretten næringsområde", "3440", "available", 10.2960, 61.3220, 38,
     dict(readiness="zoned", availability="available", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1300,
          land_control="municipal", water="yes", sewage="planned")),
    ("3440-T-004", "Øyer sentrum, gamle sagbruk", "3440", "transformation", 10.4140, 61.2720, 16,
     dict(readiness="in_planning", availability="available", plan_type=20, plan_status=3, land_use_list="kp", land_use_code=1800, land_use_status=3,
          land_control="company", current_use="Nedlagt sagbruk", proposed_use="Næring og tjenesteyting i sentrum", outdated=True,
          outdated_cause="Virksomheten er nedlagt")),
    ("3441-N-001", "Segalstad bru industriområde", "3441", "available", 10.1700, 61.2150, 70,
     dict(readiness="ready", availability="partly_taken", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1340,
          land_control="company", water="yes", sewage="yes", fibre="yes")),
    ("3441-N-002", "Follebu næringsområde", "3441", "available", 10.2750, 61.2230, 25,
     dict(readiness="zoned", availability="available", plan_type=35, plan_status=3, land_use_list="rp", land_use_code=1300,
          land_control="municipal", price_nok_per_m2_min=250, price_nok_per_m2_max=350, water="yes", sewage="yes")),
    ("3441-T-003", "Follebu vest, tidligere meieri", "3441", "transformation", 10.2450, 61.2120, 12,
     dict(readiness="zoned", availability="available", plan_type=30, plan_status=3, land_use_list="rp", land_use_code=1300,
          land_control="private", current_use="Tidligere meieri, delvis tomt", proposed_use="Småindustri og lager", outdated=True,
          outdated_cause="Bygget står delvis tomt")),
    ("3441-N-004", "Svingvoll næringsområde", "3441", "available", 10.1900, 61.2880, 22,
     dict(readiness="idea", availability="available", plan_type=20, plan_status=3, land_use_list="kp", land_use_code=1300, land_use_status=2,
          land_control="unknown")),
]

CONTACT = {
    "3405": ("Næringsavdelingen, Lillehammer kommune (demo)", "naering.demo@example.no", "+47 00 00 00 01"),
    "3440": ("Plan og næring, Øyer kommune (demo)", "plan.demo@example.no", "+47 00 00 00 02"),
    "3441": ("Næringskontakt, Gausdal kommune (demo)", "naering.gausdal.demo@example.no", "+47 00 00 00 03"),
}


def ring(rng, lon, lat, daa, vertices=8):
    radius = math.sqrt(daa * 1000 / math.pi)
    m_per_deg_lat = 111_320.0
    m_per_deg_lon = m_per_deg_lat * math.cos(math.radians(lat))
    pts = []
    for k in range(vertices):
        a = 2 * math.pi * k / vertices + rng.uniform(-0.25, 0.25)
        r = radius * rng.uniform(0.8, 1.15)
        pts.append([round(lon + r * math.cos(a) / m_per_deg_lon, 6), round(lat + r * math.sin(a) / m_per_deg_lat, 6)])
    pts.append(pts[0])
    return pts


def ring_area_m2(pts):
    """Planar area of a lon/lat ring in m² (local equirectangular; close enough for a demo figure)."""
    lat0 = math.radians(pts[0][1])
    xy = [(p[0] * 111_320.0 * math.cos(lat0), p[1] * 111_320.0) for p in pts]
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(xy, xy[1:]))) / 2


def gross_m2(geometry):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(ring_area_m2(p[0]) - sum(ring_area_m2(h) for h in p[1:]) for p in polys)


def main(out):
    rng = random.Random(73_2025)
    features = []
    for ref, name, muni, kind, lon, lat, daa, extra in AREAS:
        shell = ring(rng, lon, lat, daa)
        if ref == "3440-N-002":  # a second part across the road
            geometry = {"type": "MultiPolygon", "coordinates": [[shell], [ring(rng, lon + 0.006, lat + 0.004, 30, 6)]]}
        elif ref == "3405-N-001":  # a hole: an existing plot inside the area
            hole = ring(rng, lon, lat, 2, 5)
            hole.reverse()
            geometry = {"type": "Polygon", "coordinates": [shell, hole]}
        else:
            geometry = {"type": "Polygon", "coordinates": [shell]}
        gross = gross_m2(geometry)
        contact = CONTACT[muni]
        props = {
            "reference": ref,
            "name": f"{name} (demo)",
            "municipality": muni,
            "kind": kind,
            "published": True,
            "demo": True,
            "data_quality": "indicative",
            "last_confirmed": "2026-10-01",
            "area_available_m2": round(gross * (0.55 if extra.get("availability") == "partly_taken" else 0.8), -2),
            "description": "Eksempeldata: oppdiktet område for demonstrasjon av arealbank. Ikke et reelt tilbud. "
                           "Demo data: an invented area, not a real offer.",
            "contact_name": contact[0],
            "contact_email": contact[1],
            "contact_phone": contact[2],
        }
        if kind == "candidate":
            props["description"] = ("Eksempeldata: mulig alternativ til KPA-revisjonen, jf. Lillehammer kommunestyre sak 73/2025 pkt. 4 "
                                    "(uavhengig av dagens planstatus). Oppdiktet for demonstrasjon. "
                                    "Demo data: an invented alternative for the council's request.")
        props.update(extra)
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    doc = {"type": "FeatureCollection", "name": "arealbank demo areas (invented; demo data)", "features": features}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "seeds/demo-areas.geojson")
