// The map: areas from the OGC API drawn with Leaflet, a list kept in sync, a fact panel.
import { TEXT } from './i18n.js';
import { number } from './lib/format.js';
import { getJson } from './lib/http.js';
import { textSpan } from './lib/dom.js';
import { codeLabel } from './lib/labels.js';
import { createEditor } from './editor.js';
import { createTransfer } from './transfer.js';
import { createDatasets } from './datasets.js';
import { createPlaces } from './places.js';
import { createLayers } from './layers.js';
import { createSearch } from './search.js';
import { createSets } from './sets.js';
import { createFreshness } from './freshness.js';
import { createPublish } from './publish.js';
import { createEnquiries } from './enquiries.js';
import { createTileMode } from './tiles.js';
import { createAccount } from './account.js';
import { createPanel } from './panel.js';

const L = window.L;
// Geoman edits only the layers the editor opts in (the one being edited); every other
// area stays a snap target (snapIgnore: false).
L.PM.setOptIn(true);
const COLOURS = { available: '#1b7f3b', transformation: '#c05f00', candidate: '#6a3fb5' };
const state = { lang: localStorage.getItem('arealbank.lang') || 'nb', config: null, features: [], layers: new Map(), dots: new Map(), selected: null, session: null, where: { mode: 'region' } };
const t = (key) => TEXT[state.lang][key];
const $ = (id) => document.getElementById(id);

const map = L.map('map', { zoomControl: true, pmIgnore: false }).setView([61.2, 10.4], 10);
const outlines = L.geoJSON(null, { style: { color: '#12355b', weight: 2, fill: false, dashArray: '6 4' }, interactive: false, snapIgnore: true }).addTo(map);
// Business areas are small at region scale: below POINT_ZOOM each also gets a dot.
const POINT_ZOOM = 13;
const points = L.layerGroup();
const areas = L.geoJSON(null, {
  snapIgnore: false,
  style: (f) => ({
    color: COLOURS[f.properties.kind] || '#333', weight: 2, fillOpacity: 0.35, className: `area-polygon area-${f.id}`,
    dashArray: f.properties.published === false ? '5 5' : null,
  }),
  onEachFeature: (f, layer) => {
    state.layers.set(f.id, layer);
    const dot = L.circleMarker(layer.getBounds().getCenter(), {
      radius: 6, color: '#fff', weight: 1.5, fillColor: COLOURS[f.properties.kind] || '#333', fillOpacity: 0.9, className: 'area-point', snapIgnore: true,
    }).bindTooltip(() => textSpan(f.properties.name));
    state.dots.set(f.id, dot);
    for (const target of [layer, dot]) {
      target.on('click', () => select(f.id, target === dot));
      target.on('mouseover', () => highlight(f.id, true));
      target.on('mouseout', () => highlight(f.id, false));
    }
    points.addLayer(dot);
  },
}).addTo(map);
const showPoints = () => (map.getZoom() < POINT_ZOOM ? points.addTo(map) : points.remove());
map.on('zoomend', showPoints);

function label(list, code) {
  return codeLabel(state.config, state.lang, list, code, t('unknown'));
}

async function start() {
  applyLanguage();
  state.config = await getJson('/api/config');
  const base = L.tileLayer(state.config.basemap.url, { attribution: state.config.basemap.attribution, maxZoom: 18 });
  let failures = 0;
  base.on('tileerror', () => { failures += 1; if (failures >= 3) $('basemap-notice').hidden = false; });
  base.on('tileload', () => { failures = 0; $('basemap-notice').hidden = true; });
  base.addTo(map);
  for (const a of state.config.data_attributions) map.attributionControl.addAttribution(`${t('municipalities')}: ${a} (N1000, CC BY 4.0)`);
  $('demo-notice').hidden = !state.config.demo_data;
  addLegend();
  buildFilters();
  state.municipalities = await getJson('/ogc/collections/municipalities/items');
  outlines.addData(state.municipalities);
  for (const f of state.municipalities.features) {
    const o = document.createElement('option');
    o.value = f.id; o.textContent = `${f.properties.name} (${f.id})`;
    $('f-municipality').append(o);
  }
  if (outlines.getBounds().isValid()) map.fitBounds(outlines.getBounds(), { animate: false });
  await account.refresh();
  await loadAreas();
  await search.start();
  sets.load();
  layers.load().catch(() => { /* the map works without reference layers */ });
  const linked = new URLSearchParams(location.hash.slice(1)).get('area');
  if (linked && state.layers.has(linked)) select(linked, true);
}

