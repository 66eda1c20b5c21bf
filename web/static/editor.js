// Editing areas on the map: Leaflet-Geoman for the outline, a form with every field, and
// the OGC API Part 4 write endpoints (POST, PATCH with If-Match, DELETE ends the area).
import { number } from './lib/format.js';
import { createDrawChecks } from './draw-checks.js';
import { nameMapControls } from './lib/a11y.js';
import { fieldLabel } from './lib/labels.js';
import { measureM2 } from './lib/measure.js';

const L = window.L;

// The form: the fields the server's field table puts in it (/api/config `fields`, each with
// its group, input and labels), group by group in the order of `field_groups`.
function formGroups(config) {
  return config.field_groups
    .map((g) => [g, config.fields.filter((f) => f.group === g.id)])
    .filter(([, fields]) => fields.length);
}
// Input types: text, textarea, url, email, number, date, bool (checkbox), tri (yes/no/unknown),
// code:<list> (a dropdown of the code list), municipality, land_use (depends on the list).
const inputType = (f) => (f.input === 'code' ? `code:${f.codes}` : f.input);

// Leaflet latlngs of a polygon layer as a list of polygons (each a list of rings).
function polygonsOf(layer) {
  const ll = layer.getLatLngs();
  if (!ll.length) return [];
  if (ll[0] instanceof L.LatLng) return [[ll]];
  if (ll[0][0] instanceof L.LatLng) return [ll];
  return ll;
}

