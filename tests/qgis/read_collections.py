"""QGIS as a witness: read every collection of an arealbank OGC API with QGIS's own OAPIF
provider (Debian's python3-qgis, headless) and print what QGIS sees as JSON.

usage: read_collections.py BASE_URL [USERNAME TOKEN]
prints {"collections": {id: {"valid": bool, "count": n, "features": [{"id": .., "attributes": {..}}]}}}
"""
import json
import os
import sys
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer  # noqa: E402

base = sys.argv[1].rstrip("/")
user, token = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else (None, None)

app = QgsApplication([], False)
app.initQgis()

with urllib.request.urlopen(base + "/collections") as r:
    ids = [c["id"] for c in json.load(r)["collections"]]

out = {}
for cid in ids:
    uri = QgsDataSourceUri()
    uri.setParam("url", base)
    uri.setParam("typename", cid)
    if user:
        # the connection dialog's user name and password: QGIS sends them as HTTP Basic
        uri.setUsername(user)
        uri.setPassword(token)
    layer = QgsVectorLayer(uri.uri(False), cid, "OAPIF")
    features = []
    if layer.isValid():
        names = [f.name() for f in layer.fields()]
        for f in layer.getFeatures():
            attrs = {}
            for n in names:
                v = f[n]
                if v is None or (hasattr(v, "isNull") and v.isNull()):
                    v = None
                attrs[n] = v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
            features.append({"attributes": attrs, "has_geometry": f.hasGeometry()})
    out[cid] = {
        "valid": layer.isValid(),
        "count": len(features),
        "crs": layer.crs().authid() if layer.isValid() else None,
        "features": features,
    }

print(json.dumps({"collections": out}), flush=True)
# QGIS 3.22 may crash while tearing down headless; what it read is printed already
os._exit(0)
