// The reference layers on the map: a list with a checkbox, a legend swatch, and each
// layer's source, licence and date (marked when it is demo data); substations with their
// capacity figures.
import { number, licenceLine } from './lib/format.js';
import { textSpan } from './lib/dom.js';

const STYLE = {
  e6: { color: '#c62828', weight: 4 },
  main_road: { color: '#ef8f00', weight: 2 },
  railway: { color: '#333', weight: 3, dashArray: '8 4' },
  e6_junction: { color: '#c62828', radius: 6 },
  passenger_station: { color: '#1565c0', radius: 6 },
  rail_terminal: { color: '#4e342e', radius: 7 },
  skysstasjon: { color: '#0d47a1', radius: 8 },
  town_centre: { color: '#6a1b9a', radius: 7 },
  farmland: { color: '#9e9d24', fillColor: '#cddc39', fillOpacity: 0.35, weight: 1 },
  protected_nature: { color: '#2e7d32', fillColor: '#66bb6a', fillOpacity: 0.3, weight: 1 },
  flood_zone: { color: '#0277bd', fillColor: '#4fc3f7', fillOpacity: 0.35, weight: 1 },
  landslide_hazard: { color: '#6d4c41', fillColor: '#a1887f', fillOpacity: 0.35, weight: 1 },
  cultural_heritage: { color: '#ad1457', fillColor: '#f48fb1', fillOpacity: 0.4, weight: 1 },
  quick_clay: { color: '#4a148c', fillColor: '#ce93d8', fillOpacity: 0.35, weight: 1 },
  forest: { color: '#1b5e20', fillColor: '#81c784', fillOpacity: 0.25, weight: 1 },
  bog: { color: '#5d4037', fillColor: '#bcaaa4', fillOpacity: 0.35, weight: 1 },
  substations: { color: '#f9a825', radius: 7 },
};

