// The reference layers on the map: a list with a checkbox, a legend swatch, and each
// layer's source, licence and date (marked when it is demo data); substations with their
// capacity figures.
import { number } from './i18n.js';

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
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...style, fillOpacity: 0.9, fillColor: style.color, color: '#fff', weight: 1.5, snapIgnore: true }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        if (kind !== 'substations') {
          if (p.name) layer.bindTooltip(p.name + (p.class ? ` (${p.class})` : ''));
          return;
        }
        const free = p.free_capacity_mw_min != null ? `${number(state.lang, p.free_capacity_mw_min, 1)}–${number(state.lang, p.free_capacity_mw_max, 1)} MW` : t('unknown');
        const lines = [`${p.name} (${p.operator})`, `${t('facts').free}: ${free}`,
          `${t('facts').queue}: ${t('facts').queues[p.queue_status] || t('unknown')}`,
          `${t('facts').asOf} ${p.as_of}${p.stale ? ` – ${t('facts').stale}` : ''}${p.demo ? ` (${t('demoTag').toLowerCase()})` : ''}`];
        layer.bindPopup(() => {
          const div = document.createElement('div');
          for (const l of lines) { const d = document.createElement('div'); d.textContent = l; div.append(d); }
          return div;
        });
      },
    });
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
