// Small DOM helpers: elements are built with text nodes only (never HTML strings), so no API value
// can inject markup.

export function byId(id) {
  return document.getElementById(id);
}

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
}

/** A time for people: epoch millis or an ISO string, shown in the browser's locale. */
export function formatTime(value) {
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