export function createLayers(app) {
  const { map, state, t, $ } = app;
  const L = window.L;
  const shown = new Map();
  let infos = [];

  function overlay(kind, doc) {
    const style = STYLE[kind] || { color: '#555' };
    return L.geoJSON(doc, {
      snapIgnore: true,
      style: () => style,
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...style, fillOpacity: 0.9, fillColor: style.color, color: '#fff', weight: 1.5, snapIgnore: true, className: `layer-${kind}` }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        if (kind !== 'substations') {
          if (p.name) layer.bindTooltip(textSpan(p.name + (p.class ? ` (${p.class})` : '')));
          return;
        }
        const free = p.free_capacity_mw_min != null ? `${number(state.lang, p.free_capacity_mw_min, 1)}–${number(state.lang, p.free_capacity_mw_max, 1)} MW` : t('unknown');
        const mw = (v) => (v == null ? null : `${number(state.lang, v, 1)} MW`);
        const rights = licenceLine(p.rights_holder, p.licence);
        const lines = [`${p.name} (${p.operator})`, `${t('facts').free}: ${free}`,
          ...(p.available_prod_mw != null ? [`${t('facts').prod}: ${mw(p.available_prod_mw)}`] : []),
          ...(p.reserved_cons_mw != null ? [`${t('facts').reserved}: ${mw(p.reserved_cons_mw)}`] : []),
          ...(rights ? [`${t('facts').licence}: ${rights}`] : []),
          `${t('facts').queue}: ${t('facts').queues[p.queue_status] || t('unknown')}`,
          `${t('facts').asOf} ${p.as_of}${p.stale ? ` – ${t('facts').stale}` : ''}${p.demo ? ` (${t('demoTag').toLowerCase()})` : ''}`];
        layer.bindPopup(() => {
          const div = document.createElement('div');
          div.className = 'substation-popup';
          for (const l of lines) { const d = document.createElement('div'); d.textContent = l; div.append(d); }
          div.append(overTime(f));
          if (['admin', 'planner'].includes(state.session?.role)) div.append(editForm(f));
          return div;
        });
      },
    });
  }

  // The station's published figures over time (each import keeps the earlier ones).
  function overTime(f) {
    const box = document.createElement('div');
    box.className = 'substation-over-time';
    app.getJson(`/api/substations/${f.id}/figures`).then((doc) => {
      const points = doc.figures_over_time || [];
      if (points.length < 2) return;
      const h = document.createElement('strong');
      h.textContent = t('facts').overTime;
      const ul = document.createElement('ul');
      const mw = (v) => (v == null ? '–' : `${number(state.lang, v, 1)} MW`);
      for (const { figures: x } of points) {
        const li = document.createElement('li');
        li.textContent = `${x.as_of ?? '–'}: ${t('facts').consumption} ${mw(x.available_cons_mw)}, ${t('facts').production} ${mw(x.available_prod_mw)}`;
        ul.append(li);
      }
      box.append(h, ul);
    }).catch(() => {});
    return box;
  }

  // Planners keep the figures current: a small form in the popup, saved with If-Match.
  function editForm(f) {
    const p = f.properties;
    const tx = t('facts');
    const form = document.createElement('form');
    form.className = 'substation-form';
    const field = (name, label, type = 'number', value = p[name]) => {
      const l = document.createElement('label');
      l.textContent = label;
      const input = document.createElement('input');
      input.name = name; input.type = type; input.value = value ?? '';
      if (type === 'number') input.step = 'any';
      l.append(input);
      form.append(l);
    };
    field('free_capacity_mw_min', `${tx.free} min (MW)`);
    field('free_capacity_mw_max', `${tx.free} maks (MW)`);
    field('available_prod_mw', `${tx.prod} (MW)`);
    field('reserved_cons_mw', `${tx.reserved} (MW)`);
    field('future_capacity_mw_min', `${tx.future} min (MW)`);
    field('future_capacity_mw_max', `${tx.future} maks (MW)`);
    field('measure', tx.measure, 'text');
    field('expected_year', tx.year);
    const queue = document.createElement('select');
    queue.name = 'queue_status';
    for (const q of ['', 'free', 'limited', 'queue']) queue.append(new Option(q ? tx.queues[q] : '', q));
    queue.value = p.queue_status ?? '';
    const ql = document.createElement('label');
    ql.textContent = tx.queue;
    ql.append(queue);
    form.append(ql);
    field('source_url', tx.source, 'url');
    field('as_of', tx.asOf, 'date', new Date().toISOString().slice(0, 10));
    const save = document.createElement('button');
    save.type = 'submit'; save.textContent = t('save');
    const out = document.createElement('div');
    out.className = 'error'; out.setAttribute('role', 'alert');
    form.append(save, out);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const props = {};
      for (const el of form.elements) {
        if (!el.name) continue;
        const v = el.value.trim();
        props[el.name] = v === '' ? null : (el.type === 'number' ? Number(v) : v);
      }
      const res = await fetch(`/api/substations/${f.id}`, {
        method: 'PATCH', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'If-Match': `"${p.version}"`, 'X-CSRF-Token': state.session?.csrf_token || '' },
        body: JSON.stringify({ properties: props }),
      });
      if (!res.ok) {
        let problem = {};
        try { problem = await res.json(); } catch (_) { /* not JSON */ }
        out.textContent = res.status === 412 ? t('stale')
          : (problem.issues || []).map((i) => `${i.field}: ${i.message} — ${i.accepted}`).join('; ') || problem.detail || res.statusText;
        return;
      }
      map.closePopup();
      await toggle('substations', false);
      await toggle('substations', true);
      await app.loadAreas();
    });
    return form;
  }

  async function toggle(kind, on) {
    if (!on) { shown.get(kind)?.remove(); shown.delete(kind); return; }
    const url = kind === 'substations' ? '/api/substations' : `/api/layers/${kind}`;
    const doc = await app.getJson(url);
    const layer = overlay(kind, doc).addTo(map);
    shown.set(kind, layer);
  }

  function title(info) {
    return state.lang === 'nb' ? info.title_nb : info.title_en;
  }

  function render() {
    const box = $('layer-list');
    if (!box) return;
    box.replaceChildren();
    // the municipality boundaries come with arealbank itself (seeds), always loaded
    const boundaries = document.createElement('label');
    boundaries.className = 'layer-row';
    const bInput = document.createElement('input');
    bInput.type = 'checkbox'; bInput.value = 'municipalities'; bInput.checked = map.hasLayer(app.outlines);
    bInput.addEventListener('change', () => (bInput.checked ? app.outlines.addTo(map) : app.outlines.remove()));
    const bSwatch = document.createElement('span');
    bSwatch.className = 'swatch'; bSwatch.style.border = '2px dashed #12355b';
    const bText = document.createElement('span');
    bText.textContent = t('municipalities');
    const bSmall = document.createElement('small');
    bSmall.textContent = `${(state.config?.data_attributions || []).join(', ')} · N1000 · CC BY 4.0 · 2025`;
    boundaries.append(bInput, bSwatch, bText, bSmall);
    box.append(boundaries);
    const rows = [...infos.filter((i) => i.feature_count > 0),
      { kind: 'substations', title_nb: t('substations'), title_en: t('substations'), source: null }];
    for (const info of rows) {
      const label = document.createElement('label');
      label.className = 'layer-row';
      const input = document.createElement('input');
      input.type = 'checkbox'; input.value = info.kind; input.checked = shown.has(info.kind);
      input.addEventListener('change', () => toggle(info.kind, input.checked));
      const swatch = document.createElement('span');
      const st = STYLE[info.kind] || {};
      swatch.className = 'swatch';
      swatch.style.background = st.fillColor || st.color;
      const text = document.createElement('span');
      text.textContent = title(info) + (info.demo ? ` (${t('demoTag').toLowerCase()})` : '');
      label.append(input, swatch, text);
      if (info.source) {
        const small = document.createElement('small');
        small.textContent = `${info.source} · ${info.licence} · ${info.as_of}`;
        label.append(small);
      }
      box.append(label);
    }
  }

  async function load() {
    infos = (await app.getJson('/api/layers')).layers;
    render();
  }

  return { load, render };
}