function addLegend() {
  const legend = L.control({ position: 'bottomleft' });
  legend.onAdd = () => {
    const div = L.DomUtil.create('div', 'legend');
    div.id = 'legend';
    return div;
  };
  legend.addTo(map);
  renderLegend();
}

function renderLegend() {
  const div = $('legend');
  if (!div || !state.config) return;
  div.innerHTML = '';
  const title = document.createElement('strong');
  title.textContent = t('legend');
  div.append(title);
  for (const [kind, colour] of Object.entries(COLOURS)) {
    const row = document.createElement('div');
    row.innerHTML = `<span class="swatch" style="background:${colour}"></span> `;
    row.append(label('kind', kind));
    div.append(row);
  }
  const row = document.createElement('div');
  row.innerHTML = '<span class="swatch" style="border:2px dashed #12355b"></span> ';
  row.append(t('municipalities'));
  div.append(row);
}

function buildFilters() {
  const box = $('f-kind');
  const unchecked = new Set([...box.querySelectorAll('input:not(:checked)')].map((i) => i.value));
  box.querySelectorAll('label').forEach((l) => l.remove());
  for (const kind of Object.keys(COLOURS)) {
    const l = document.createElement('label');
    l.innerHTML = `<input type="checkbox" name="kind" value="${kind}"${unchecked.has(kind) ? '' : ' checked'}> <span class="swatch" style="background:${COLOURS[kind]}"></span> `;
    l.append(label('kind', kind));
    box.append(l);
  }
}

$('filters').addEventListener('change', () => { loadAreas(); search.run(); });

async function loadAreas() {
  const params = new URLSearchParams({ limit: '1000' });
  const municipality = $('f-municipality').value;
  if (municipality) params.set('municipality', municipality);
  const kinds = [...document.querySelectorAll('#f-kind input:checked')].map((i) => i.value);
  $('count').textContent = t('loading');
  state.features = [];
  if (kinds.length > 0 && state.session) {
    // signed in: every current area, unpublished ones too (marked), from the export
    try {
      const all = await getJson('/api/areas/export');
      const today = new Date().toISOString().slice(0, 10);
      state.features = all.features.filter((f) => kinds.includes(f.properties.kind)
        && (!municipality || f.properties.municipality === municipality)
        && (!f.properties.end_date || f.properties.end_date > today));
    } catch (e) {
      $('count').textContent = t('loadFailed') + e.message;
      return;
    }
  } else if (kinds.length > 0) {
    params.set('kind', kinds.join(','));
    let url = `/ogc/collections/areas/items?${params}`;
    try {
      // how many: above the threshold (or beyond the counted 10 000) the map uses tiles
      const one = new URLSearchParams(params);
      one.set('limit', '1');
      const probe = await getJson(`/ogc/collections/areas/items?${one}`);
      if (probe.numberMatched == null || probe.numberMatched > state.config.tile_threshold) {
        state.large = { total: probe.numberMatched, params };
        tiles.show((p) => kinds.includes(p.kind) && (!municipality || p.municipality === municipality));
        await loadInView();
        return;
      }
      state.large = null;
      tiles.hide();
      while (url) {
        const page = await getJson(url);
        state.features.push(...page.features);
        url = page.links.find((l) => l.rel === 'next')?.href;
      }
    } catch (e) {
      $('count').textContent = t('loadFailed') + e.message;
      return;
    }
  }
  state.large = null;
  tiles.hide();
  drawFeatures();
}

function drawFeatures() {
  areas.clearLayers();
  points.clearLayers();
  state.layers.clear();
  state.dots.clear();
  areas.addData({ type: 'FeatureCollection', features: state.features });
  showPoints();
  renderList();
  restyle();
  if (state.selected && !state.layers.has(state.selected)) closePanel();
}

