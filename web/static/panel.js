// The panel of one selected area: its facts in words, the datasheet link, the computed
// facts, the editor's buttons and, for signed-in users, its history.
import { daa as formatDaa, number } from './lib/format.js';
import { fieldLabel } from './lib/labels.js';
import { renderFacts } from './facts.js';

export function createPanel({ state, t, $, label, getJson, editor, search, freshness, publish, closePanel }) {
  function landUseLabel(p) {
    if (p.land_use_code == null) return t('unknown');
    const entry = state.config.codes.land_use?.[p.land_use_list]?.[p.land_use_code];
    return `${p.land_use_code} ${entry ? entry[state.lang] : ''}`.trim();
  }

  function daa(m2) {
    return formatDaa(state.lang, m2) ?? t('unknown');
  }

  function municipalityName(number) {
    const m = state.municipalities?.features.find((f) => f.id === number);
    return m ? `${m.properties.name} (${number})` : number;
  }

  function render(f) {
    const p = f.properties;
    const panel = $('panel');
    panel.hidden = false;
    panel.innerHTML = '';
    const h = document.createElement('h2');
    h.textContent = p.name;
    panel.append(h);
    if (p.demo) {
      const tag = document.createElement('span');
      tag.className = 'demo-tag';
      tag.textContent = t('demoTag');
      panel.append(tag);
    }
    if (p.published === false) {
      const tag = document.createElement('span');
      tag.className = 'unpublished-tag';
      tag.textContent = t('unpublished');
      panel.append(tag);
    }
    const price = p.price_nok_per_m2_min != null
      ? `${number(state.lang, p.price_nok_per_m2_min)}–${number(state.lang, p.price_nok_per_m2_max ?? p.price_nok_per_m2_min)} ${t('perM2')}` : null;
    const rows = [
      [t('reference'), p.reference],
      [t('municipality'), municipalityName(p.municipality)],
      [t('kind'), label('kind', p.kind)],
      [t('readiness'), label('readiness', p.readiness)],
      [t('availability'), label('availability', p.availability) + (p.available_from ? ` (${t('availableFrom').toLowerCase()} ${p.available_from})` : '')],
      [t('gross'), daa(p.area_gross_m2)],
      [t('available'), daa(p.area_available_m2)],
      [t('planStatus'), p.plan_status == null ? t('unknown') : `${p.plan_status} ${label('plan_status', p.plan_status)}`],
      [t('planType'), p.plan_type == null ? t('unknown') : `${p.plan_type} ${label('plan_type', p.plan_type)}`],
      [t('landUse'), landUseLabel(p)],
      [t('landControl'), label('land_control', p.land_control)],
      [t('price'), price],
      [t('contact'), [p.contact_name, p.contact_email, p.contact_phone].filter(Boolean).join(' · ') || null],
      [t('description'), p.description],
    ];
    const dl = document.createElement('dl');
    for (const [k, v] of rows) {
      if (v == null || v === '') continue;
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      dl.append(dt, dd);
    }
    panel.append(dl);
    if (p.published !== false) {
      const sheet = document.createElement('a');
      sheet.id = 'datasheet-link';
      sheet.href = search.datasheetUrl(f.id);
      sheet.textContent = t('search').datasheet;
      panel.append(sheet);
    }
    renderFacts(panel, p, state.lang, t);
    freshness.panelPart(f, panel);
    editor.actions(f, panel);
    publish.actions(f, panel, editor.mayEdit);
    const close = document.createElement('button');
    close.type = 'button';
    close.id = 'close-panel';
    close.textContent = t('close');
    close.addEventListener('click', closePanel);
    panel.append(close);
    if (state.session) renderHistory(f.id, panel);
  }

  // a value as the reader knows it: a code's label, yes/no, a number in the reader's way
  function shown(name, v) {
    if (v == null || v === '') return '–';
    const f = state.config?.fields?.find((x) => x.name === name);
    if (f?.codes) return label(f.codes, v);
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (typeof v === 'number') return v.toLocaleString(state.lang === 'nb' ? 'nb-NO' : 'en-GB');
    return String(v);
  }

  async function renderHistory(id, panel) {
    try {
      const h = await getJson(`/api/areas/${id}/history`);
      if (state.selected !== id) return;
      const title = document.createElement('h3');
      title.textContent = t('history');
      const list = document.createElement('ol');
      list.className = 'history';
      for (const c of h.changes) {
        const li = document.createElement('li');
        const when = new Date(c.changed_at).toLocaleString(state.lang === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
        li.textContent = `v${c.version} ${t('actions')[c.action] || c.action} ${when} – ${c.changed_by}`;
        // each change by its label, old → new
        const changes = document.createElement('ul');
        changes.className = 'history-changes';
        for (const n of c.changed_fields) {
          const item = document.createElement('li');
          const name = fieldLabel(state.config, state.lang, n) || (n === 'geom' ? t('geometry') : n);
          const v = c.values?.[n];
          item.textContent = v ? `${name}: ${shown(n, v.old)} → ${shown(n, v.new)}` : name;
          changes.append(item);
        }
        if (c.changed_fields.length) li.append(changes);
        editor.versionActions(state.features.find((x) => x.id === id), c, li);
        list.append(li);
      }
      panel.append(title, list);
    } catch (_) { /* history is optional decoration */ }
  }

  return { render };
}
