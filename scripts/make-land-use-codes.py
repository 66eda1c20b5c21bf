#!/usr/bin/env python3
"""Writes the migration that loads the national arealformål code lists (KP: kommuneplan,
RP: reguleringsplan) with their official labels, from the national plan service's styles
as collected in ../shared/data/formats/plan_codelists_from_dibk_nap_sld.json (derived from
Arkitektum/styles.ft.dibk.no @9dadcdd6 sld/; code → label facts). Run once; the migration
it wrote is frozen once landed. Codes without an English label keep the Norwegian one."""
import json
import sys
from pathlib import Path

src = Path(sys.argv[1] if len(sys.argv) > 1 else
           Path(__file__).resolve().parents[2] / "shared/data/formats/plan_codelists_from_dibk_nap_sld.json")
lists = json.loads(src.read_text())
kp = lists["sld/kommuneplan/kparealformalomrade.sld"]["arealformal"]
rp = lists["sld/reguleringsplan/rparealformalomrade.sld"]["arealformal"]


def q(s):
    return "'" + s.replace("'", "''") + "'"


rows = [(lst, int(code), label) for lst, codes in (("kp", kp), ("rp", rp)) for code, label in codes.items()]
print("""-- The national arealformål lists, complete and with their official labels (the first
-- migration carried 24 codes, three of them with a shortened or wrong label, e.g. kp 1300
-- "Næringsvirksomhet" for "Næringsbebyggelse"). Source: the national plan service's styles
-- (Arkitektum/styles.ft.dibk.no @9dadcdd6 sld/, via ../shared/data/formats/
-- plan_codelists_from_dibk_nap_sld.json: code → label facts). Written by
-- scripts/make-land-use-codes.py. A code's English label is kept where there was one;
-- codes new here carry the Norwegian label in English too until translated.
insert into code_land_use (list, code, label_nb, label_en) values""")
print(",\n".join(f"    ({q(l)}, {c}, {q(lab)}, {q(lab)})" for l, c, lab in rows))
print("on conflict (list, code) do update set label_nb = excluded.label_nb;")
