// A comparison set side by side: criteria as rows, alternatives as columns, the best and
// weakest value in each row marked, weights as sliders (tried without saving, shared by
// link), scores with every criterion's contribution, the ranking, why the first is first,
// and whether the ranking holds when a weight moves ±20 %. Planners edit the set here.
import { TEXT } from './i18n.js';
import { number } from './lib/format.js';
import { api } from './lib/http.js';
import { codeLabel } from './lib/labels.js';
import { $, textSpan } from './lib/dom.js';
import { COLOURS, WORDS, METHOD_EN, cell } from './compare-format.js';
import { accountNodes, conflictKinds, pairNodes, sensitivityNodes } from './compare-explain.js';
import { addContext } from './lib/context-map.js';

const L = window.L;
const id = location.pathname.split('/')[2];
const params = new URLSearchParams(location.search);
const lang = params.get('lang') || localStorage.getItem('arealbank.lang') || 'nb';
const w = WORDS[lang];
const state = { doc: null, session: null, weights: params.get('weights') || '', timer: null, config: null };

function query(extra = {}) {
  const q = new URLSearchParams();
  if (state.weights) q.set('weights', state.weights);
  if (lang !== 'nb') q.set('lang', lang);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

async function load() {
  const { body } = await api(`/api/comparisons/${id}${state.weights ? `?weights=${encodeURIComponent(state.weights)}` : ''}`);
  state.doc = body;
  render();
}

// ---- rendering ----
function render() {
  const d = state.doc;
  document.title = `${d.title} – arealbank`;
  $('title').textContent = d.title;
  $('decision').textContent = d.decision_reference ? `${w.decision}: ${d.decision_reference}` : '';
  $('description').textContent = d.description || '';
  $('demo').hidden = !d.demo;
  $('demo').textContent = w.demo;
  $('visibility').textContent = w.visibility[d.visibility];
  $('hidden-note').hidden = !d.hidden_members;
  $('hidden-note').textContent = d.hidden_members ? w.hidden(d.hidden_members) : '';
  $('report-link').href = `/comparisons/${id}/report${query()}`;
  $('report-link').textContent = w.report;
  $('csv-link').href = `/api/comparisons/${id}${query({ f: 'csv' })}`;
  $('csv-link').textContent = w.csv;
  $('share').value = `${location.origin}/comparisons/${id}${query()}`;
  history.replaceState(null, '', `/comparisons/${id}${query()}`);
  $('own-weights').hidden = !d.weights.overridden;
  $('own-weights').textContent = w.own;
  $('reset').hidden = !d.weights.overridden;
  $('save-weights').hidden = !(d.weights.overridden && d.may_edit && state.session);
  renderRanking();
  renderTable();
  $('method').textContent = lang === 'nb' ? d.method : METHOD_EN;
}

function renderRanking() {
  const d = state.doc;
  $('ranking-title').textContent = w.ranking;
  const ol = $('ranking');
  ol.innerHTML = '';
  for (const aid of d.ranking) {
    const a = d.alternatives.find((x) => x.area_id === aid);
    const li = document.createElement('li');
    li.dataset.id = a.area_id;
    li.textContent = `${a.rank}. ${a.letter}: ${a.facts.name} – ${number(lang, a.score, 1)}`;
    ol.append(li);
  }
  $('sensitivity').replaceChildren(...sensitivityNodes(d, lang, w.sensitivity));
  $('why').replaceChildren(...pairNodes(d, lang, label));
  $('account').replaceChildren(...accountNodes(d, lang));
}

function renderTable() {
  const d = state.doc;
  const table = $('table');
  // a weight moved by keyboard keeps the focus across the re-render, so the next arrow
  // press moves it again
  const focused = table.contains(document.activeElement) ? document.activeElement.dataset.code : null;
  table.innerHTML = '';
  const head = table.createTHead().insertRow();
  for (const text of [w.criterion, w.weight]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  d.alternatives.forEach((a, i) => {
    const th = document.createElement('th');
    th.className = 'alt';
    th.innerHTML = `<span class="letter" style="background:${COLOURS[i % COLOURS.length]}">${a.letter}</span> `;
    const link = document.createElement('a');
    link.href = a.links.datasheet;
    link.textContent = a.facts.name;
    const mini = document.createElement('div');
    mini.className = 'mini';
    mini.id = `mini-${i}`;
    th.append(link, mini);
    head.append(th);
  });
  const body = table.createTBody();
  const info = [
    [w.info.kind, (a) => label('kind', a.facts.kind)],
    [w.info.municipality, (a) => a.facts.municipality],
    [w.info.plan, (a) => (a.facts.plan_status == null ? w.unknown : label('plan_status', a.facts.plan_status))],
    [w.info.land, (a) => label('land_control', a.facts.land_control)],
    [w.info.note, (a) => a.note || ''],
  ];
  for (const [name, value] of info) {
    const tr = body.insertRow();
    tr.className = 'info';
    const th = document.createElement('th');
    th.colSpan = 2;
    th.textContent = name;
    tr.append(th);
    for (const a of d.alternatives) tr.insertCell().textContent = value(a);
  }
  for (const c of d.criteria) {
    const tr = body.insertRow();
    tr.dataset.code = c.code;
    const th = document.createElement('th');
    th.innerHTML = '<span class="name"></span><small class="dir"></small>';
    th.querySelector('.name').textContent = c.title[lang];
    th.querySelector('.dir').textContent = `${c.direction === 'higher_is_better' ? '↑' : '↓'} ${c.direction === 'higher_is_better' ? w.up : w.down}`;
    tr.append(th);
    const wc = tr.insertCell();
    wc.className = 'weight';
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: 0, max: 10, step: 0.5, value: c.weight });
    slider.setAttribute('aria-label', `${w.weight}: ${c.title[lang]}`);
    slider.dataset.code = c.code;
    const out = document.createElement('output');
    out.textContent = number(lang, c.weight, 1);
    slider.addEventListener('input', () => { out.textContent = number(lang, Number(slider.value), 1); weightsChanged(); });
    wc.append(slider, out);
    d.alternatives.forEach((a, i) => {
      const td = tr.insertCell();
      td.className = c.best.includes(i) ? 'best' : c.worst.includes(i) ? 'worst' : '';
      td.textContent = cell(lang, c, a, i, label);
      if (td.className) td.title = td.className === 'best' ? w.best : w.worst;
      const pts = document.createElement('small');
      pts.className = 'pts';
      pts.textContent = `${number(lang, a.contributions[c.code], 1)} ${w.points}`;
      td.append(pts);
    });
  }
  const foot = table.createTFoot();
  for (const [name, key] of [[w.score, 'score'], [w.rank, 'rank']]) {
    const tr = foot.insertRow();
    const th = document.createElement('th');
    th.colSpan = 2;
    th.textContent = name;
    tr.append(th);
    for (const a of d.alternatives) {
      const td = tr.insertCell();
      td.className = key;
      td.dataset.id = a.area_id;
      td.textContent = key === 'score' ? number(lang, a.score, 1) : String(a.rank);
    }
  }
  if (focused) table.querySelector(`input[data-code='${focused}']`)?.focus();
  drawMiniMaps();
}

