// Test-side helpers injected into pages (window.__a11y): walks the flat tree (shadow roots and
// slots included) to list keyboard controls and visible text with its colours.
(() => {
  const CONTROL = 'button, input, select, textarea, a[href], summary, [tabindex]';
  let nextId = 0;

  function flatParent(node) {
    if (node.assignedSlot) return node.assignedSlot;
    if (node.parentElement) return node.parentElement;
    if (node.parentNode instanceof ShadowRoot) return node.parentNode.host;
    return null;
  }

  function ancestors(element) {
    const out = [];
    for (let current = element; current; current = flatParent(current)) out.push(current);
    return out;
  }

  function rendered(element) {
    if (element.getClientRects().length === 0) return false;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible') return false;
    return !ancestors(element).some((a) => (a.localName === 'dialog' && !a.open) || a.hasAttribute?.('inert'));
  }

  function idOf(element) {
    if (element.__a11yId === undefined) {
      nextId += 1;
      element.__a11yId = nextId;
    }
    return element.__a11yId;
  }

  function describe(element) {
    const root = element.getRootNode();
    const text = (element.getAttribute('aria-label') || element.textContent.trim() ||
      (root instanceof ShadowRoot ? root.host.getAttribute('label') || root.host.textContent : '') || '').trim();
    const hosts = ancestors(element).filter((a) => a.shadowRoot && a !== element).map((a) => a.localName);
    return `${element.localName}${element.id ? '#' + element.id : ''}[${text.slice(0, 40)}] in ${hosts.slice(0, 2).join('<') || 'document'}`;
  }

  /** Every element of the flat tree under `root` (shadow roots and slotted children). */
  function walk(root, visit) {
    const children = root.shadowRoot ? [...root.shadowRoot.children] : [...root.children];
    for (const child of children) {
      if (child.localName === 'slot') {
        visit(child);
        for (const assigned of child.assignedElements({ flatten: true })) {
          visit(assigned);
          walk(assigned, visit);
        }
        continue;
      }
      visit(child);
      walk(child, visit);
    }
  }

  function controls() {
    const out = [];
    walk(document.body, (element) => {
      if (!element.matches(CONTROL) || element.matches(':disabled') || element.tabIndex < 0) return;
      if (element.shadowRoot?.delegatesFocus) return;
      if (!rendered(element)) return;
      out.push({ id: idOf(element), name: describe(element) });
    });
    return out;
  }

  function deepActive() {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  function active() {
    const element = deepActive();
    if (!element || element === document.body) return null;
    return { id: idOf(element), name: describe(element) };
  }

  function parse(color) {
    const match = /rgba?\(([^)]+)\)/.exec(color);
    if (!match) return null;
    const parts = match[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  /** Each visible text run with its colour and the background layers behind it (innermost first). */
  function textSamples() {
    const samples = [];
    const seen = new Set();
    const consider = (styleSource, text, kind) => {
      if (!text.trim() || seen.has(styleSource)) return;
      if (!rendered(styleSource)) return;
      const box = (styleSource.localName === 'slot' ? flatParent(styleSource) : styleSource).getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return;
      const chain = ancestors(styleSource);
      if (chain.some((a) => a.matches?.(':disabled') || a.getAttribute?.('aria-hidden') === 'true')) return;
      seen.add(styleSource);
      let opacity = 1;
      const layers = [];
      for (const element of chain) {
        const style = getComputedStyle(element);
        opacity *= Number(style.opacity);
        const background = parse(style.backgroundColor);
        if (background && background[3] > 0) layers.push(background);
        if (background && background[3] >= 1) break;
      }
      layers.push([255, 255, 255, 1]);
      const color = parse(getComputedStyle(styleSource).color);
      samples.push({ text: text.trim().slice(0, 50), kind, color, opacity, layers,
        size: getComputedStyle(styleSource).fontSize, name: describe(styleSource) });
    };
    walk(document.body, (element) => {
      if (['input', 'textarea', 'select'].includes(element.localName)) {
        const value = element.localName === 'select' ? element.selectedOptions[0]?.textContent ?? '' : element.value;
        consider(element, value, 'value');
        return;
      }
      for (const node of element.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        consider(node.assignedSlot ?? element, node.textContent, 'text');
      }
    });
    return samples;
  }

  window.__a11y = { controls, active, textSamples, describe };
})();