// Tile mode: the tiles show every area; the list (and the outlines that can be selected
// and hovered) are the areas in view once zoomed in far enough.
const LIST_ZOOM = 13;
async function loadInView() {
  if (!state.large) return;
  const { total, params } = state.large;
  state.features = [];
  if (map.getZoom() >= LIST_ZOOM) {
    const b = map.getBounds();
    const q = new URLSearchParams(params);
    q.set('limit', '500');
    q.set('bbox', [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(','));
    try {
      state.features = (await getJson(`/ogc/collections/areas/items?${q}`)).features;
    } catch (e) {
      $('count').textContent = t('loadFailed') + e.message;
      return;
    }
  }
  drawFeatures();
  $('count').textContent = map.getZoom() >= LIST_ZOOM
    ? t('countInView')(state.features.length, total) : t('zoomForList')(total);
}
let viewTimer = null;
map.on('moveend', () => {
  if (!state.large) return;
  clearTimeout(viewTimer);
  viewTimer = setTimeout(loadInView, 250);
});

// In tile mode a click anywhere asks the server which area lies under the pointer (a
// bbox of a few pixels); areas loaded as vectors handle their own clicks.
map.on('click', async (e) => {
  if (!state.large || editor.active() || e.originalEvent?.target?.classList?.contains('area-polygon')) return;
  const p = map.latLngToContainerPoint(e.latlng);
  const sw = map.containerPointToLatLng([p.x - 3, p.y + 3]);
  const ne = map.containerPointToLatLng([p.x + 3, p.y - 3]);
  const q = new URLSearchParams(state.large.params);
  q.set('limit', '1');
  q.set('bbox', [sw.lng, sw.lat, ne.lng, ne.lat].map((v) => v.toFixed(6)).join(','));
  try {
    const hit = (await getJson(`/ogc/collections/areas/items?${q}`)).features[0];
    if (hit) pickFromTile(hit.id);
  } catch (_) { /* nothing under the pointer */ }
});

// A click on a tile: the area may not be loaded yet (zoomed out); fetch it, select it, and
// zoom to it when the map is too far out to list the areas in view.
async function pickFromTile(id) {
  if (!state.features.some((f) => f.id === id)) {
    try {
      state.features.push(await getJson(`/ogc/collections/areas/items/${id}`));
    } catch (e) {
      return;
    }
    drawFeatures();
  }
  select(id, map.getZoom() < LIST_ZOOM);
}

// While a search is shown, matches stay bright, near misses are dashed, the rest fade.
function style(id, on) {
  const f = state.features.find((x) => x.id === id);
  const c = search.classOf(id);
  const sel = on || id === state.selected;
  return {
    weight: sel ? 4 : 2,
    opacity: c === 'other' ? 0.3 : 1,
    fillOpacity: c === 'other' ? 0.04 : c === 'near' ? 0.15 : (sel ? 0.55 : 0.35),
    dashArray: c === 'near' ? '3 5' : (f?.properties.published === false ? '5 5' : null),
    // signed in: an area due for confirmation is outlined in orange
    ...(freshness.isDue(id) ? { color: '#d35400' } : { color: COLOURS[f?.properties.kind] || '#333' }),
  };
}

function restyle() {
  for (const [id, layer] of state.layers) {
    layer.setStyle(style(id, false));
    const c = search.classOf(id);
    state.dots.get(id)?.setStyle({ opacity: c === 'other' ? 0.3 : 1, fillOpacity: c === 'other' ? 0.2 : 0.9 });
  }
}

function renderList() {
  const list = $('list');
  list.innerHTML = '';
  $('count').textContent = t('count')(state.features.length);
  const sorted = [...state.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'nb'));
  for (const f of sorted) {
    const li = document.createElement('li');
    li.dataset.id = f.id;
    li.tabIndex = 0;
    li.innerHTML = `<span class="swatch" style="background:${COLOURS[f.properties.kind]}"></span>`;
    const name = document.createElement('span');
    name.textContent = f.properties.name;
    const size = document.createElement('small');
    size.textContent = `${number(state.lang, f.properties.area_gross_m2 / 1000, 1)} daa`;
    li.append(name, size);
    li.addEventListener('click', () => select(f.id, true));
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(f.id, true); });
    li.addEventListener('mouseenter', () => highlight(f.id, true));
    li.addEventListener('mouseleave', () => highlight(f.id, false));
    if (f.id === state.selected) li.classList.add('active');
    list.append(li);
  }
}