export function createEditor(app) {
  const { map, state, t, label, $ } = app;
  const edit = { group: null, feature: null, changed: false, working: null, version: null };
  const csrf = () => ({ 'X-CSRF-Token': state.session?.csrf_token || '' });
  let named = false; // the toolbar and corner markers get accessible names once
  const checks = createDrawChecks(app);

  function mayEdit(municipality) {
    const s = state.session;
    return Boolean(s) && (s.role === 'admin' || (s.role === 'planner' && s.municipalities.includes(municipality)));
  }
  const mayCreate = () => ['admin', 'planner'].includes(state.session?.role);

  function outlineM2() {
    const rings = [];
    edit.group?.eachLayer((l) => rings.push(...polygonsOf(l)));
    if (edit.working) {
      const pts = [...edit.working.getLatLngs()];
      if (edit.cursor) pts.push(edit.cursor);
      rings.push([pts]);
    }
    return measureM2(rings);
  }

  function showArea() {
    const out = $('drawn-area');
    if (!out) return;
    const m2 = outlineM2();
    out.textContent = `${number(state.lang, m2 / 1000, 1)} daa (${number(state.lang, m2)} m²)`;
    out.dataset.m2 = String(Math.round(m2));
    if (!edit.working) checks.changed(edit.group && geometry(), edit.feature?.id);
  }

  function adopt(layer) {
    layer.options.pmIgnore = false;
    L.PM.reInitLayer(layer);
    edit.group.addLayer(layer);
    layer.pm.enable({ snappable: true, allowSelfIntersection: false });
    layer.on('pm:intersect', (e) => map.fire('pm:intersect', e)); // editing: shown like drawing
  }

  map.on('pm:drawstart', (e) => {
    if (!edit.group) return;
    edit.working = e.workingLayer;
    edit.working.on('pm:vertexadded', () => { checks.clearCrossing(); showArea(); });
  });
  map.on('mousemove', (e) => { if (edit.working) { edit.cursor = e.latlng; showArea(); } });
  map.on('pm:drawend', () => { edit.working = null; edit.cursor = null; showArea(); });
  map.on('pm:create', (e) => {
    if (!edit.group) return;
    edit.changed = true;
    adopt(e.layer);
    showArea();
  });
  map.on('pm:cut', (e) => {
    if (!edit.group) return;
    edit.group.removeLayer(e.originalLayer);
    edit.changed = true;
    adopt(e.layer);
    showArea();
  });
  map.on('pm:remove', (e) => {
    if (!edit.group?.hasLayer(e.layer)) return;
    edit.group.removeLayer(e.layer);
    edit.changed = true;
    showArea();
  });

  function beginGeometry(feature) {
    stopGeometry();
    edit.group = L.featureGroup().addTo(map);
    edit.group.on('pm:edit pm:markerdrag pm:vertexremoved pm:vertexadded', () => { edit.changed = true; showArea(); });
    const hidden = feature && state.layers.get(feature.id);
    if (hidden) hidden.setStyle({ opacity: 0, fillOpacity: 0 });
    edit.hidden = hidden;
    if (feature) {
      L.geoJSON(feature.geometry).eachLayer((layer) => {
        for (const latlngs of polygonsOf(layer)) adopt(L.polygon(latlngs, { pmIgnore: false }));
      });
    }
    map.pm.setLang(state.lang === 'nb' ? 'no' : 'en');
    map.pm.setGlobalOptions({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
    map.pm.addControls({
      position: 'topleft', drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false,
      drawText: false, rotateMode: false, drawRectangle: true, drawPolygon: true, editMode: true, dragMode: true,
      cutPolygon: true, removalMode: true,
    });
    if (!named) {
      nameMapControls(map.getContainer(), t('corner'));
      named = true;
    }
    if (!feature) map.pm.enableDraw('Polygon');
  }

  function stopGeometry() {
    if (!edit.group) return;
    map.pm.disableDraw();
    map.pm.disableGlobalEditMode();
    map.pm.disableGlobalCutMode?.();
    map.pm.disableGlobalRemovalMode();
    map.pm.removeControls();
    edit.group.eachLayer((l) => l.pm.disable());
    edit.group.remove();
    edit.group = null;
    edit.working = null;
    if (edit.hidden) app.areas.resetStyle(edit.hidden);
    edit.hidden = null;
  }

  function geometry() {
    const polygons = [];
    edit.group.eachLayer((l) => {
      const g = l.toGeoJSON(7).geometry;
      if (g.type === 'Polygon') polygons.push(g.coordinates);
      else if (g.type === 'MultiPolygon') polygons.push(...g.coordinates);
    });
    return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
  }

  function options(list, blank) {
    const entries = Object.entries(state.config.codes[list] || {});
    const opts = entries.map(([code, l]) => new Option(/^\d+$/.test(code) ? `${code} ${l[state.lang]}` : l[state.lang], code));
    return blank ? [new Option('', ''), ...opts] : opts;
  }

  function input(name, type, required, value) {
    let el;
    if (type === 'textarea') {
      el = document.createElement('textarea'); el.rows = 2; el.value = value ?? '';
    } else if (type === 'bool') {
      el = document.createElement('input'); el.type = 'checkbox'; el.checked = value === true;
    } else if (type === 'tri') {
      el = document.createElement('select');
      el.innerHTML = `<option value=""></option><option value="true">${t('yes')}</option><option value="false">${t('no')}</option>`;
      el.value = value == null ? '' : String(value);
    } else if (type === 'municipality') {
      el = document.createElement('select');
      const allowed = state.municipalities.features.filter((m) => mayEdit(m.id));
      for (const m of allowed) el.append(new Option(`${m.properties.name} (${m.id})`, m.id));
      if (value) el.value = value;
    } else if (type === 'land_use') {
      el = document.createElement('select');
      el.dataset.value = value ?? '';
    } else if (type.startsWith('code:')) {
      el = document.createElement('select');
      el.replaceChildren(...options(type.slice(5), !required));
      el.value = value == null ? '' : String(value);
    } else {
      el = document.createElement('input');
      el.type = type === 'number' ? 'number' : type;
      if (type === 'number') el.step = 'any';
      el.value = value ?? '';
    }
    el.name = name; el.id = `e-${name}`; el.required = Boolean(required) && type !== 'bool';
    el.dataset.type = type;
    return el;
  }

  function fillLandUse(form) {
    const list = form.elements.land_use_list.value;
    const select = form.elements.land_use_code;
    const keep = select.value || select.dataset.value;
    const codes = state.config.codes.land_use[list] || {};
    select.replaceChildren(new Option('', ''), ...Object.entries(codes).map(([c, l]) => new Option(`${c} ${l[state.lang]}`, c)));
    select.value = keep && codes[keep] ? keep : '';
    select.disabled = !list;
  }

  function renderForm(feature) {
    const p = feature?.properties || { published: false, demo: false, kind: 'available' };
    const panel = $('panel');
    panel.hidden = false;
    panel.innerHTML = '';
    const h = document.createElement('h2');
    h.textContent = feature ? `${t('editing')}: ${p.name}` : t('creating');
    const hint = document.createElement('p');
    hint.className = 'hint'; hint.textContent = t('drawHint');
    const measured = document.createElement('p');
    measured.innerHTML = `<strong>${t('drawnArea')}:</strong> <output id="drawn-area" data-m2="0"></output>`;
    const form = document.createElement('form');
    form.id = 'area-form'; form.noValidate = true;
    const summary = document.createElement('div');
    summary.id = 'form-problems'; summary.className = 'error'; summary.setAttribute('role', 'alert');
    form.append(summary);
    for (const [group, fields] of formGroups(state.config)) {
      const fs = document.createElement('fieldset');
      const legend = document.createElement('legend');
      legend.textContent = group.labels[state.lang];
      fs.append(legend);
      for (const f of fields) {
        const { name, required } = f;
        const type = inputType(f);
        const row = document.createElement('div');
        row.className = `field ${type === 'bool' ? 'check' : ''}`;
        const l = document.createElement('label');
        l.htmlFor = `e-${name}`; l.textContent = f.labels[state.lang] + (required ? ' *' : '');
        const msg = document.createElement('small');
        msg.className = 'error field-error'; msg.id = `err-${name}`;
        row.append(l, input(name, type, required, p[name]), msg);
        fs.append(row);
      }
      form.append(fs);
    }
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    buttons.innerHTML = `<button type="submit" id="save">${t('save')}</button> <button type="button" id="cancel">${t('cancel')}</button>`;
    form.append(buttons);
    panel.append(h, hint, measured, checks.element(), form);
    fillLandUse(form);
    form.elements.land_use_list.addEventListener('change', () => fillLandUse(form));
    form.addEventListener('submit', (e) => { e.preventDefault(); save(form); });
    $('cancel').addEventListener('click', () => cancel());
    showArea();
  }

  function properties(form) {
    const out = {};
    for (const [, fields] of formGroups(state.config)) {
      for (const f of fields) {
        const { name } = f;
        const type = inputType(f);
        const el = form.elements[name];
        if (type === 'bool') { out[name] = el.checked; continue; }
        const v = el.value.trim();
        if (v === '') out[name] = null;
        else if (type === 'number') out[name] = Number(v);
        else if (type === 'tri') out[name] = v === 'true';
        else if (f.type === 'integer') out[name] = Number.parseInt(v, 10);
        else out[name] = v;
      }
    }
    return out;
  }

  function showProblems(problem) {
    document.querySelectorAll('#area-form .field-error').forEach((el) => { el.textContent = ''; });
    document.querySelectorAll('#area-form .invalid').forEach((el) => el.classList.remove('invalid'));
    const summary = $('form-problems');
    summary.innerHTML = '';
    const issues = problem.issues || [];
    const p = document.createElement('p');
    p.textContent = issues.length ? t('problems')(issues.length) : (problem.detail || problem.title);
    summary.append(p);
    const ul = document.createElement('ul');
    for (const issue of issues) {
      const text = `${issue.message}${issue.accepted ? ` — ${issue.accepted}` : ''}`;
      const target = $(`err-${issue.field}`);
      const li = document.createElement('li');
      li.textContent = `${fieldLabel(state.config, state.lang, issue.field) || (issue.field === 'geometry' ? t('geometry') : issue.field)}: ${text}`;
      ul.append(li);
      if (target) {
        target.textContent = text;
        $(`e-${issue.field}`)?.classList.add('invalid');
      }
    }
    summary.append(ul);
    summary.scrollIntoView({ block: 'nearest' });
  }

  function staleNotice(target) {
    target.innerHTML = '';
    const p = document.createElement('p');
    p.textContent = t('stale');
    const b = document.createElement('button');
    b.type = 'button'; b.id = 'reload-area'; b.textContent = t('reload');
    b.addEventListener('click', async () => { const id = edit.feature?.id; cancel(); await app.loadAreas(); if (id) app.select(id, false); });
    target.append(p, b);
    target.scrollIntoView({ block: 'nearest' });
  }

  // Sends a write; returns the parsed answer, or null after telling the user what went wrong.
  async function send(method, url, body, version, target) {
    const headers = { ...csrf(), 'Content-Type': 'application/json' };
    if (version != null) headers['If-Match'] = `"${version}"`;
    const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body && JSON.stringify(body) });
    if (res.ok) return res.status === 204 ? {} : res.json();
    let problem = { title: res.statusText };
    try { problem = await res.json(); } catch (_) { /* not problem+json */ }
    if (res.status === 412) staleNotice(target);
    else if (res.status === 422 && target.id === 'form-problems') showProblems(problem);
    else target.textContent = (res.status === 403 ? t('forbidden') : t('failed')) + (problem.detail || problem.title);
    return null;
  }

  async function save(form) {
    const summary = $('form-problems');
    const geom = edit.changed || !edit.feature ? geometry() : null;
    if (!edit.feature && !geom) { summary.textContent = t('noOutline'); return; }
    summary.textContent = t('saving');
    $('save').disabled = true;
    const props = properties(form);
    const saved = edit.feature
      ? await send('PATCH', `/ogc/collections/areas/items/${edit.feature.id}`, geom ? { properties: props, geometry: geom } : { properties: props }, edit.version, summary)
      : await send('POST', '/ogc/collections/areas/items', { type: 'Feature', geometry: geom, properties: props }, null, summary);
    if ($('save')) $('save').disabled = false;
    if (!saved) return;
    const id = saved.id || edit.feature.id;
    stopGeometry();
    edit.feature = null;
    await app.loadAreas();
    app.select(id, false);
  }

  function start(feature) {
    edit.feature = feature;
    edit.version = feature?.properties.version;
    edit.changed = false;
    beginGeometry(feature);
    renderForm(feature);
  }

  function cancel() {
    const id = edit.feature?.id;
    stopGeometry();
    edit.feature = null;
    if (id && state.features.some((f) => f.id === id)) app.select(id, false);
    else app.closePanel();
  }

  // Buttons under an area's facts: edit and end, for those who may.
  function actions(feature, panel) {
    if (!mayEdit(feature.properties.municipality)) return;
    const box = document.createElement('div');
    box.className = 'buttons';
    const editButton = document.createElement('button');
    editButton.type = 'button'; editButton.id = 'edit-area'; editButton.textContent = t('edit');
    editButton.addEventListener('click', () => start(feature));
    const endButton = document.createElement('button');
    endButton.type = 'button'; endButton.id = 'end-area'; endButton.textContent = t('endArea');
    const endForm = document.createElement('form');
    endForm.hidden = true; endForm.className = 'end-form';
    endForm.innerHTML = `<label>${t('endReason')} <input name="reason" required maxlength="1000"></label>
      <label>${t('endDate')} <input name="end_date" type="date" value="${new Date().toISOString().slice(0, 10)}"></label>
      <button type="submit">${t('confirmEnd')}</button> <span class="error" role="alert"></span>`;
    endButton.addEventListener('click', () => { endForm.hidden = !endForm.hidden; });
    endForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      const q = new URLSearchParams({ reason: endForm.elements.reason.value, end_date: endForm.elements.end_date.value });
      const ok = await send('DELETE', `/ogc/collections/areas/items/${feature.id}?${q}`, null, feature.properties.version, endForm.querySelector('.error'));
      if (ok) { app.closePanel(); await app.loadAreas(); }
    });
    box.append(editButton, endButton);
    panel.append(box, endForm);
  }

  // "Show" and "Restore" for one entry of an area's history.
  let shown = null;
  function versionActions(feature, change, li) {
    if (change.version === feature.properties.version) {
      li.append(` (${t('current')})`);
      return;
    }
    const show = document.createElement('button');
    show.type = 'button'; show.className = 'link'; show.textContent = t('show');
    show.addEventListener('click', async () => {
      shown?.remove();
      const old = await app.getJson(`/api/areas/${feature.id}/versions/${change.version}`);
      shown = L.geoJSON(old, { style: { color: '#555', weight: 3, dashArray: '4 6', fill: false }, interactive: false, snapIgnore: true }).addTo(map);
      map.fitBounds(shown.getBounds().extend(state.layers.get(feature.id).getBounds()), { maxZoom: 16, animate: false });
      const note = $('version-note');
      note.hidden = false;
      note.textContent = t('showingVersion')(change.version, new Date(change.changed_at).toLocaleString(state.lang === 'nb' ? 'nb-NO' : 'en-GB'));
      const hide = document.createElement('button');
      hide.type = 'button'; hide.className = 'link'; hide.textContent = t('hide');
      hide.addEventListener('click', () => { shown?.remove(); shown = null; note.hidden = true; });
      note.append(' ', hide);
    });
    li.append(' ', show);
    if (!mayEdit(feature.properties.municipality)) return;
    const restore = document.createElement('button');
    restore.type = 'button'; restore.className = 'link'; restore.textContent = t('restore');
    restore.addEventListener('click', async () => {
      if (!window.confirm(t('restoreAsk')(change.version))) return;
      const out = li.querySelector('.error') || li.appendChild(Object.assign(document.createElement('span'), { className: 'error' }));
      const ok = await send('POST', `/api/areas/${feature.id}/versions/${change.version}/restore`, null, feature.properties.version, out);
      if (ok) {
        shown?.remove(); shown = null; $('version-note').hidden = true;
        await app.loadAreas();
        app.select(feature.id, false);
      }
    });
    li.append(' ', restore);
  }

  return { mayEdit, mayCreate, start, cancel, actions, versionActions, active: () => Boolean(edit.group) };
}
