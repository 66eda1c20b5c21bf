// The facts arealbank computes from the reference layers, shown in an area's panel:
// power at the nearest substation, logistics distances, conflicts and the location profile.
import { number, km, licenceLine } from './lib/format.js';


function section(panel, title, rows) {
  const shown = rows.filter(([, v]) => v != null && v !== '');
  if (!shown.length) return;
  const h = document.createElement('h3');
  h.textContent = title;
  const dl = document.createElement('dl');
  for (const [k, v, cls] of shown) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    if (v instanceof Node) dd.append(v); else dd.textContent = v;
    if (cls) dd.className = cls;
    dl.append(dt, dd);
  }
  panel.append(h, dl);
}

function range(lang, lo, hi, unit) {
  if (lo == null && hi == null) return null;
  if (lo === hi || hi == null) return `${number(lang, lo, 1)} ${unit}`;
  return `${number(lang, lo ?? 0, 1)}–${number(lang, hi, 1)} ${unit}`;
}

export function renderFacts(panel, p, lang, t) {
  if (!('location_profile' in p)) return;
  const f = t('facts');
  let source = null;
  if (p.substation_source_url) {
    source = document.createElement('a');
    source.href = p.substation_source_url;
    source.rel = 'noopener';
    source.target = '_blank';
    source.textContent = new URL(p.substation_source_url).hostname;
  }
  const future = p.substation_future_mw_min != null
    ? `${range(lang, p.substation_future_mw_min, p.substation_future_mw_max, 'MW')}`
      + `${p.substation_expected_year ? ` ${f.by} ${p.substation_expected_year}` : ''}${p.substation_measure ? ` (${p.substation_measure})` : ''}`
    : null;
  section(panel, f.power, [
    [f.substation, p.substation_name
      ? `${p.substation_name} (${p.substation_operator}), ${p.substation_served ? f.served : km(lang, p.substation_m) ?? ''}` : null],
    [f.free, range(lang, p.substation_free_mw_min, p.substation_free_mw_max, 'MW')],
    [f.prod, range(lang, p.substation_prod_mw, p.substation_prod_mw, 'MW')],
    [f.reserved, range(lang, p.substation_reserved_mw, p.substation_reserved_mw, 'MW')],
    [f.queue, p.substation_queue_status ? f.queues[p.substation_queue_status] : null],
    [f.future, future],
    [f.asOf, p.substation_as_of ? `${p.substation_as_of}${p.substation_stale ? ` – ${f.stale}` : ''}${p.substation_demo ? ` (${t('demoTag').toLowerCase()})` : ''}` : null,
      p.substation_stale ? 'stale' : null],
    [f.source, source],
    [f.licence, licenceLine(p.substation_rights_holder, p.substation_licence)],
  ]);
  section(panel, f.logistics, [
    [f.e6Junction, km(lang, p.e6_junction_m)],
    [f.mainRoad, km(lang, p.main_road_m)],
    [f.railTerminal, km(lang, p.rail_terminal_m)],
    [f.station, km(lang, p.passenger_station_m)],
    [f.skysstasjon, km(lang, p.skysstasjon_m)],
    [f.centre, km(lang, p.town_centre_m)],
  ]);
  const conflict = (kind) => {
    const share = Number(p[`${kind}_share`] || 0);
    return share > 0 ? `${number(lang, share * 100, 1)} % (${number(lang, Number(p[`${kind}_m2`]) / 1000, 1)} daa)` : f.none;
  };
  section(panel, f.conflicts, ['farmland', 'protected_nature', 'flood_zone', 'landslide_hazard', 'cultural_heritage']
    .map((k) => [f.layers[k], conflict(k)]));
  const reasons = document.createElement('ul');
  reasons.className = 'reasons';
  for (const r of p.location_profile_reasons || []) {
    const li = document.createElement('li');
    const value = r.value_m != null ? km(lang, r.value_m) : `${number(lang, r.value_m2 / 1000, 1)} daa`;
    li.textContent = `${r.met ? '✓' : '✗'} ${f.reasons[r.code] || r.code}: ${value ?? t('unknown')} (${r.limit.replace('<=', '≤').replace('>=', '≥')}${r.value_m2 != null ? ' m²' : ' m'})`;
    reasons.append(li);
  }
  const profile = document.createElement('div');
  const strong = document.createElement('strong');
  strong.textContent = `${p.location_profile}: ${f.profiles[p.location_profile]}`;
  profile.append(strong, reasons);
  section(panel, f.profile, [[f.suggested, profile]]);
}
