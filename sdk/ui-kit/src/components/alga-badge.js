// <alga-badge variant="neutral|info|success|warning|danger">Paid</alga-badge>: a short status label.

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';

export class AlgaBadge extends AlgaElement {
  static styles = `
:host { display: inline-flex; }
span {
  display: inline-flex; align-items: center; gap: 6px; padding: 1px 10px; border-radius: 999px;
  font-size: var(--alga-font-size-sm); font-weight: 600; line-height: 20px; white-space: nowrap;
  background: var(--alga-color-surface-muted); color: var(--alga-color-text-muted); border: 1px solid var(--alga-color-border);
}
span::before { content: ""; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
:host([variant="info"]) span { background: var(--alga-color-primary-subtle); color: var(--alga-color-primary-subtle-text); border-color: transparent; }
:host([variant="success"]) span { background: var(--alga-color-success-subtle); color: var(--alga-color-success-subtle-text); border-color: transparent; }
:host([variant="warning"]) span { background: var(--alga-color-warning-subtle); color: var(--alga-color-warning-subtle-text); border-color: transparent; }
:host([variant="danger"]) span { background: var(--alga-color-danger-subtle); color: var(--alga-color-danger-subtle-text); border-color: transparent; }
`;

  build(root) {
    root.append(h('span', { part: 'badge' }, h('slot')));
  }
}

define('alga-badge', AlgaBadge);
