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

// "82 % 1300 Næringsbebyggelse, framtidig": one part of an area's zoning.
export function zoningPart(lang, f, part) {
  const label = lang === 'nb' ? part.label_nb : (part.label_en || part.label_nb);
  const status = part.status ? `, ${f.zoningStatus[part.status]}` : '';
  const rp = part.list === 'rp' ? ` (${f.rpPart}${part.plan_name ? `: ${part.plan_name}` : ''})` : '';
  return `${number(lang, part.share * 100, 0)} % ${part.code} ${label}${status}${rp}`;
}

// The zoning from the plan register (or that it was entered by hand), and where they differ.
function renderZoning(panel, p, lang, f) {
  const parts = p.zoning_parts;
  if (parts == null && p.land_use_code == null) return;
  let breakdown = null;
  if (parts?.length) {
    breakdown = document.createElement('ul');
    breakdown.className = 'zoning-parts';
    const rows = parts.map((part) => zoningPart(lang, f, part));
    const uncovered = 1 - (p.zoning_covered_share ?? 1);
    if (uncovered > 0.005) rows.push(`${number(lang, uncovered * 100, 0)} % ${f.uncovered}`);
    for (const text of rows) {
      const li = document.createElement('li');
      li.textContent = text;
      breakdown.append(li);
    }
  } else if (parts) {
    breakdown = f.uncovered;
  }
  let plan = null;
  if (p.zoning_plan_name || p.zoning_plan_id) {
    const text = `${p.zoning_plan_name ?? ''} (${p.zoning_plan_id ?? ''})`;
    if (p.zoning_plan_url) {
      plan = document.createElement('a');
      plan.href = p.zoning_plan_url;
      plan.rel = 'noopener';
      plan.target = '_blank';
      plan.textContent = text;
    } else plan = text;
  }
  const source = parts != null ? `${f.fromRegister} (${p.zoning_as_of})` : f.byHand;
  const disagrees = p.zoning_disagrees
    ? `${f.entered} ${p.land_use_list?.toUpperCase() ?? ''} ${p.land_use_code}, ${f.register} ${p.zoning_list?.toUpperCase() ?? ''} ${p.zoning_code}`
    : null;
  section(panel, f.zoning, [
    [f.zoningParts, breakdown],
    [f.zoningPlan, plan],
    [f.zoningSource, source],
    [f.zoningDisagrees, disagrees, 'stale'],
  ]);
}

export function renderFacts(panel, p, lang, t) {
  if (!('location_profile' in p)) return;
  const f = t('facts');
  renderZoning(panel, p, lang, f);
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
  // "12 % (1,2 daa): 200-årsflom 8 %, 1000-årsflom 4 % · overlapper Hunderfossen (naturreservat)
  // — Flomsoner (NVE), per 2025-06-01": each conflict with its classes, features and source
  const conflict = (kind) => {
    const share = Number(p[`${kind}_share`] || 0);
    const detail = p.conflicts?.[kind];
    if (share <= 0 && !detail?.features?.length) return null;
    const parts = [];
    if (share > 0) parts.push(`${number(lang, share * 100, 1)} % (${number(lang, Number(p[`${kind}_m2`]) / 1000, 1)} daa)`);
    const area = Number(p[`${kind}_m2`]) || 0;
    const classes = Object.values(detail?.classes || {})
      .filter((c) => c.nb)
      .map((c) => `${lang === 'nb' ? c.nb : (c.en || c.nb)} ${number(lang, area > 0 ? (c.m2 / area) * share * 100 : 0, 1)} %`);
    if (classes.length) parts.push(classes.join(', '));
    const features = (detail?.features || []).map((x) => {
      const cls = lang === 'nb' ? x.nb : (x.en || x.nb);
      return `${x.m2 > 0 ? f.overlaps : f.borders} ${x.name ?? x.ref}${cls ? ` (${cls})` : ''}`;
    });
    if (features.length) parts.push(features.join('; '));
    const text = parts.join(': ');
    const named = detail?.demo ? f.demoSource : detail?.source;
    const source = named ? ` — ${named}${detail.as_of ? `, ${f.asOfShort} ${detail.as_of}` : ''}` : '';
    const links = (detail?.features || []).filter((x) => x.link);
    if (!links.length) return `${text}${source}`;
    const span = document.createElement('span');
    span.append(`${text}${source} `);
    for (const x of links) {
      const a = document.createElement('a');
      a.href = x.link; a.rel = 'noopener'; a.target = '_blank';
      a.textContent = `[${x.name ?? x.ref}]`;
      span.append(a, ' ');
    }
    return span;
  };
  // the long-standing layers always (with "ingen"), AR5 forest and bog and quick clay when met
  const always = ['farmland', 'protected_nature', 'flood_zone', 'landslide_hazard', 'cultural_heritage'];
  const rows = ['farmland', 'forest', 'bog', 'protected_nature', 'flood_zone', 'landslide_hazard', 'quick_clay', 'cultural_heritage']
    .map((k) => [f.layers[k], conflict(k) ?? (always.includes(k) ? f.none : null)]);
  section(panel, f.conflicts, rows);
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