function label(list, code) {
  return codeLabel(state.config, lang, list, code, w.unknown);
}

// ---- weights ----
function weightsChanged() {
  const d = state.doc;
  const saved = d.weights.saved;
  const changed = [...document.querySelectorAll('#table input[type=range]')]
    .filter((s) => Number(s.value) !== Number(saved[s.dataset.code]))
    .map((s) => `${s.dataset.code}:${s.value}`);
  state.weights = changed.join(',');
  clearTimeout(state.timer);
  state.timer = setTimeout(() => load().catch(showError), 200);
}

$('reset').addEventListener('click', () => { state.weights = ''; load().catch(showError); });
$('save-weights').addEventListener('click', async () => {
  const d = state.doc;
  try {
    await saveSet({ weights: d.weights.used });
    state.weights = '';
    await load();
    $('save-note').textContent = w.saved;
  } catch (e) { showError(e); }
});

// ---- maps ----
let overview = null;
function drawOverview() {
  const d = state.doc;
  overview = L.map('overview', { attributionControl: true });
  L.tileLayer(state.config.basemap.url, { attribution: state.config.basemap.attribution, maxZoom: 18 }).addTo(overview);
  const group = L.featureGroup().addTo(overview);
  d.alternatives.forEach((a, i) => {
    L.geoJSON(a.geometry, { style: { color: COLOURS[i % COLOURS.length], weight: 2, fillOpacity: 0.35 } })
      .bindTooltip(textSpan(`${a.letter}: ${a.facts.name}`), { permanent: true, direction: 'top', className: 'alt-label' })
      .addTo(group);
  });
  if (group.getBounds().isValid()) overview.fitBounds(group.getBounds().pad(0.3), { animate: false });
  addContext(overview, {
    lang,
    conflicts: conflictKinds(d),
    legendIn: $('overview-legend'),
  });
}

function drawMiniMaps() {
  state.doc.alternatives.forEach((a, i) => {
    const el = $(`mini-${i}`);
    if (!el || !a.geometry) return;
    const m = L.map(el, { zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false });
    L.tileLayer(state.config.basemap.url, { maxZoom: 18 }).addTo(m);
    const layer = L.geoJSON(a.geometry, { style: { color: COLOURS[i % COLOURS.length], weight: 2, fillOpacity: 0.35 } }).addTo(m);
    m.fitBounds(layer.getBounds().pad(0.4), { animate: false });
  });
}

// ---- editing (planners) ----
async function saveSet(changes) {
  const d = state.doc;
  const body = {
    municipality: d.municipality, title: d.title, description: d.description, decision_reference: d.decision_reference,
    visibility: d.visibility, weights: d.weights.saved,
    members: d.alternatives.map((a) => ({ area_id: a.area_id, note: a.note })),
    ...changes,
  };
  try {
    await api(`/api/comparisons/${id}`, {
      method: 'PUT', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${d.version}"`, 'X-CSRF-Token': state.session.csrf_token },
    });
  } catch (e) {
    if (e.status === 412) throw new Error(w.stale);
    const issues = e.body?.issues?.map((i) => `${i.field}: ${i.message}`).join('; ');
    throw new Error(`${w.failed}${issues || e.message}`);
  }
}

