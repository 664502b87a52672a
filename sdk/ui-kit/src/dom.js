// A tiny DOM builder. It never parses markup (no innerHTML), so nothing it builds can carry
// inline scripts or style attributes, and text is always text.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates `tag` with attributes and children. Attribute values: string/number (set), true
 * (boolean attribute), false/null/undefined (skipped). `on` is an object of event listeners.
 * Children: nodes, strings (text), arrays, null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = tag.startsWith('svg:') ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (name === 'on') {
      for (const [type, listener] of Object.entries(value)) element.addEventListener(type, listener);
    } else if (name === 'style') {
      throw new Error('BUG in h(): style attributes are refused by the CSP; use a class');
    } else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Appends children (nodes, strings, nested arrays; null/false skipped). */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
  return parent;
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}
