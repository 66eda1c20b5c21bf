// The datasheet (prospektark) of one published area: every published fact with units,
// plan, power and logistics with their sources and dates, a map of the surroundings,
// quality and contact — one A4 page, printable to PDF from the browser.
import { TEXT } from './i18n.js';
import { number, daa as formatDaa, km as formatKm, licenceLine } from './lib/format.js';
import { getJson } from './lib/http.js';
import { addContext } from './lib/context-map.js';
import { codeLabel, groupLabel } from './lib/labels.js';
import { renderFacts } from './facts.js';
import { renderEnquiryForm } from './enquiry-form.js';
import { $, textSpan } from './lib/dom.js';

const L = window.L;
const params = new URLSearchParams(location.search);
const lang = params.get('lang') || localStorage.getItem('arealbank.lang') || 'nb';
const t = (key) => TEXT[lang][key];
const s = () => t('sheet');
const id = location.pathname.split('/')[2];

let config;
const label = (list, code) => codeLabel(config, lang, list, code, t('unknown'));
const daa = (m2) => formatDaa(lang, m2);
const km = (m) => formatKm(lang, m);

function section(target, title, rows) {
  const shown = rows.filter(([, v]) => v != null && v !== '');
  if (!shown.length) return;
  const h = document.createElement('h3');
  h.textContent = title;
  const dl = document.createElement('dl');
  for (const [k, v] of shown) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    if (v instanceof Node) dd.append(v); else dd.textContent = v;
    dl.append(dt, dd);
  }
  target.append(h, dl);
}

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.rel = 'noopener';
  a.textContent = text;
  return a;
}

function price(p) {
  if (p.price_nok_per_m2_min == null) return null;
  const lo = number(lang, p.price_nok_per_m2_min);
  const hi = number(lang, p.price_nok_per_m2_max ?? p.price_nok_per_m2_min);
  return `${lo === hi ? lo : `${lo}–${hi}`} ${t('perM2')}`;
}

function power(p) {
  if (p.substation_free_mw_min == null) return null;
  const lo = number(lang, p.substation_free_mw_min, 1);
  const hi = number(lang, p.substation_free_mw_max ?? p.substation_free_mw_min, 1);
  const rights = licenceLine(p.substation_rights_holder, p.substation_licence);
  return `${lo === hi ? lo : `${lo}–${hi}`} MW (${p.substation_name}${rights ? `; ${rights}` : ''})`;
}

function renderKey(p) {
  const key = $('key');
  const rows = [
    [t('available'), daa(p.area_available_m2 ?? p.area_gross_m2)],
    [t('readiness'), label('readiness', p.readiness)],
    // a candidate or an idea is no offer: never "ledig"
    [t('availability'), p.kind === 'candidate' || p.readiness === 'idea'
      ? s().futureArea
      : `${label('availability', p.availability)}${p.available_from ? `, ${t('availableFrom').toLowerCase()} ${p.available_from}` : ''}`],
    [s().hazards, ['flood_zone', 'landslide_hazard', 'quick_clay']
      .filter((k) => Number(p[`${k}_share`] || 0) > 0)
      .map((k) => `⚠ ${number(lang, p[`${k}_share`] * 100, 1)} % ${t('search').hazards[k]}`)
      .join(' · ') || s().noHazards],
    [s().freePower, power(p) ?? t('unknown')],
    [t('facts').e6Junction, km(p.e6_junction_m) ?? t('unknown')],
    [t('planStatus'), p.plan_status == null ? t('unknown') : label('plan_status', p.plan_status)],
    [t('price'), price(p) ?? s().priceOnRequest],
  ];
  for (const [k, v] of rows) {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    div.append(dt, dd);
    key.append(div);
  }
}