function highlight(id, on) {
  const layer = state.layers.get(id);
  if (layer) layer.setStyle(style(id, on));
  document.querySelectorAll(`li[data-id="${id}"]`).forEach((li) => li.classList.toggle('active', on || id === state.selected));
}

function select(id, zoom) {
  if (editor.active()) return;
  const previous = state.selected;
  state.selected = id;
  if (previous) highlight(previous, false);
  highlight(id, true);
  const f = state.features.find((x) => x.id === id);
  if (!f) return;
  const layer = state.layers.get(id);
  if (zoom && layer) map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [20, 20], animate: false });
  document.querySelector(`#list:not([hidden]) li[data-id="${id}"], #results:not([hidden]) li[data-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
  history.replaceState(null, '', `#area=${id}`);
  panel.render(f);
  // the panel opens at the area's name (on a phone it is a sheet over the map)
  $('panel').scrollTop = 0;
  $('panel').scrollIntoView({ block: 'nearest' });
}

// Phones: the map or the list (the toggle is shown by the stylesheet below 760 px).
function showView(view) {
  document.body.classList.toggle('phone-map', view === 'map');
  document.body.classList.toggle('phone-list', view === 'list');
  $('show-map').setAttribute('aria-pressed', String(view === 'map'));
  $('show-list').setAttribute('aria-pressed', String(view === 'list'));
  if (view === 'map') map.invalidateSize();
}
$('show-map').addEventListener('click', () => showView('map'));
$('show-list').addEventListener('click', () => showView('list'));
showView('map');

function closePanel() {
  const previous = state.selected;
  state.selected = null;
  if (previous) highlight(previous, false);
  $('panel').hidden = true;
  history.replaceState(null, '', location.pathname + location.search);
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  // the server answers in the UI's language (its messages, problems and sign-in errors)
  document.cookie = `arealbank_lang=${state.lang}; path=/; SameSite=Lax`;
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $('lang').textContent = t('other');
}

$('lang').addEventListener('click', () => {
  state.lang = state.lang === 'nb' ? 'en' : 'nb';
  localStorage.setItem('arealbank.lang', state.lang);
  applyLanguage();
  account.render();
  renderLegend();
  buildFilters();
  renderList();
  search.relabel();
  sets.render();
  freshness.render();
  enquiries.render();
  layers.render();
  const f = state.features.find((x) => x.id === state.selected);
  if (f) panel.render(f);
});

const tiles = createTileMode({ map, colours: COLOURS });
const editor = createEditor({ map, state, t, label, $, loadAreas, select, closePanel, getJson, areas });
const transfer = createTransfer({ state, t, $, loadAreas, number });
const datasets = createDatasets({ state, t, $, loadAreas, number });
createPlaces({ map, state, t, $, getJson, select });
const layers = createLayers({ map, state, t, $, getJson, loadAreas, outlines });
const sets = createSets({ state, t, $, getJson });
const freshness = createFreshness({ state, t, $, getJson, select, loadAreas });
const search = createSearch({ map, state, t, $, getJson, number, label, select, highlight, onResults: restyle });
const publish = createPublish({ state, t, loadAreas, select });
const enquiries = createEnquiries({ state, t, $, getJson, select });
const panel = createPanel({ state, t, $, label, getJson, editor, search, freshness, publish, closePanel });
const account = createAccount({
  state, t, $, editor, transfer, datasets,
  async signedIn() {
    await loadAreas();
    await search.start();
    sets.load();
    freshness.load().then(restyle);
    enquiries.load();
    layers.load().catch(() => { /* the map works without reference layers */ });
  },
  async signedOut() {
    closePanel();
    await loadAreas();
    sets.load();
    freshness.load();
    enquiries.load();
  },
});
if (location.pathname === '/login') {
  $('login').hidden = false;
  $('login').elements.username.focus();
}

start().catch((e) => { $('count').textContent = t('loadFailed') + e.message; });
