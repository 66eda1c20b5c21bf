// Import and export in the map: upload GeoJSON, GeoPackage or a zipped Shapefile, see a
// dry run (what would be created, every problem), then import all or nothing; download
// every area one may see as GeoJSON, CSV (WKT) or GeoPackage.

import { fieldLabel } from './lib/labels.js';

export function createTransfer(app) {
  const { state, t, $ } = app;
  const box = $('transfer');
  let checked = null; // the file and options of the last clean dry run

  function render() {
    const s = state.session;
    box.hidden = !s;
    if (!s) return;
    const mayImport = ['admin', 'planner'].includes(s.role);
    $('import-form').hidden = !mayImport;
    for (const a of box.querySelectorAll('a[data-format]')) a.href = `/api/areas/export?format=${a.dataset.format}`;
  }

  function options() {
    const form = $('import-form');
    return { file: form.elements.file.files[0], crs: form.elements.crs.value, layer: form.elements.layer.value.trim() };
  }

  async function send(dryRun) {
    const o = options();
    const out = $('import-result');
    out.replaceChildren();
    if (!o.file) { out.textContent = t('chooseFile'); return; }
    const q = new URLSearchParams();
    if (dryRun) q.set('dry_run', 'true');
    if (o.layer) q.set('layer', o.layer);
    const headers = { 'X-CSRF-Token': state.session?.csrf_token || '' };
    if (o.crs) headers['Content-Crs'] = o.crs;
    out.textContent = t('loading');
    const res = await fetch(`/api/areas/import?${q}`, { method: 'POST', credentials: 'same-origin', headers, body: o.file });
    let answer = {};
    try { answer = await res.json(); } catch (_) { /* not JSON */ }
    out.replaceChildren();
    $('import-run').disabled = true;
    if (!res.ok) { problems(answer, out); checked = null; return; }
    const created = dryRun ? answer.would_create : answer.created;
    const updated = dryRun ? answer.would_update : answer.updated;
    const p = document.createElement('p');
    p.className = dryRun ? 'ok' : 'ok done';
    p.textContent = t(dryRun ? 'wouldImport' : 'imported')(created.length, updated.length, answer.unchanged.length, answer.format, answer.crs);
    const ul = document.createElement('ul');
    for (const [list, mark] of [[created, '+'], [updated, '~']]) {
      for (const a of list) {
        const li = document.createElement('li');
        li.textContent = `${mark} ${a.reference} ${a.name} (${app.number(state.lang, a.area_gross_m2 / 1000, 1)} daa)`
          + (a.changed_fields ? `: ${a.changed_fields.join(', ')}` : '');
        ul.append(li);
      }
    }
    out.append(p, ul);
    if (answer.ignored_properties?.length) {
      const i = document.createElement('p');
      i.textContent = t('ignored') + answer.ignored_properties.join(', ');
      out.append(i);
    }
    if (dryRun) {
      checked = o;
      $('import-run').disabled = false;
    } else {
      checked = null;
      $('import-form').reset();
      await app.loadAreas();
    }
  }

  function problems(answer, out) {
    const p = document.createElement('p');
    p.className = 'error';
    const issues = answer.issues || [];
    p.textContent = issues.length ? t('problems')(issues.length) : `${t('failed')}${answer.detail || answer.title || ''}`;
    out.append(p);
    const ul = document.createElement('ul');
    ul.className = 'error';
    for (const i of issues) {
      const li = document.createElement('li');
      const where = i.feature == null ? t('file') : `${t('feature')} ${i.feature + 1}${i.reference ? ` (${i.reference})` : ''}`;
      li.textContent = `${where} · ${fieldLabel(state.config, state.lang, i.field) ?? i.field}: ${i.message}${i.value ? ` («${i.value}»)` : ''} — ${i.accepted}`;
      ul.append(li);
      if (i.field === 'crs') $('import-crs').classList.add('invalid');
      if (i.field === 'layer') $('import-layer-row').hidden = false;
    }
    out.append(ul);
  }

  $('import-form').addEventListener('change', (e) => {
    if (e.target.name === 'crs') e.target.classList.remove('invalid');
    checked = null;
    $('import-run').disabled = true;
  });
  $('import-form').addEventListener('submit', (e) => { e.preventDefault(); send(true); });
  $('import-run').addEventListener('click', () => { if (checked) send(false); });
  return { render };
}