function renderBasics(p, municipality) {
  const col = $('col-a');
  const yesNo = (v) => (v == null ? null : v ? t('yes') : t('no'));
  section(col, groupLabel(config, lang, 'basics'), [
    [t('reference'), p.reference],
    [t('municipality'), municipality],
    [t('kind'), label('kind', p.kind)],
    [t('gross'), daa(p.area_gross_m2)],
    [t('available'), daa(p.area_available_m2)],
    [s().largestPlot, daa(p.largest_free_plot_m2)],
    [t('readiness'), label('readiness', p.readiness)],
    [t('availability'), label('availability', p.availability)],
    [t('availableFrom'), p.available_from],
  ]);
  const landUse = p.land_use_code == null ? null
    : `${p.land_use_code} ${config.codes.land_use?.[p.land_use_list]?.[p.land_use_code]?.[lang] ?? ''}`.trim();
  const plan = p.plan_url ? link(p.plan_url, p.plan_name || p.plan_id || p.plan_url) : (p.plan_name || null);
  section(col, groupLabel(config, lang, 'plan'), [
    [t('planType'), p.plan_type == null ? null : label('plan_type', p.plan_type)],
    [t('planStatus'), p.plan_status == null ? t('unknown') : `${p.plan_status} ${label('plan_status', p.plan_status)}`],
    [t('landUse'), landUse],
    [s().landUseStatus, p.land_use_status == null ? null : label('land_use_status', p.land_use_status)],
    [s().planId, p.plan_id],
    [s().plan, plan ?? s().noPlanLink],
    [s().utilization, p.utilization_value == null ? null : `${number(lang, p.utilization_value)} ${p.utilization_type ?? ''}`.trim()],
  ]);
  section(col, groupLabel(config, lang, 'ownership'), [
    [t('landControl'), label('land_control', p.land_control)],
    [t('price'), price(p) ?? s().priceOnRequest],
    [s().lease, yesNo(p.lease_possible)],
  ]);
  // every field the field table puts in the utilities group, as its code list or yes/no says
  section(col, groupLabel(config, lang, 'utilities'), config.fields.filter((f) => f.group === 'utilities')
    .map((f) => [f.labels[lang], f.codes ? label(f.codes, p[f.name]) : yesNo(p[f.name])]));
  if (p.kind === 'transformation') {
    section(col, groupLabel(config, lang, 'transformation'), [
      [s().currentUse, p.current_use],
      [s().proposedUse, p.proposed_use],
      [s().outdated, p.outdated == null ? null : `${yesNo(p.outdated)}${p.outdated_cause ? ` – ${p.outdated_cause}` : ''}`],
    ]);
  }
  if (p.description) {
    const h = document.createElement('h3');
    h.textContent = t('description');
    const para = document.createElement('p');
    para.className = 'description';
    para.textContent = p.description;
    col.append(h, para);
  }
}

function renderQuality(p, municipality) {
  const col = $('col-a');
  const contact = [p.contact_name, p.contact_email, p.contact_phone].filter(Boolean).join(' · ');
  section(col, groupLabel(config, lang, 'quality'), [
    [s().quality, label('data_quality', p.data_quality)],
    [s().lastConfirmed, p.last_confirmed ?? s().notConfirmed],
    [s().firstAdded, p.first_added],
    [s().updated, p.updated_at?.slice(0, 10)],
    [s().factsComputed, p.facts_computed_at?.slice(0, 10)],
    [t('contact'), contact || `${municipality}`],
  ]);
}

function renderSources(p, layers) {
  // one line per source, naming the layers it gives and its date
  const groups = new Map();
  for (const l of layers.filter((x) => x.feature_count > 0)) {
    // "…; how it was derived" stays on the map's layer list; here the source suffices
    const source = (l.source ?? '').split(';')[0];
    const key = `${source} | ${l.licence ?? ''} | ${l.as_of ?? ''} | ${l.demo} | ${l.version}`;
    if (!groups.has(key)) groups.set(key, { ...l, source, titles: [] });
    groups.get(key).titles.push(lang === 'nb' ? l.title_nb : l.title_en);
  }
  const foot = $('footer');
  const head = document.createElement('p');
  head.innerHTML = `<strong>${s().sources}</strong>`;
  foot.append(head);
  for (const g of groups.values()) {
    const line = document.createElement('p');
    const version = g.version ? `, ${s().version} ${g.version}` : '';
    // invented layers say so in words, not by the script that made them
    const source = g.demo ? s().demoSource : `${g.source}${g.licence ? `, ${g.licence}` : ''}`;
    line.textContent = `${g.titles.join(', ')}: ${source}${g.as_of ? ` (${s().asOf} ${g.as_of}${version})` : ''}`;
    foot.append(line);
  }
  if (p.zoning_as_of) {
    const line = document.createElement('p');
    line.textContent = `${s().planRegister} (${s().asOf} ${p.zoning_as_of})`;
    foot.append(line);
  }
  if (p.substation_name) {
    const line = document.createElement('p');
    const rights = licenceLine(p.substation_rights_holder, p.substation_licence);
    line.textContent = `${t('facts').power}: ${p.substation_operator ?? ''}${p.substation_source_url ? ` ${p.substation_source_url}` : ''}${rights ? `, ${rights}` : ''}${p.substation_as_of ? ` (${s().asOf} ${p.substation_as_of})` : ''}${p.substation_demo ? ` – ${t('demoTag').toLowerCase()}` : ''}`;
    foot.append(line);
  }
  const url = document.createElement('p');
  url.textContent = `${s().thisSheet}: ${location.href}`;
  foot.append(url);
}

async function renderFit(p) {
  const search = new URLSearchParams(params);
  for (const k of ['lang', 'area', 'map']) search.delete(k);
  if (![...search.keys()].length) return;
  search.set('id', id);
  const doc = await getJson(`/api/search?${search}`);
  const hit = doc.features[0] ?? doc.nearMisses[0];
  const box = $('fit');
  box.hidden = false;
  const h = document.createElement('h2');
  const profile = doc.search.profile.title[lang];
  if (!hit) {
    h.textContent = `${s().fitNone} (${profile})`;
    box.append(h);
    return;
  }
  const info = hit.properties.search;
  h.textContent = `${s().fit} (${profile}): ${number(lang, info.score ?? 0)} / 100`
    + (info.missed ? ` – ${s().misses}: ${info.missed.text[lang]}` : '');
  const ul = document.createElement('ul');
  for (const part of info.parts) {
    const li = document.createElement('li');
    li.textContent = part.text[lang];
    ul.append(li);
  }
  box.append(h, ul);
}

