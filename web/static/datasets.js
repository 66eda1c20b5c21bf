// Admins load the municipality's data in the map: the plan register, the grid operator's
// capacity file and the national layers. A dry run first shows what the file holds and
// every area fact it would change (before → after); then "Last inn" loads it.
import { fieldLabel } from './lib/labels.js';
import { zoningPart } from './facts.js';

export function createDatasets(app) {
  const { state, t, $ } = app;
  const box = $('datasets');
  const form = $('dataset-form');
  let checked = false;

  function render() {
    box.hidden = state.session?.role !== 'admin';
    showFields();
  }

  function showFields() {
    const layer = !['plan', 'grid'].includes(form.elements.what.value);
    for (const el of form.querySelectorAll('.layer-only')) el.hidden = !layer;
  }

  function url(what, dryRun, file) {
    const q = new URLSearchParams();
    if (dryRun) q.set('dry_run', 'true');
    const asOf = form.elements.as_of.value;
    if (what === 'plan') {
      q.set('name', file.name);
      if (asOf) q.set('as_of', asOf);
      return `/api/plans/import?${q}`;
    }
    if (what === 'grid') return `/api/substations/import?${q}`;
    q.set('licence', form.elements.licence.value.trim());
    q.set('as_of', asOf);
    return `/api/layers/${what}/import?${q}`;
  }

  // a fact's value for a reader: shares in per cent, a zoning breakdown and the conflicts in
  // words, other numbers as numbers
  function shown(field, v) {
    const f = t('facts');
    const pct = (x) => `${app.number(state.lang, (x ?? 0) * 100, 1)} %`;
    if (v == null) return '–';
    if (field === 'zoning_parts') return v.length ? v.map((p) => zoningPart(state.lang, f, p)).join(' · ') : '–';
    if (field === 'conflicts') {
      const kinds = Object.entries(v).map(([k, c]) => `${f.layers[k] ?? k} ${pct(c.share)}`);
      return kinds.length ? kinds.join(', ') : f.none;
    }
    if (typeof v === 'number') return field.endsWith('_share') ? pct(v) : app.number(state.lang, v, 1);
    if (typeof v === 'object') return t('ds').detail;
    return String(v);
  }

  async function send(dryRun) {
    const out = $('dataset-result');
    out.replaceChildren();
    const file = form.elements.file.files[0];
    if (!file) { out.textContent = t('chooseFile'); return; }
    const what = form.elements.what.value;
    out.textContent = t('loading');
    const res = await fetch(url(what, dryRun, file), {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': state.session?.csrf_token || '' }, body: file,
    });
    let answer = {};
    try { answer = await res.json(); } catch (_) { /* not JSON */ }
    out.replaceChildren();
    $('dataset-run').disabled = true;
    checked = false;
    if (!res.ok) {
      const p = document.createElement('p');
      p.className = 'error';
      const issues = answer.issues || answer['invalid-params'] || [];
      p.textContent = issues.length ? t('problems')(issues.length) : `${t('failed')}${answer.detail || answer.title || ''}`;
      const ul = document.createElement('ul');
      ul.className = 'error';
      for (const i of issues) {
        const li = document.createElement('li');
        const where = i.feature == null ? '' : `${t('feature')} ${i.feature + 1} · `;
        li.textContent = `${where}${fieldLabel(state.config, state.lang, i.field) ?? i.field ?? i.parameter}: ${i.message}${i.value ? ` («${i.value}»)` : ''} — ${i.accepted}`;
        ul.append(li);
      }
      out.append(p, ul);
      return;
    }
    const ds = t('ds');
    const head = document.createElement('p');
    head.className = dryRun ? 'ok' : 'ok done';
    const summary = answer.layers
      ? answer.layers.map((l) => `${l.kind}: ${l.features}`).join(', ')
      : answer.plans != null ? ds.plans(answer.plans, answer.purposes) : ds.stations(answer.stations.length);
    head.textContent = `${dryRun ? ds.wouldLoad : ds.loaded} ${summary}. ${ds.changes(answer.areas.length)}`;
    out.append(head);
    const ul = document.createElement('ul');
    ul.className = 'dataset-changes';
    for (const s of answer.stations || []) {
      if (s.change === 'unchanged') continue;
      const li = document.createElement('li');
      const mw = (f) => (f?.available_cons_mw == null ? '–' : `${app.number(state.lang, f.available_cons_mw, 1)} MW`);
      li.textContent = `${s.name} (${s.operator}): ${ds.change[s.change]} ${mw(s.before)} → ${mw(s.after)}`;
      ul.append(li);
    }
    for (const a of answer.areas) {
      const li = document.createElement('li');
      const label = fieldLabel(state.config, state.lang, a.field) ?? a.field;
      li.textContent = `${a.reference} ${a.name} · ${label}: ${shown(a.field, a.before)} → ${shown(a.field, a.after)}`;
      ul.append(li);
    }
    out.append(ul);
    if (dryRun) { checked = true; $('dataset-run').disabled = false; } else await app.loadAreas();
  }

  form.addEventListener('change', () => { checked = false; $('dataset-run').disabled = true; showFields(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); send(true); });
  $('dataset-run').addEventListener('click', () => { if (checked) send(false); });
  return { render };
}
