// Context for the small maps of the datasheet, the comparison page and the report: the
// municipality boundaries, E6, other main roads and the railway, the conflict layers that
// touch the areas shown, a legend naming each of them (and the areas themselves), and a
// small overview map of the region with the view marked. Everything is read through
// /ogc with the view's bbox, so it works without a background map.
import { getJson } from './http.js';

const L = window.L;

const LINES = {
  e6: { color: '#b03a2e', weight: 4 },
  main_road: { color: '#d68910', weight: 2 },
  railway: { color: '#222', weight: 2, dashArray: '6 4' },
};

// Conflict layers: a colour each, drawn light so the areas stay readable.
const CONFLICTS = {
  farmland: '#c9a100', forest: '#2e7d32', bog: '#6d4c41', protected_nature: '#1b5e20',
  flood_zone: '#1565c0', landslide_hazard: '#8e24aa', quick_clay: '#5d4037', cultural_heritage: '#ad1457',
};

const WORDS = {
  nb: { legend: 'Tegnforklaring', boundary: 'Kommunegrense', overview: 'Oversiktskart' },
  en: { legend: 'Legend', boundary: 'Municipality boundary', overview: 'Overview map' },
};

const bboxOf = (b) => [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');

async function items(collection, bbox) {
  const url = `/ogc/collections/${collection}/items?bbox=${bbox}&limit=2000`;
  return getJson(url).catch(() => null);
}

function swatch(style) {
  const s = document.createElement('span');
  s.className = 'swatch';
  s.style.borderColor = style.color;
  if (style.fill) s.style.background = style.fill;
  if (style.dash) s.style.borderStyle = 'dashed';
  if (style.line) s.classList.add('line');
  return s;
}

// Draw the context under what `map` already shows. `own`: legend entries for the areas
// themselves ({label, color}); `conflicts`: layer kinds touching them. Resolves to the
// legend's entries (label and kind), for tests and print.
// `legendIn`: an element below the map to hold the legend (print); else it sits on the map.
export async function addContext(map, { lang = 'nb', own = [], conflicts = [], legendIn = null } = {}) {
  const w = WORDS[lang] || WORDS.nb;
  if (!map.getPane('context')) map.createPane('context').style.zIndex = 350;
  const bbox = bboxOf(map.getBounds().pad(0.5));
  const infos = await getJson('/api/layers').then((d) => d.layers).catch(() => []);
  const title = (kind) => {
    const i = infos.find((x) => x.kind === kind);
    return i ? (lang === 'nb' ? i.title_nb : i.title_en) : kind;
  };
  const kinds = conflicts.filter((k) => CONFLICTS[k]);
  const [borders, ...docs] = await Promise.all([
    items('municipalities', bbox),
    ...Object.keys(LINES).map((k) => items(`layer-${k}`, bbox)),
    ...kinds.map((k) => items(`layer-${k}`, bbox)),
  ]);
  const legend = [...own.map((o) => ({ label: o.label, style: { color: o.color, fill: `${o.color}66` } }))];
  const draw = (doc, style, label, kind) => {
    if (!doc || !doc.features || !doc.features.length) return;
    L.geoJSON(doc, { pane: 'context', interactive: false, style }).addTo(map);
    legend.push({ label, kind, style: { color: style.color, fill: style.fillOpacity ? style.fillColor : null, dash: !!style.dashArray, line: !style.fillOpacity } });
  };
  kinds.forEach((k, i) => {
    const c = CONFLICTS[k];
    draw(docs[Object.keys(LINES).length + i], { color: c, weight: 1, fillColor: c, fillOpacity: 0.22 }, title(k), k);
  });
  Object.entries(LINES).forEach(([k, style], i) => draw(docs[i], style, title(k), k));
  draw(borders, { color: '#12355b', weight: 2, dashArray: '8 4 2 4', fill: false }, w.boundary, 'municipalities');
  if (legendIn) legendIn.replaceChildren(legendBox(w.legend, legend));
  else addLegend(map, w.legend, legend);
  addOverview(map, w.overview);
  return legend.map((e) => ({ label: e.label, kind: e.kind }));
}

function legendBox(heading, entries) {
  const box = document.createElement('div');
  box.className = 'map-legend';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', heading);
  const h = document.createElement('strong');
  h.textContent = heading;
  const ul = document.createElement('ul');
  for (const e of entries) {
    const li = document.createElement('li');
    if (e.kind) li.dataset.kind = e.kind;
    li.append(swatch(e.style), document.createTextNode(e.label));
    ul.append(li);
  }
  box.append(h, ul);
  return box;
}

function addLegend(map, heading, entries) {
  const control = L.control({ position: 'bottomleft' });
  control.onAdd = () => legendBox(heading, entries);
  control.addTo(map);
}

// A small map of the whole region (the municipalities, no background) with the view
// marked, in the top right corner.
function addOverview(map, label) {
  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    const box = L.DomUtil.create('div', 'map-overview');
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', label);
    return box;
  };
  control.addTo(map);
  const el = control.getContainer();
  const mini = L.map(el, {
    zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
    doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.25,
  }).setView(map.getCenter(), Math.max(map.getZoom() - 4, 5)); // vectors need a view first
  getJson('/ogc/collections/municipalities/items?limit=100').then((doc) => {
    const all = L.geoJSON(doc, { interactive: false, style: { color: '#12355b', weight: 1, fillColor: '#dfe8ef', fillOpacity: 1 } }).addTo(mini);
    const view = L.rectangle(map.getBounds(), { color: '#c0392b', weight: 2, fill: false, interactive: false }).addTo(mini);
    const bounds = all.getBounds().isValid() ? all.getBounds().extend(view.getBounds()) : view.getBounds().pad(4);
    mini.fitBounds(bounds, { animate: false });
    map.on('moveend', () => view.setBounds(map.getBounds()));
  }).catch(() => {}); // without boundaries the overview keeps its first view
}