async function drawMap(f, basemap) {
  const map = L.map('sheet-map', { zoomControl: false, attributionControl: true });
  L.tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: 18 }).addTo(map);
  const area = L.geoJSON(f, { style: { color: '#c0392b', weight: 3, fillOpacity: 0.25 } }).addTo(map);
  map.fitBounds(area.getBounds().pad(1.6), { animate: false });
  L.control.scale({ imperial: false }).addTo(map);
  // boundary, roads, railway, the conflict layers that touch the area, legend, overview
  await addContext(map, {
    lang,
    own: [{ label: f.properties.name, color: '#c0392b' }],
    conflicts: Object.keys(f.properties.conflicts || {}),
    legendIn: $('sheet-legend'),
  });
  const points = { e6_junction: '#b03a2e', skysstasjon: '#12355b', town_centre: '#6a3fb5', rail_terminal: '#333', passenger_station: '#333' };
  const kinds = Object.keys(points);
  const docs = await Promise.all(kinds.map((k) => getJson(`/api/layers/${k}`).catch(() => null)));
  docs.forEach((doc, i) => {
    if (!doc) return;
    const kind = kinds[i];
    L.geoJSON(doc, {
      interactive: false,
      pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 5, color: '#fff', weight: 1.5, fillColor: points[kind], fillOpacity: 1 }),
    }).addTo(map);
  });
  const stations = await getJson('/api/substations').catch(() => null);
  if (stations) {
    L.geoJSON(stations, {
      pointToLayer: (g, latlng) => L.marker(latlng, {
        icon: L.divIcon({ className: 'substation-icon', html: '⚡', iconSize: [14, 14] }),
      }).bindTooltip(textSpan(g.properties.name), { permanent: g.properties.name === f.properties.substation_name, direction: 'right' }),
    }).addTo(map);
  }
}

function applyLanguage() {
  document.documentElement.lang = lang === 'nb' ? 'nb' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => {
    const v = t(el.dataset.i18n) ?? s()[el.dataset.i18n];
    if (typeof v === 'string') el.textContent = v;
  });
  $('lang').textContent = lang === 'nb' ? 'English' : 'Norsk';
}

async function start() {
  applyLanguage();
  $('print').addEventListener('click', () => window.print());
  $('lang').addEventListener('click', () => {
    params.set('lang', lang === 'nb' ? 'en' : 'nb');
    location.search = params.toString();
  });
  const mapParams = new URLSearchParams(params);
  mapParams.set('area', id);
  $('back').href = `/?${mapParams}`;
  $('printed').textContent = `${s().printed} ${new Date().toISOString().slice(0, 10)}`;
  config = await getJson('/api/config');
  const [f, municipalities, layers] = await Promise.all([
    getJson(`/ogc/collections/areas/items/${id}`),
    getJson('/ogc/collections/municipalities/items'),
    getJson('/api/layers').then((d) => d.layers).catch(() => []),
  ]);
  const p = f.properties;
  const m = municipalities.features.find((x) => x.id === p.municipality);
  const municipality = m ? `${m.properties.name} kommune (${p.municipality})` : p.municipality;
  document.title = `${p.name} – ${t('sheet').title} – arealbank`;
  $('name').textContent = p.name;
  $('lead').textContent = `${label('kind', p.kind)} · ${municipality} · ${t('reference')} ${p.reference}`;
  if (p.demo || layers.some((l) => l.demo)) {
    $('demo').hidden = false;
    $('demo').textContent = p.demo ? t('demo') : s().demoLayers;
  }
  renderKey(p);
  renderBasics(p, municipality);
  const col = $('col-b');
  renderFacts(col, p, lang, t);
  renderQuality(p, municipality);
  renderSources(p, layers);
  renderEnquiryForm($('enquiry'), id, lang);
  await Promise.all([renderFit(p), drawMap(f, config.basemap)]);
}

// A long description can push the sheet past one A4 page: printing then scales the
// sheet down just enough (to at most 80 %), so "save as PDF" always gives one page.
function fitToPage() {
  const sheet = $('sheet');
  const a4 = (297 / 25.4) * 96 - 2; // CSS pixels, less a rounding margin
  const scale = Math.max(0.8, Math.min(1, a4 / sheet.scrollHeight));
  sheet.style.setProperty('--print-scale', scale.toFixed(3));
}

start()
  .catch((e) => {
    $('error').hidden = false;
    $('error').textContent = `${t('sheet').failed} ${e.message}`;
  })
  .finally(() => {
    fitToPage();
    // tests and print scripts wait for this
    $('sheet').setAttribute('aria-busy', 'false');
    document.body.dataset.ready = 'true';
  });
