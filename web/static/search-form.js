// The search panel's form: business types, the criteria (from the server's criteria
// table), where to look, the order and the weights' box. search.js fills it from the URL
// and reads it back.
import { fieldLabel, utilities } from './lib/labels.js';

export function buildForm({ form: f, profiles, state, t, label, criterionLabel, finishPolygon, reset: onReset }) {
  const s = () => t('search');
  f.innerHTML = '';
  const pick = document.createElement('fieldset');
  pick.className = 'profiles';
  const legend = document.createElement('legend');
  legend.textContent = s().businessType;
  pick.append(legend);
  for (const p of [profiles.general, ...profiles.profiles]) {
    const l = document.createElement('label');
    l.title = state.lang === 'nb' ? p.about_nb : p.about_en;
    l.innerHTML = `<input type="radio" name="profile" value="${p.code}">`;
    l.append(` ${p.code === 'general' ? s().anyType : (state.lang === 'nb' ? p.title_nb : p.title_en)}`);
    pick.append(l);
  }
  const about = document.createElement('p');
  about.id = 'profile-about';
  about.className = 'hint';
  pick.append(about);
  f.append(pick);
  // what a company can obtain by default; candidates and ideas only when asked
  const future = document.createElement('label');
  future.className = 'future-toggle';
  future.innerHTML = '<input type="checkbox" name="future" value="true">';
  future.append(` ${s().future}`);
  f.append(future);

  // the criteria, where to look and the order fold away under the business type
  const more = document.createElement('details');
  more.id = 'search-more';
  more.innerHTML = `<summary>${s().more}</summary>`;
  f.append(more);
  const grid = document.createElement('div');
  grid.className = 'criteria';
  for (const c of profiles.criteria.filter((x) => x.takes === 'number')) {
    const l = document.createElement('label');
    l.append(`${criterionLabel(c.name)} (${c.unit})`);
    const input = document.createElement('input');
    Object.assign(input, { type: 'number', name: c.name, min: c.min, max: c.max, step: 'any', inputMode: 'decimal' });
    l.append(input);
    grid.append(l);
  }
  const ready = document.createElement('label');
  ready.append(criterionLabel('min_readiness'));
  const sel = document.createElement('select');
  sel.name = 'min_readiness';
  sel.innerHTML = '<option value=""></option>';
  for (const code of Object.keys(state.config.codes.readiness)) {
    const o = document.createElement('option');
    o.value = code;
    o.textContent = label('readiness', code);
    sel.append(o);
  }
  ready.append(sel);
  const by = document.createElement('label');
  by.append(criterionLabel('available_by'));
  const date = document.createElement('input');
  Object.assign(date, { type: 'date', name: 'available_by' });
  by.append(date);
  grid.append(ready, by);
  more.append(grid);
  more.append(checkboxes(criterionLabel, 'land_control', Object.keys(state.config.codes.land_control), (c) => label('land_control', c)));
  more.append(checkboxes(criterionLabel, 'utilities', utilities(state.config), (u) => fieldLabel(state.config, state.lang, u)));

  const where = document.createElement('fieldset');
  where.className = 'where';
  where.innerHTML = `<legend>${s().where}</legend>`;
  for (const mode of ['region', 'view', 'polygon', 'near']) {
    const l = document.createElement('label');
    l.innerHTML = `<input type="radio" name="where" value="${mode}">`;
    l.append(` ${s().whereModes[mode]}`);
    where.append(l);
  }
  const radius = document.createElement('label');
  radius.className = 'radius';
  radius.append(`${s().radius} (km) `);
  const r = document.createElement('input');
  Object.assign(r, { type: 'number', name: 'radius_km', min: 0.1, step: 'any', value: '2' });
  radius.append(r);
  const hint = document.createElement('p');
  hint.id = 'where-hint';
  hint.className = 'hint';
  const done = document.createElement('button');
  done.type = 'button';
  done.id = 'polygon-done';
  done.hidden = true;
  done.textContent = s().finishPolygon;
  done.addEventListener('click', finishPolygon);
  where.append(radius, hint, done);
  more.append(where);

  const sort = document.createElement('label');
  sort.append(s().sortBy);
  const ss = document.createElement('select');
  ss.name = 'sort';
  for (const order of profiles.orders) {
    const o = document.createElement('option');
    o.value = order.code;
    o.textContent = order.labels[state.lang];
    ss.append(o);
  }
  sort.append(ss);
  more.append(sort);

  const weights = document.createElement('details');
  weights.id = 'weights';
  weights.innerHTML = `<summary>${s().weights}</summary><p class="hint">${s().weightsHint}</p><div class="criteria" id="weight-inputs"></div>`;
  more.append(weights);

  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = s().reset;
  reset.addEventListener('click', onReset);
  f.append(reset);
}

function checkboxes(criterionLabel, name, codes, text) {
  const box = document.createElement('fieldset');
  box.className = 'checks';
  box.dataset.name = name;
  box.innerHTML = `<legend>${criterionLabel(name)}</legend>`;
  for (const code of codes) {
    const l = document.createElement('label');
    l.innerHTML = `<input type="checkbox" data-list="${name}" value="${code}">`;
    l.append(` ${text(code)}`);
    box.append(l);
  }
  return box;
}
