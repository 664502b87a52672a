// <alga-tabs label="Invoice sections" selected="0">
//   <alga-tab-panel label="Overview">...</alga-tab-panel>
//   <alga-tab-panel label="History">...</alga-tab-panel>
// </alga-tabs>
// WAI-ARIA tabs with automatic activation: one tab stop (roving tabindex), Arrow Left/Right,
// Home and End move between tabs. Tabs and panels live in one shadow root so aria-controls and
// aria-labelledby resolve; each panel's content is slotted in. Fires `tab-change` {index}.

import { AlgaElement, define } from '../alga-element.js';
import { h, replaceChildren } from '../dom.js';

export class AlgaTabPanel extends HTMLElement {
  static observedAttributes = ['label'];

  attributeChangedCallback() {
    const tabs = this.closest('alga-tabs');
    if (tabs instanceof AlgaTabs) tabs.render();
  }
}

export class AlgaTabs extends AlgaElement {
  static observedAttributes = ['label', 'selected'];
  static styles = `
:host { display: block; }
[role="tablist"] { display: flex; gap: var(--alga-space-1); border-bottom: 1px solid var(--alga-color-border); overflow-x: auto; }
[role="tab"] {
  position: relative; padding: var(--alga-space-2) var(--alga-space-3); margin-bottom: -1px; border: 0; border-bottom: 2px solid transparent;
  background: transparent; color: var(--alga-color-text-muted); font-weight: 600; cursor: pointer; white-space: nowrap;
  border-radius: var(--alga-radius-sm) var(--alga-radius-sm) 0 0;
}
[role="tab"]:hover { color: var(--alga-color-text); background: var(--alga-color-surface-hover); }
[role="tab"][aria-selected="true"] { color: var(--alga-color-primary-subtle-text); border-bottom-color: var(--alga-color-primary); }
[role="tabpanel"] { padding: var(--alga-space-4) 0 0; }
[role="tabpanel"][hidden] { display: none; }
`;

  build(root) {
    this.tablist = h('div', { role: 'tablist', part: 'tablist', on: { keydown: (event) => this.onKey(event) } });
    this.panels = h('div', { part: 'panels' });
    root.append(this.tablist, this.panels);
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.observer = null;
  }

  connectedCallback() {
    super.connectedCallback();
    if (!this.observer) {
      this.observer = new MutationObserver(() => this.render());
      this.observer.observe(this, { childList: true });
    }
  }

  panelElements() {
    return [...this.children].filter((child) => child.localName === 'alga-tab-panel');
  }

  get selectedIndex() {
    const count = this.panelElements().length;
    const index = Number(this.getAttribute('selected') ?? 0);
    return Number.isInteger(index) && index >= 0 && index < count ? index : 0;
  }

  /** Selects tab `index` (and moves focus to it when `focus` is true). */
  select(index, { focus = false } = {}) {
    const count = this.panelElements().length;
    if (count === 0) return;
    const next = ((index % count) + count) % count;
    const changed = next !== this.selectedIndex;
    this.setAttribute('selected', String(next));
    if (focus) this.tablist.children[next]?.focus();
    if (changed) this.emit('tab-change', { index: next });
  }

  onKey(event) {
    const current = this.selectedIndex;
    const moves = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: this.panelElements().length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.select(moves[event.key], { focus: true });
  }

  update() {
    this.tablist.setAttribute('aria-label', this.getAttribute('label') ?? 'Tabs');
    this.render();
  }

  render() {
    if (!this.built) return;
    const panels = this.panelElements();
    const selected = this.selectedIndex;
    const focusedIndex = [...this.tablist.children].indexOf(this.shadowRoot.activeElement);
    replaceChildren(this.tablist, panels.map((panel, index) => h('button', {
      type: 'button', role: 'tab', id: this.uid(`tab-${index}`), 'aria-controls': this.uid(`panel-${index}`),
      'aria-selected': index === selected ? 'true' : 'false', tabindex: index === selected ? 0 : -1,
      on: { click: () => this.select(index, { focus: true }) },
    }, panel.getAttribute('label') ?? `Tab ${index + 1}`)));
    replaceChildren(this.panels, panels.map((panel, index) => {
      panel.slot = `panel-${index}`;
      return h('div', {
        role: 'tabpanel', id: this.uid(`panel-${index}`), 'aria-labelledby': this.uid(`tab-${index}`),
        tabindex: 0, hidden: index !== selected,
      }, h('slot', { name: `panel-${index}` }));
    }));
    if (focusedIndex >= 0) this.tablist.children[selected]?.focus();
  }
}

define('alga-tab-panel', AlgaTabPanel);
define('alga-tabs', AlgaTabs);
