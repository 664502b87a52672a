// Focus helpers that see through shadow roots and slots (the composed tree), for the dialog's
// focus trap and for restoring focus.

const TABBABLE = 'button, [href], input, select, textarea, summary, [tabindex]';

function isTabbable(element) {
  if (!element.matches(TABBABLE) || element.matches(':disabled')) return false;
  if (element.tabIndex < 0 || element.hasAttribute('inert') || element.closest('[inert]')) return false;
  if (element.matches('input[type="hidden"]')) return false;
  return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
}

/** Tabbable elements under `root` in composed-tree order (shadow roots and slotted content included). */
export function tabbables(root) {
  const out = [];
  const visit = (node) => {
    if (!(node instanceof Element)) return;
    if (node.localName === 'slot') {
      for (const assigned of node.assignedElements({ flatten: true })) visit(assigned);
      return;
    }
    if (node.hidden) return;
    const delegates = node.shadowRoot?.delegatesFocus;
    if (!delegates && isTabbable(node)) out.push(node);
    const children = node.shadowRoot ? node.shadowRoot.children : node.children;
    for (const child of children) visit(child);
  };
  if (root instanceof ShadowRoot) for (const child of root.children) visit(child);
  else visit(root);
  return out;
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(doc = document) {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
