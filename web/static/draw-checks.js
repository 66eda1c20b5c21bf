// Feedback while a planner draws or edits an outline: a corner that would make the
// outline cross itself is shown (a red ring where it crosses, and why), and an outline
// that overlaps other current areas is warned of with their names and the overlap in m²
// (asked of the server: `POST /api/areas/overlaps`).
import { number } from './lib/format.js';

export function createDrawChecks({ map, state, t, $ }) {
  let ring = null;
  let timer = null;

  function box() {
    return $('draw-warning');
  }

  function crossing(e) {
    const b = box();
    if (!b) return;
    b.querySelector('.crossing').textContent = t('drawChecks').crossing;
    const at = e.intersection;
    if (at && typeof at.lat === 'number') {
      ring?.remove();
      ring = L.circleMarker(at, { radius: 9, color: '#c0392b', weight: 3, fill: false, interactive: false, pmIgnore: true }).addTo(map);
    }
  }
  map.on('pm:intersect', crossing);

  // check the outline once it stops changing for a moment
  function changed(geometry, except) {
    clearTimeout(timer);
    timer = setTimeout(() => overlaps(geometry, except), 300);
  }

  async function overlaps(geometry, except) {
    const b = box();
    if (!b) return;
    const out = b.querySelector('.overlaps');
    if (!geometry) { out.textContent = ''; return; }
    const res = await fetch('/api/areas/overlaps', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.session?.csrf_token || '' },
      body: JSON.stringify({ geometry, except: except || null }),
    });
    if (!res.ok) return;
    const found = (await res.json()).overlaps;
    out.textContent = found.length
      ? `⚠ ${t('drawChecks').overlaps}: ${found.map((o) => `«${o.name}» (${number(state.lang, o.m2)} m²)`).join(', ')}`
      : '';
  }

  // a fresh warning box for the form, and the crossing ring gone
  function element() {
    ring?.remove();
    ring = null;
    const b = document.createElement('div');
    b.id = 'draw-warning';
    b.className = 'draw-warning';
    b.setAttribute('role', 'status');
    b.innerHTML = '<p class="crossing"></p><p class="overlaps"></p>';
    return b;
  }

  function clearCrossing() {
    ring?.remove();
    ring = null;
    const c = box()?.querySelector('.crossing');
    if (c) c.textContent = '';
  }

  return { changed, element, clearCrossing };
}
