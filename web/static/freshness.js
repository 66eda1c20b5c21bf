// Freshness for planners: the areas of their municipalities not confirmed within the
// configured days (`/api/areas/due`), listed with "Bekreft" (one click, recorded in the
// history), flagged on the map, and the same button in the area panel.
import { confirmedAge } from './lib/format.js';

export function createFreshness({ state, t, $, getJson, select, loadAreas }) {
  let due = [];
  const may = () => state.session && state.session.role !== 'viewer';
  const mayEdit = (p) => may() && (state.session.role === 'admin' || state.session.municipalities?.includes(p.municipality));

  async function load() {
    due = [];
    if (may()) {
      try { due = (await getJson('/api/areas/due')).areas; } catch (_) { due = []; }
    }
    render();
  }

  const isDue = (id) => due.some((d) => d.id === id);

  function render() {
    const box = $('due');
    box.hidden = !may();
    $('due-title').textContent = t('freshness').title(due.length);
    const list = $('due-list');
    list.innerHTML = '';
    for (const d of due) {
      const li = document.createElement('li');
      li.dataset.id = d.id;
      const name = document.createElement('button');
      name.type = 'button';
      name.className = 'link';
      name.textContent = d.name;
      name.addEventListener('click', () => select(d.id, true));
      const age = document.createElement('small');
      age.textContent = ` ${confirmedAge(state.lang, d.last_confirmed).text}`;
      const ok = document.createElement('button');
      ok.type = 'button';
      ok.className = 'confirm';
      ok.textContent = t('freshness').confirm;
      ok.setAttribute('aria-label', `${t('freshness').confirm}: ${d.name}`);
      ok.addEventListener('click', () => confirm(d.id, d.name, d.version));
      li.append(name, age, ' ', ok);
      list.append(li);
    }
    $('due-empty').hidden = due.length > 0;
  }

  // confirms the version the planner saw: someone else's change in between is a 412
  async function confirm(id, name, version) {
    const res = await fetch(`/api/areas/${id}/confirm`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRF-Token': state.session?.csrf_token || '', 'If-Match': `"${version}"` },
    });
    const body = await res.json().catch(() => ({}));
    $('due-note').textContent = res.ok ? t('freshness').done(name) : `${t('freshness').failed}${body.detail || res.statusText}`;
    if (res.ok) {
      await load();
      await loadAreas();
    }
    return res.ok;
  }

  // In the area panel: when it was last confirmed, and the button for those who may.
  function panelPart(f, panel) {
    const p = f.properties;
    const age = confirmedAge(state.lang, p.last_confirmed, state.config?.confirm_within_days);
    const line = document.createElement('p');
    line.id = 'confirmed';
    line.className = age.due ? 'confirmed due' : 'confirmed';
    line.textContent = `${age.due ? '⚠ ' : ''}${t('freshness').facts}: ${age.text}`;
    panel.append(line);
    if (!mayEdit(p)) return;
    const ok = document.createElement('button');
    ok.type = 'button';
    ok.id = 'confirm-area';
    ok.textContent = t('freshness').confirmLong;
    ok.addEventListener('click', () => confirm(f.id, p.name, p.version));
    panel.append(ok);
  }

  return { load, render, isDue, panelPart };
}
