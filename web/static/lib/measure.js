// Area in m² as EPSG:25832 measures it (what the server stores as area_gross_m2): a local
// projection on the GRS80 ellipsoid at the ring's latitude, times the square of the UTM 32
// scale factor there. Within a few hundredths of a per cent for areas of a few km².
export function measureM2(latlngRings) {
  const a = 6378137; const e2 = 0.00669438002290;
  let total = 0;
  for (const [outer, ...holes] of latlngRings) {
    for (const [i, ring] of [outer, ...holes].entries()) {
      if (!ring || ring.length < 3) continue;
      const lat0 = (ring.reduce((s, p) => s + p.lat, 0) / ring.length) * Math.PI / 180;
      const lon0 = ring.reduce((s, p) => s + p.lng, 0) / ring.length;
      const w = 1 - e2 * Math.sin(lat0) ** 2;
      const n = a / Math.sqrt(w); const m = (a * (1 - e2)) / w ** 1.5;
      const pts = ring.map((p) => [n * Math.cos(lat0) * (p.lng - lon0) * Math.PI / 180, m * (p.lat * Math.PI / 180 - lat0)]);
      let twice = 0;
      for (let j = 0; j < pts.length; j += 1) {
        const [x1, y1] = pts[j]; const [x2, y2] = pts[(j + 1) % pts.length];
        twice += x1 * y2 - x2 * y1;
      }
      const dl = ((lon0 - 9) * Math.PI) / 180 * Math.cos(lat0);
      const k = 0.9996 * (1 + (dl * dl) / 2);
      total += (i === 0 ? 1 : -1) * Math.abs(twice / 2) * k * k;
    }
  }
  return total;
}
