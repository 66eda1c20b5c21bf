// Finding a site: business-type profiles, criteria, where to look, ranked results with
// their score parts and near misses, all kept in the page's URL so a search can be shared.
// The same query string works for /api/search, /feed.atom and the datasheets.
import { buildForm } from './search-form.js';
import { confirmedAge } from './lib/format.js';

// The criteria and the orders come from the server (/api/search/profiles): name, what each
// takes (number with range and unit, readiness, date, codes, utilities) and labels.
const SPATIAL = ['bbox', 'polygon', 'near', 'radius_km'];

export function createSearch({ map, state, t, $, getJson, number, label, select, highlight, onResults }) {
  const L = window.L;
  let profiles = null;
  let result = null; // the last /api/search answer
  let timer = null;
  let drawing = null; // points being clicked for a search polygon, or 'point'
  const shape = L.layerGroup().addTo(map);
  const s = () => t('search');

  const form = () => $('search-form');
  const field = (name) => form().elements[name];
  const criteria = () => profiles.criteria.map((c) => c.name);
  const criterionLabel = (name) => profiles.criteria.find((c) => c.name === name)?.labels[state.lang] ?? name;
  const profileOf = (code) => profiles?.profiles.find((p) => p.code === code) ?? profiles?.general;

  // ---- the form (search-form.js) ----
  function build() {
    buildForm({
      form: form(), profiles, state, t, label, criterionLabel, finishPolygon,
      reset: () => { readUrl(new URLSearchParams()); changed(); },
    });
  }

  function weightInputs(profile, given) {
    const box = $('weight-inputs');
    box.innerHTML = '';
    for (const part of profile.parts) {
      const l = document.createElement('label');
      l.append(`${part.penalty ? '−' : '+'} ${s().factors[part.factor]}`);
      const input = document.createElement('input');
      Object.assign(input, { type: 'number', min: 0, max: 100, step: 'any' });
      input.dataset.factor = part.factor;
      input.dataset.preset = String(part.weight);
      input.value = String(given.get(part.factor) ?? part.weight);
      l.append(input);
      box.append(l);
    }
  }

  // ---- URL <-> form ----
  function readUrl(params) {
    const code = params.get('profile') || 'general';
    const profile = profileOf(code);
    const f = form();
    f.elements.profile.value = profile.code;
    $('profile-about').textContent = state.lang === 'nb' ? profile.about_nb : profile.about_en;
    // the profile's preset first, then what the URL says (an empty value clears it)
    for (const name of criteria()) {
      const preset = profile.preset[name];
      const value = params.has(name) ? params.get(name) : (preset ?? '');
      if (name === 'land_control' || name === 'utilities') {
        const set = new Set(String(Array.isArray(value) ? value.join(',') : value).split(',').filter(Boolean));
        f.querySelectorAll(`input[data-list="${name}"]`).forEach((i) => { i.checked = set.has(i.value); });
      } else {
        f.elements[name].value = value ?? '';
      }
    }
    f.elements.future.checked = params.get('future') === 'true';
    f.elements.sort.value = params.get('sort') || 'fit';
    const given = new Map((params.get('weights') || '').split(',').filter(Boolean).map((w) => {
      const [k, v] = w.split(':');
      return [k, Number(v)];
    }));
    weightInputs(profile, given);
    $('weights').open = given.size > 0;
    state.where = { mode: 'region' };
    if (params.get('bbox')) state.where = { mode: 'view', bbox: params.get('bbox') };
    if (params.get('polygon')) state.where = { mode: 'polygon', polygon: params.get('polygon') };
    if (params.get('near')) state.where = { mode: 'near', near: params.get('near') };
    f.elements.where.value = state.where.mode;
    f.elements.radius_km.value = params.get('radius_km') || '2';
    drawShape();
  }

  // the search's query string, from the form (without map state)
  function query() {
    const f = form();
    const q = new URLSearchParams();
    const profile = profileOf(f.elements.profile.value);
    if (profile.code !== 'general') q.set('profile', profile.code);
    const municipality = $('f-municipality').value;
    if (municipality) q.set('municipality', municipality);
    const kinds = [...document.querySelectorAll('#f-kind input')];
    const checked = kinds.filter((i) => i.checked).map((i) => i.value);
    if (checked.length && checked.length < kinds.length) q.set('kind', checked.join(','));
    for (const name of criteria()) {
      let value;
      if (name === 'land_control' || name === 'utilities') {
        value = [...f.querySelectorAll(`input[data-list="${name}"]:checked`)].map((i) => i.value).join(',');
      } else {
        value = f.elements[name].value;
      }
      // every criterion in force goes into the link, the profile's defaults included; an
      // emptied default is carried as empty (it clears the preset)
      const preset = profile.preset[name];
      const presetText = preset == null ? '' : String(Array.isArray(preset) ? preset.join(',') : preset);
      if (value !== '' || presetText !== '') q.set(name, value);
    }
    if (f.elements.future.checked) q.set('future', 'true');
    if (state.where.mode === 'view' && state.where.bbox) q.set('bbox', state.where.bbox);
    if (state.where.mode === 'polygon' && state.where.polygon) q.set('polygon', state.where.polygon);
    if (state.where.mode === 'near' && state.where.near) {
      q.set('near', state.where.near);
      q.set('radius_km', f.elements.radius_km.value || '2');
    }
    const sort = f.elements.sort.value;
    if (sort !== 'fit') q.set('sort', sort);
    const weights = [...document.querySelectorAll('#weight-inputs input')]
      .filter((i) => i.value !== '' && Number(i.value) !== Number(i.dataset.preset))
      .map((i) => `${i.dataset.factor}:${i.value}`);
    if (weights.length) q.set('weights', weights.join(','));
    return q;
  }

  // a search is shown (instead of the plain list) once anything beyond the filters is set
  function active(q = query()) {
    return [...q.keys()].some((k) => k !== 'municipality' && k !== 'kind');
  }

  function writeUrl(q) {
    const text = q.toString();
    history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}${location.hash}`);
    const suffix = text ? `&${text}` : '';
    $('search-csv').href = `/api/search?f=csv${suffix}`;
    $('search-geojson').href = `/api/search?f=geojson${suffix}`;
    $('search-feed').href = `/feed.atom${text ? `?${text}` : ''}`;
    $('search-share').value = location.href.split('#')[0];
  }

  // ---- where to look ----
  function drawShape() {
    shape.clearLayers();
    const w = state.where;
    if (w.mode === 'polygon' && w.polygon) {
      const pts = w.polygon.split(',').map((p) => p.trim().split(/\s+/).map(Number)).map(([x, y]) => [y, x]);
      L.polygon(pts, { color: '#12355b', weight: 2, dashArray: '4 4', fill: false, interactive: false }).addTo(shape);
    }
    if (w.mode === 'near' && w.near) {
      const [x, y] = w.near.split(',').map(Number);
      const r = Number(form().elements.radius_km.value || 2) * 1000;
      L.circle([y, x], { radius: r, color: '#12355b', weight: 2, dashArray: '4 4', fill: false, interactive: false }).addTo(shape);
      L.circleMarker([y, x], { radius: 4, color: '#12355b', interactive: false }).addTo(shape);
    }
    $('where-hint').textContent = {
      region: '', view: s().hints.view, polygon: w.polygon ? '' : s().hints.polygon, near: w.near ? '' : s().hints.near,
    }[w.mode];
  }

  const round = (v) => Math.round(v * 1e5) / 1e5;
  function viewBbox() {
    const b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(round).join(',');
  }

  function whereChanged() {
    const mode = form().elements.where.value;
    drawing = null;
    $('polygon-done').hidden = true;
    state.where = { mode };
    if (mode === 'view') state.where.bbox = viewBbox();
    if (mode === 'polygon') { drawing = []; $('polygon-done').hidden = false; }
    if (mode === 'near') drawing = 'point';
    drawShape();
    changed();
  }

  function finishPolygon() {
    if (!Array.isArray(drawing) || drawing.length < 3) return;
    state.where.polygon = drawing.map((p) => `${round(p.lng)} ${round(p.lat)}`).join(',');
    drawing = null;
    $('polygon-done').hidden = true;
    drawShape();
    changed();
  }

  map.on('click', (e) => {
    if (drawing === 'point') {
      state.where.near = `${round(e.latlng.lng)},${round(e.latlng.lat)}`;
      drawing = null;
      drawShape();
      changed();
    } else if (Array.isArray(drawing)) {
      drawing.push(e.latlng);
      shape.clearLayers();
      L.polyline(drawing, { color: '#12355b', dashArray: '4 4', interactive: false }).addTo(shape);
    }
  });
  map.on('moveend', () => {
    if (state.where?.mode === 'view') {
      state.where.bbox = viewBbox();
      changed();
    }
  });

  // ---- running and showing ----
  function changed() {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  }

  async function run() {
    const q = query();
    writeUrl(q);
    const on = active(q);
    $('results').hidden = !on;
    $('list').hidden = on;
    $('count').hidden = on;
    if (!on) {
      result = null;
      onResults();
      return;
    }
    $('results-count').textContent = t('loading');
    try {
      result = await getJson(`/api/search?${q}`);
    } catch (e) {
      result = null;
      $('results-count').textContent = `${s().failed} ${e.message}`;
      $('results-list').innerHTML = '';
      onResults();
      return;
    }
    render();
    onResults();
  }

  // "Søket: Logistikk · Minst ledig areal 10 daa · Til E6-kryss høyst 5 km": what a shared
  // link asks, in words
  function summary() {
    const q = query();
    const f = form();
    const profile = profileOf(f.elements.profile.value);
    const parts = [profile.code === 'general' ? s().anyType : (state.lang === 'nb' ? profile.title_nb : profile.title_en)];
    for (const c of profiles?.criteria || []) {
      const v = q.get(c.name);
      const n = Number(v);
      if (v) parts.push(`${criterionLabel(c.name)} ${c.takes === 'number' ? `${number(state.lang, n, Number.isInteger(n) ? 0 : 1)} ${c.unit}` : v}`);
    }
    if (q.get('future')) parts.push(s().future);
    return `${s().summary}: ${parts.join(' · ')}`;
  }

  function render() {
    if (!result) return;
    $('results-summary').textContent = summary();
    $('results-count').textContent = s().counts(result.numberMatched, result.numberNearMisses);
    const list = $('results-list');
    list.innerHTML = '';
    result.features.forEach((f, i) => list.append(item(f, i + 1, false)));
    if (result.nearMisses.length) {
      const h = document.createElement('li');
      h.className = 'near-title';
      h.textContent = s().nearMisses(result.numberNearMisses);
      list.append(h);
      result.nearMisses.forEach((f) => list.append(item(f, null, true)));
    }
  }

  function item(f, rank, near) {
    const p = f.properties;
    const info = p.search;
    const li = document.createElement('li');
    li.dataset.id = f.id;
    li.className = near ? 'result near' : 'result';
    li.tabIndex = 0;
    const head = document.createElement('div');
    head.className = 'result-head';
    const name = document.createElement('span');
    name.className = 'result-name';
    name.textContent = `${rank ? `${rank}. ` : ''}${p.name}`;
    const score = document.createElement('span');
    score.className = 'score';
    score.title = s().scoreTitle;
    score.textContent = info.score == null ? '–' : `${number(state.lang, info.score)}/100`;
    head.append(name, score);
    const facts = document.createElement('small');
    const mw = info.free_mw_min == null ? '' : ` · ${number(state.lang, info.free_mw_min, 1)}–${number(state.lang, info.free_mw_max ?? info.free_mw_min, 1)} MW`;
    facts.textContent = `${number(state.lang, (p.area_available_m2 ?? p.area_gross_m2) / 1000, 1)} daa · ${label('readiness', p.readiness)}${mw}`;
    li.append(head, facts);
    // a candidate or an idea is no offer: said on the card, never "ledig"
    if (p.kind === 'candidate' || p.readiness === 'idea') {
      const tag = document.createElement('div');
      tag.className = 'future-tag';
      tag.textContent = s().futureTag;
      li.append(tag);
    }
    const hazards = ['flood_zone', 'landslide_hazard', 'quick_clay']
      .filter((k) => Number(p[`${k}_share`] || 0) > 0)
      .map((k) => `⚠ ${number(state.lang, p[`${k}_share`] * 100, 1)} % ${s().hazards[k]}`);
    if (hazards.length) {
      const warn = document.createElement('div');
      warn.className = 'hazard';
      warn.textContent = hazards.join(' · ');
      li.append(warn);
    }
    // how fresh the facts are: portals lose trust when entries read "Stand 2012"
    const age = confirmedAge(state.lang, p.last_confirmed, state.config?.confirm_within_days);
    const fresh = document.createElement('div');
    fresh.className = age.due ? 'freshness due' : 'freshness';
    fresh.textContent = `${age.due ? '⚠ ' : ''}${s().factsConfirmed}: ${age.text}`;
    li.append(fresh);
    if (info.missed) {
      const miss = document.createElement('div');
      miss.className = 'missed';
      miss.textContent = `${s().misses}: ${info.missed.text[state.lang]}`;
      li.append(miss);
    }
    const parts = document.createElement('ul');
    parts.className = 'parts';
    for (const part of info.parts) {
      const pl = document.createElement('li');
      pl.textContent = part.text[state.lang];
      if (part.points < 0) pl.className = 'minus';
      parts.append(pl);
    }
    const sheet = document.createElement('a');
    sheet.href = datasheetUrl(f.id);
    sheet.className = 'sheet-link';
    sheet.textContent = s().datasheet;
    sheet.addEventListener('click', (e) => e.stopPropagation());
    li.append(parts, sheet);
    li.addEventListener('click', () => select(f.id, true));
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(f.id, true); });
    li.addEventListener('mouseenter', () => highlight(f.id, true));
    li.addEventListener('mouseleave', () => highlight(f.id, false));
    return li;
  }

  function datasheetUrl(id) {
    const q = query();
    if (state.lang !== 'nb') q.set('lang', state.lang);
    const text = q.toString();
    return `/areas/${id}/datasheet${text ? `?${text}` : ''}`;
  }

  // how an area is drawn while a search is shown: match, near miss or neither
  function classOf(id) {
    if (!result) return null;
    if (result.features.some((f) => f.id === id)) return 'match';
    if (result.nearMisses.some((f) => f.id === id)) return 'near';
    return 'other';
  }

  async function start() {
    profiles = await getJson('/api/search/profiles');
    build();
    const params = new URLSearchParams(location.search);
    if (params.get('municipality')) $('f-municipality').value = params.get('municipality').split(',')[0];
    if (params.get('kind')) {
      const kinds = new Set(params.get('kind').split(','));
      document.querySelectorAll('#f-kind input').forEach((i) => { i.checked = kinds.has(i.value); });
    }
    readUrl(params);
    if (state.where.mode === 'view' && state.where.bbox) {
      const [w, so, e, n] = state.where.bbox.split(',').map(Number);
      map.fitBounds([[so, w], [n, e]], { animate: false });
    }
    form().addEventListener('input', (e) => {
      if (e.target.name === 'where') return;
      if (e.target.name === 'profile') {
        const keep = new URLSearchParams();
        keep.set('profile', e.target.value);
        for (const k of SPATIAL) { if (query().get(k)) keep.set(k, query().get(k)); }
        readUrl(keep);
      }
      if (e.target.name === 'radius_km') drawShape();
      changed();
    });
    form().addEventListener('change', (e) => { if (e.target.name === 'where') whereChanged(); });
    $('search-share-copy').addEventListener('click', async () => {
      $('search-share').select();
      try { await navigator.clipboard.writeText($('search-share').value); } catch (_) { document.execCommand('copy'); }
      $('search-share-copy').textContent = s().copied;
    });
    await run();
  }

  // the language changed: the form is rebuilt from the URL, the results re-rendered
  function relabel() {
    if (!profiles) return;
    build();
    readUrl(new URLSearchParams(location.search));
    render();
  }

  return { start, run: changed, classOf, datasheetUrl, relabel };
}
