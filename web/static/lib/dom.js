// Small DOM helpers shared by the pages.

export const $ = (id) => document.getElementById(id);

// An element with properties (className, textContent, id, …) and children.
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c != null));
  return node;
}
