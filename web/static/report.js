// The report for the meeting: title, decision reference, date, overview map, the table,
// weights and scores, the method in plain words, data sources with dates and a demo-data
// note — printable to PDF from the browser. Takes the same `?weights=` as the page.
import { number } from './lib/format.js';
import { getJson } from './lib/http.js';
import { textSpan } from './lib/dom.js';
import { codeLabel } from './lib/labels.js';
import { COLOURS, WORDS, METHOD_EN, cell } from './compare-format.js';
import { accountNodes, conflictKinds, pairNodes, sensitivityNodes } from './compare-explain.js';
import { addContext } from './lib/context-map.js';

const L = window.L;
const $ = (id) => document.getElementById(id);
const id = location.pathname.split('/')[2];
const params = new URLSearchParams(location.search);
const lang = params.get('lang') || localStorage.getItem('arealbank.lang') || 'nb';
const w = WORDS[lang];

function text(el, value) {
  $(el).textContent = value;
}

function row(table, cells, head = false) {
  const tr = (head ? table.createTHead() : (table.tBodies[0] || table.createTBody())).insertRow();
  for (const c of cells) {
    const el = document.createElement(head ? 'th' : 'td');
    if (typeof c === 'object' && c) {
      el.textContent = c.text;
      if (c.cls) el.className = c.cls;
    } else {
      el.textContent = c;
    }
    tr.append(el);
  }
  return tr;
}

