// <alga-empty-state heading="No invoices yet" description="Create one to get started." icon="inbox">
//   <alga-button variant="primary">New invoice</alga-button>
// </alga-empty-state>

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';
import { ICON_NAMES, icon } from '../icons.js';

export class AlgaEmptyState extends AlgaElement {
  static observedAttributes = ['heading', 'description', 'icon', 'heading-level'];
  static styles = `
:host { display: block; }
.wrap { display: grid; justify-items: center; gap: var(--alga-space-2); padding: var(--alga-space-6) var(--alga-space-4); text-align: center; }
.badge { display: grid; place-items: center; width: 56px; height: 56px; border-radius: 50%; background: var(--alga-color-primary-subtle); color: var(--alga-color-primary-subtle-text); margin-bottom: var(--alga-space-2); }
.heading { margin: 0; font-size: var(--alga-font-size-lg); font-weight: 650; }
p { margin: 0; max-width: 44ch; color: var(--alga-color-text-muted); }
p:empty { display: none; }
.actions { display: flex; gap: var(--alga-space-2); margin-top: var(--alga-space-3); }
`;

  build(root) {
    this.badge = h('div', { class: 'badge' });
    this.titles = h('div');
    this.description = h('p');
    root.append(h('div', { class: 'wrap', part: 'wrap' }, this.badge, this.titles, this.description,
      h('div', { class: 'actions' }, h('slot'))));
  }

  update() {
    const name = ICON_NAMES.includes(this.getAttribute('icon')) ? this.getAttribute('icon') : 'inbox';
    this.badge.replaceChildren(icon(name, { size: 26 }));
    const level = Math.min(6, Math.max(1, Number(this.getAttribute('heading-level') ?? 3) || 3));
    this.titles.replaceChildren(h(`h${level}`, { class: 'heading' }, this.getAttribute('heading') ?? 'Nothing here yet'));
    this.description.textContent = this.getAttribute('description') ?? '';
  }
}

define('alga-empty-state', AlgaEmptyState);
