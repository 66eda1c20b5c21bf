// Finding a place: a box for place names (Kartverket N1000, offline), the registry's areas
// and municipalities, and coordinates (latitude/longitude, UTM 32/33); and a readout of the
// pointer's position in latitude/longitude and UTM 32N.
import { number } from './lib/format.js';

// ETRS89 / UTM zone 32N (EPSG:25832) from longitude/latitude: the transverse Mercator
// series on GRS80 (Snyder 1987), millimetres within the zone.
export function utm32(lon, lat) {
  const a = 6378137; const f = 1 / 298.257222101; const k0 = 0.9996;
  const e2 = f * (2 - f); const ep2 = e2 / (1 - e2);
  const phi = (lat * Math.PI) / 180; const dl = ((lon - 9) * Math.PI) / 180;
  const s = Math.sin(phi); const c = Math.cos(phi); const tn = Math.tan(phi);
  const N = a / Math.sqrt(1 - e2 * s * s); const T = tn * tn; const C = ep2 * c * c; const A = c * dl;
  const e4 = e2 * e2; const e6 = e4 * e2;
  const M = a * ((1 - e2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi
    - ((3 * e2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi)
    + ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi)
    - ((35 * e6) / 3072) * Math.sin(6 * phi));
  const x = k0 * N * (A + ((1 - T + C) * A ** 3) / 6 + ((5 - 18 * T + T * T + 72 * C - 58 * ep2) * A ** 5) / 120) + 500000;
  const y = k0 * (M + N * tn * ((A * A) / 2 + ((5 - T + 9 * C + 4 * C * C) * A ** 4) / 24
    + ((61 - 58 * T + T * T + 600 * C - 330 * ep2) * A ** 6) / 720));
  return [x, y];
}

export function createPlaces({ map, state, t, $, getJson, select }) {
  const box = $('place-results');
  let timer = null;
  let marker = null;

  function go(p) {
    box.replaceChildren();
    if (p.kind === 'area' && p.id) { select(p.id, true); return; }
    map.setView([p.lat, p.lon], p.kind === 'municipality' ? 11 : 15);
    marker?.remove();
    marker = window.L.circleMarker([p.lat, p.lon], { radius: 7, color: '#0b57d0', fillOpacity: 0.3, snapIgnore: true }).addTo(map);
  }

  // the configured online place-name service (Kartverket's stedsnavn API format), asked
  // beside the offline names; it may be slow or away: 4 s, then the offline answer stands
  async function online(q) {
    const service = state.config?.place_service;
    if (!service || q.length < 2) return [];
    const ctl = new AbortController();
    const stop = setTimeout(() => ctl.abort(), 4000);
    try {
      const res = await fetch(service.url.replace('{q}', encodeURIComponent(q)), { signal: ctl.signal });
      if (!res.ok) return [];
      const doc = await res.json();
      return (doc.navn || [])
        .filter((n) => n.representasjonspunkt && n.skrivemåte)
        .map((n) => ({
          kind: 'online', name: n.skrivemåte,
          detail: [n.navneobjekttype, ...(n.kommuner || []).map((k) => k.kommunenavn)].filter(Boolean).join(', '),
          lat: n.representasjonspunkt.nord, lon: n.representasjonspunkt.øst,
        }))
        .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
    } catch (_) {
      return [];
    } finally {
      clearTimeout(stop);
    }
  }

  async function find() {
    const q = $('place-q').value.trim();
    if (!q) { box.replaceChildren(); return; }
    const [doc, more] = await Promise.all([getJson(`/api/places?q=${encodeURIComponent(q)}`), online(q)]);
    if ($('place-q').value.trim() !== q) return;
    box.replaceChildren();
    // the online names after the offline ones, without repeating a name already found
    const seen = new Set(doc.places.map((p) => p.name.toLowerCase()));
    doc.places.push(...more.filter((p) => !seen.has(p.name.toLowerCase())).slice(0, 8));
    if (!doc.places.length) {
      const li = document.createElement('li');
      li.textContent = t('placeNone');
      box.append(li);
      return;
    }
    for (const p of doc.places) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `${p.name}${p.detail ? ` (${p.detail})` : ''} · ${t('placeKinds')[p.kind]}`;
      b.addEventListener('click', () => go(p));
      li.append(b);
      box.append(li);
    }
  }

  $('place-q').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => find().catch(() => {}), 250); });
  $('place-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    await find();
    box.querySelector('button')?.click();
  });

  // the pointer's position, for a planner who reads coordinates off a paper map
  map.on('mousemove', (e) => {
    const { lat, lng } = e.latlng;
    const [x, y] = utm32(lng, lat);
    $('coords').textContent = `${number(state.lang, lat, 5)}° N ${number(state.lang, lng, 5)}° Ø · UTM 32: ${number(state.lang, x)} Ø ${number(state.lang, y)} N`;
  });
}