async function start() {
  document.documentElement.lang = lang;
  const weights = params.get('weights');
  const [doc, config, layers] = await Promise.all([
    getJson(`/api/comparisons/${id}${weights ? `?weights=${encodeURIComponent(weights)}` : ''}`),
    getJson('/api/config'),
    getJson('/api/layers').then((d) => d.layers).catch(() => []),
  ]);
  const q = params.toString();
  const label = (list, code) => codeLabel(config, lang, list, code, w.unknown);
  $('back').href = `/comparisons/${id}${q ? `?${q}` : ''}`;
  text('back', w.backToSet);
  text('print', w.printPdf);
  $('print').addEventListener('click', () => window.print());
  document.title = `${doc.title} – ${w.report}`;
  text('date', `${w.date}: ${new Date().toISOString().slice(0, 10)}`);
  text('title', doc.title);
  text('decision', doc.decision_reference ? `${w.decision}: ${doc.decision_reference}` : '');
  text('description', doc.description || '');
  $('demo').hidden = !doc.demo;
  text('demo', w.demo);
  $('hidden-note').hidden = !doc.hidden_members;
  text('hidden-note', doc.hidden_members ? w.hidden(doc.hidden_members) : '');

  text('map-title', w.map);
  const map = L.map('report-map', { zoomControl: false });
  L.tileLayer(config.basemap.url, { attribution: config.basemap.attribution, maxZoom: 18 }).addTo(map);
  const group = L.featureGroup().addTo(map);
  doc.alternatives.forEach((a, i) => {
    L.geoJSON(a.geometry, { style: { color: COLOURS[i % COLOURS.length], weight: 2, fillOpacity: 0.4 } })
      .bindTooltip(textSpan(`${a.letter}: ${a.facts.name}`), { permanent: true, direction: 'top', className: 'alt-label' })
      .addTo(group);
  });
  if (group.getBounds().isValid()) map.fitBounds(group.getBounds().pad(0.3), { animate: false });
  L.control.scale({ imperial: false }).addTo(map);
  await addContext(map, {
    lang,
    conflicts: conflictKinds(doc),
    legendIn: $('map-legend'),
  });

  text('ranking-title', w.ranking);
  for (const aid of doc.ranking) {
    const a = doc.alternatives.find((x) => x.area_id === aid);
    const li = document.createElement('li');
    li.textContent = `${a.rank}. ${a.letter}: ${a.facts.name} – ${number(lang, a.score, 1)} ${w.points}`;
    $('ranking').append(li);
  }
  $('sensitivity').replaceChildren(...sensitivityNodes(doc, lang, w.sensitivity));
  $('why').replaceChildren(...pairNodes(doc, lang, label));
  $('account').replaceChildren(...accountNodes(doc, lang));

  text('table-title', `${w.criterion} – ${doc.alternatives.map((a) => `${a.letter}: ${a.facts.name}`).join(', ')}`);
  const table = $('table');
  row(table, [w.criterion, ...doc.alternatives.map((a) => a.letter)], true);
  row(table, [w.info.kind, ...doc.alternatives.map((a) => label('kind', a.facts.kind))]);
  row(table, [w.info.plan, ...doc.alternatives.map((a) => (a.facts.plan_status == null ? w.unknown : label('plan_status', a.facts.plan_status)))]);
  row(table, [w.info.land, ...doc.alternatives.map((a) => label('land_control', a.facts.land_control))]);
  for (const c of doc.criteria) {
    const dir = c.direction === 'higher_is_better' ? '↑' : '↓';
    row(table, [`${dir} ${c.title[lang]}`, ...doc.alternatives.map((a, i) => ({
      text: cell(lang, c, a, i, label), cls: c.best.includes(i) ? 'best' : c.worst.includes(i) ? 'worst' : '',
    }))]);
  }
  row(table, [w.score, ...doc.alternatives.map((a) => number(lang, a.score, 1))]);
  row(table, [w.rank, ...doc.alternatives.map((a) => String(a.rank))]);

  text('weights-title', `${w.weightsTitle}${doc.weights.overridden ? ` – ${w.own}` : ''}`);
  const wt = $('weights');
  // the saved weights always, and the tried ones beside them when the report uses others
  const tried = doc.weights.overridden;
  const weightHeads = tried ? [w.savedWeight, w.triedWeight] : [w.weight];
  row(wt, [w.criterion, ...weightHeads, ...doc.alternatives.map((a) => `${a.letter} (${w.points})`)], true);
  for (const c of doc.criteria) {
    const weights = tried ? [number(lang, c.saved_weight, 1), { text: number(lang, c.weight, 1), cls: c.weight !== c.saved_weight ? 'changed' : '' }] : [number(lang, c.weight, 1)];
    row(wt, [c.title[lang], ...weights, ...doc.alternatives.map((a) => number(lang, a.contributions[c.code], 1))]);
  }
  row(wt, [w.score, ...weightHeads.map(() => ''), ...doc.alternatives.map((a) => number(lang, a.score, 1))]);

  text('method-title', w.method);
  text('method', lang === 'nb' ? doc.method : METHOD_EN);
  text('sources-title', w.sources);
  const groups = new Map();
  for (const l of layers.filter((x) => x.feature_count > 0)) {
    const source = (l.source ?? '').split(';')[0];
    const key = `${source}|${l.as_of}|${l.demo}`;
    if (!groups.has(key)) groups.set(key, { ...l, source, titles: [] });
    groups.get(key).titles.push(lang === 'nb' ? l.title_nb : l.title_en);
  }
  for (const g of groups.values()) {
    const p = document.createElement('p');
    p.textContent = `${g.titles.join(', ')}: ${g.source}${g.licence ? `, ${g.licence}` : ''}${g.as_of ? ` (${g.as_of})` : ''}${g.demo ? ` – ${TEXT_DEMO[lang]}` : ''}`;
    $('sources').append(p);
  }
  const stations = doc.alternatives.filter((a) => a.facts.substation_name);
  if (stations.length) {
    const p = document.createElement('p');
    const seen = new Set();
    const list = stations.filter((a) => !seen.has(a.facts.substation_name) && seen.add(a.facts.substation_name))
      .map((a) => `${a.facts.substation_name} (${a.facts.substation_as_of ?? w.unknown}${a.facts.substation_demo ? `, ${TEXT_DEMO[lang]}` : ''})`);
    p.textContent = `${lang === 'nb' ? 'Strømkapasitet per stasjon' : 'Grid capacity per substation'}: ${list.join(', ')}`;
    $('sources').append(p);
  }
  const p = document.createElement('p');
  p.textContent = `${lang === 'nb' ? 'Dette er rapporten for' : 'This is the report of'} ${location.origin}/comparisons/${id}${q ? `?${q}` : ''}`;
  $('sources').append(p);
}

const TEXT_DEMO = { nb: 'eksempeldata', en: 'demo data' };

start()
  .catch((e) => {
    $('error').hidden = false;
    $('error').textContent = e.message;
  })
  .finally(() => {
    $('sheet').setAttribute('aria-busy', 'false');
    document.body.dataset.ready = 'true';
  });
