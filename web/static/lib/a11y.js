// Names for controls that third-party map libraries draw without one (WCAG 4.1.2): the
// drawing toolbar's buttons take their container's tooltip, and the draggable corner
// markers of an outline being drawn or edited are named as corners. Watches the map so
// controls and markers added later are named too.
export function nameMapControls(container, cornerLabel) {
  const name = () => {
    for (const b of container.querySelectorAll('.leaflet-buttons-control-button:not([aria-label])')) {
      const title = b.closest('[title]')?.getAttribute('title');
      if (title) b.setAttribute('aria-label', title);
    }
    for (const m of container.querySelectorAll('.leaflet-marker-icon[role=button]:not([aria-label])')) {
      m.setAttribute('aria-label', m.getAttribute('title') || cornerLabel);
    }
  };
  name();
  new MutationObserver(name).observe(container, { childList: true, subtree: true });
}
