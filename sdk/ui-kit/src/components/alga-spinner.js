// <alga-spinner label="Loading invoices" size="sm|md|lg">: a status announcing its label.

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';

export class AlgaSpinner extends AlgaElement {
  static observedAttributes = ['label', 'size', 'show-label'];
  static styles = `
:host { display: inline-flex; color: var(--alga-color-text-muted); }
.status { display: inline-flex; align-items: center; gap: var(--alga-space-2); }
.ring {
  width: 20px; height: 20px; border-radius: 50%;
  border: 2.5px solid var(--alga-color-border); border-top-color: var(--alga-color-primary);
  animation: spin 0.8s linear infinite;
}
:host([size="sm"]) .ring { width: 14px; height: 14px; border-width: 2px; }
:host([size="lg"]) .ring { width: 32px; height: 32px; border-width: 3px; }
@keyframes spin { to { transform: rotate(360deg); } }
`;

  build(root) {
    this.labelEl = h('span', { class: 'sr-only' });
    root.append(h('span', { role: 'status', class: 'status' }, h('span', { class: 'ring', 'aria-hidden': 'true' }), this.labelEl));
  }

  update() {
    this.labelEl.textContent = this.getAttribute('label') ?? 'Loading';
    this.labelEl.className = this.hasAttribute('show-label') ? '' : 'sr-only';
  }
}

define('alga-spinner', AlgaSpinner);
