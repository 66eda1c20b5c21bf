// Small DOM helpers shared by the pages.

export const $ = (id) => document.getElementById(id);

// An element with properties (className, textContent, id, …) and children.
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c != null));
  return node;
}

// A span holding `s` as text. Leaflet puts a string given to a tooltip or popup in as
// HTML; stored names go there through this, so markup in a name stays text.
export const textSpan = (s) => el('span', { textContent: s ?? '' });
