// Large layers: above the configured number of areas the map draws the public areas as
// vector tiles (/tiles/areas, Leaflet.VectorGrid) and lists only the areas in view, so a
// county's 100 000 areas pan smoothly instead of being loaded whole.
const L = window.L;

export function createTileMode({ map, colours }) {
  let grid = null;
  let accept = () => true;
  // a tile over very many areas holds clusters (points with `areas`: how many), drawn as
  // circles growing with the count; otherwise the outlines
  const style = (p) => {
    if (!accept(p)) return [];
    const colour = colours[p.kind] || '#333';
    const outline = { color: colour, weight: 1.5, fill: true, fillColor: colour, fillOpacity: 0.35 };
    return p.areas ? { ...outline, weight: 1, radius: Math.min(14, 3 + Math.sqrt(p.areas) / 2) } : outline;
  };
  function show(filter) {
    accept = filter;
    document.body.dataset.areasMode = 'tiles';
    if (grid) { grid.redraw(); return; }
    grid = L.vectorGrid.protobuf('/tiles/areas/{z}/{x}/{y}.mvt', {
      vectorTileLayerStyles: { areas: style },
      rendererFactory: L.canvas.tile,
      // picking is done by the map (a tiny bbox query), not by the canvas tiles
      interactive: false,
      maxZoom: 19,
      pane: 'overlayPane',
    });
    // the page says when every tile in view has been drawn (the map benchmark reads it:
    // milliseconds since the page started loading)
    grid.once('load', () => { document.body.dataset.tilesDrawnMs = String(Math.round(performance.now())); });
    grid.addTo(map);
  }
  function hide() {
    document.body.dataset.areasMode = 'features';
    grid?.remove();
    grid = null;
  }
  return { show, hide, active: () => grid !== null };
}