async function renderEdit() {
  const d = state.doc;
  if (!(d.may_edit && state.session)) return;
  $('edit').hidden = false;
  $('edit-title').textContent = w.edit;
  const f = $('edit-form');
  f.innerHTML = '';
  const field = (name, text, value, tag = 'input') => {
    const l = document.createElement('label');
    l.append(text);
    const input = document.createElement(tag);
    input.name = name;
    input.value = value ?? '';
    l.append(input);
    f.append(l);
    return input;
  };
  field('title', w.title, d.title);
  field('decision_reference', w.reference, d.decision_reference);
  field('description', w.description, d.description, 'textarea');
  const vis = field('visibility', w.visibilityLabel, '', 'select');
  for (const v of ['draft', 'viewers', 'public']) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = w.visibility[v];
    vis.append(o);
  }
  vis.value = d.visibility;
  const h = document.createElement('h3');
  h.textContent = w.members;
  const list = document.createElement('ol');
  list.id = 'members';
  f.append(h, list);
  const members = d.alternatives.map((a) => ({ area_id: a.area_id, name: a.facts.name, note: a.note || '' }));
  const all = await api('/api/areas/export').then((r) => r.body.features).catch(() => []);
  const drawMembers = () => {
    list.innerHTML = '';
    members.forEach((m, i) => {
      const li = document.createElement('li');
      li.dataset.id = m.area_id;
      const name = document.createElement('span');
      name.textContent = m.name;
      const note = document.createElement('input');
      note.value = m.note;
      note.placeholder = w.info.note;
      note.addEventListener('input', () => { m.note = note.value; });
      const btn = (text, fn) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = text;
        b.addEventListener('click', () => { fn(); drawMembers(); });
        return b;
      };
      li.append(name, note,
        btn(w.moveUp, () => { if (i > 0) [members[i - 1], members[i]] = [members[i], members[i - 1]]; }),
        btn(w.moveDown, () => { if (i < members.length - 1) [members[i + 1], members[i]] = [members[i], members[i + 1]]; }),
        btn(w.remove, () => members.splice(i, 1)));
      list.append(li);
    });
  };
  drawMembers();
  const add = document.createElement('select');
  add.id = 'add-member';
  add.innerHTML = `<option value="">${w.add} …</option>`;
  for (const a of all.sort((x, y) => x.properties.name.localeCompare(y.properties.name, 'nb'))) {
    const o = document.createElement('option');
    o.value = a.id;
    o.textContent = `${a.properties.name} (${a.properties.reference})`;
    add.append(o);
  }
  add.addEventListener('change', () => {
    const a = all.find((x) => x.id === add.value);
    if (a && !members.some((m) => m.area_id === a.id)) members.push({ area_id: a.id, name: a.properties.name, note: '' });
    add.value = '';
    drawMembers();
  });
  f.append(add);
  const save = document.createElement('button');
  save.type = 'submit';
  save.textContent = w.saveSet;
  const note = document.createElement('p');
  note.id = 'edit-note';
  note.setAttribute('role', 'status');
  f.append(save, note);
  f.onsubmit = async (e) => {
    e.preventDefault();
    try {
      await saveSet({
        title: f.elements.title.value, decision_reference: f.elements.decision_reference.value || null,
        description: f.elements.description.value || null, visibility: f.elements.visibility.value,
        members: members.map((m) => ({ area_id: m.area_id, note: m.note || null })),
      });
      location.reload();
    } catch (err) { note.textContent = err.message; }
  };
}

function showError(e) {
  $('error').hidden = false;
  $('error').textContent = e.message;
}

async function start() {
  document.documentElement.lang = lang;
  $('back').textContent = w.back;
  $('share-label').textContent = w.share;
  $('reset').textContent = w.reset;
  $('save-weights').textContent = w.save;
  $('method-title').textContent = w.method;
  $('lang').textContent = lang === 'nb' ? 'English' : 'Norsk';
  $('lang').addEventListener('click', () => {
    localStorage.setItem('arealbank.lang', lang === 'nb' ? 'en' : 'nb');
    const q = new URLSearchParams(location.search);
    q.delete('lang');
    location.search = q.toString();
  });
  state.session = await api('/api/session').then((r) => r.body).catch(() => null);
  if (state.session) $('who').textContent = `${state.session.username} (${TEXT[lang].roles[state.session.role] || state.session.role})`;
  state.config = (await api('/api/config')).body;
  await load();
  drawOverview();
  await renderEdit();
}

start()
  .catch(showError)
  .finally(() => {
    $('page').setAttribute('aria-busy', 'false');
    document.body.dataset.ready = 'true';
  });
