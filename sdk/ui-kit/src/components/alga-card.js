// <alga-card heading="Revenue" subheading="Last 30 days" heading-level="2">
//   content
//   <alga-button slot="actions">Export</alga-button>
//   <div slot="footer">...</div>
// </alga-card>
// A titled surface; the section is labelled by its heading.

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';

export class AlgaCard extends AlgaElement {
  static observedAttributes = ['heading', 'subheading', 'heading-level'];
  static styles = `
:host { display: block; }
section {
  height: 100%; display: flex; flex-direction: column;
  background: var(--alga-color-surface); border: 1px solid var(--alga-color-border);
  border-radius: var(--alga-radius-lg); box-shadow: var(--alga-shadow-sm);
}
header { display: flex; align-items: flex-start; justify-content: space-between; gap: var(--alga-space-3); padding: var(--alga-space-4) var(--alga-space-5) 0; }
header.empty { display: none; }
.titles { display: grid; gap: 2px; }
.heading { margin: 0; font-size: var(--alga-font-size-lg); font-weight: 650; line-height: 1.3; }
.subheading { margin: 0; color: var(--alga-color-text-muted); font-size: var(--alga-font-size-sm); }
.subheading:empty { display: none; }
.actions { display: flex; gap: var(--alga-space-2); }
.body { padding: var(--alga-space-4) var(--alga-space-5) var(--alga-space-5); flex: 1; }
footer { padding: var(--alga-space-3) var(--alga-space-5); border-top: 1px solid var(--alga-color-border); color: var(--alga-color-text-muted); font-size: var(--alga-font-size-sm); }
footer.empty { display: none; }
`;

  build(root) {
    this.titles = h('div', { class: 'titles' });
    this.subheadingEl = h('p', { class: 'subheading' });
    const actions = h('slot', { name: 'actions' });
    const footerSlot = h('slot', { name: 'footer' });
    this.header = h('header', {}, this.titles, h('div', { class: 'actions' }, actions));
    this.footer = h('footer', { class: 'empty' }, footerSlot);
    footerSlot.addEventListener('slotchange', () => this.footer.classList.toggle('empty', footerSlot.assignedNodes().length === 0));
    actions.addEventListener('slotchange', () => this.update());
    this.actionsSlot = actions;
    this.section = h('section', { part: 'card' }, this.header, h('div', { class: 'body', part: 'body' }, h('slot')), this.footer);
    root.append(this.section);
  }

  update() {
    const heading = this.getAttribute('heading');
    const level = Math.min(6, Math.max(1, Number(this.getAttribute('heading-level') ?? 2) || 2));
    const headingEl = h(`h${level}`, { class: 'heading', id: this.uid('heading') }, heading ?? '');
    this.subheadingEl.textContent = this.getAttribute('subheading') ?? '';
    this.titles.replaceChildren(...(heading ? [headingEl] : []), this.subheadingEl);
    if (heading) this.section.setAttribute('aria-labelledby', this.uid('heading'));
    else this.section.removeAttribute('aria-labelledby');
    const hasActions = this.actionsSlot.assignedNodes().length > 0;
    this.header.classList.toggle('empty', !heading && !hasActions);
  }
}

define('alga-card', AlgaCard);
