// <alga-button variant="primary|secondary|ghost|danger" size="sm|md" disabled loading label="...">
// A native <button> inside: keyboard, focus and the button role come from the platform.
// `label` names an icon-only button for assistive technology.

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';

export class AlgaButton extends AlgaElement {
  static delegatesFocus = true;
  static observedAttributes = ['variant', 'size', 'disabled', 'loading', 'label', 'pressed'];
  static styles = `
:host { display: inline-flex; vertical-align: middle; }
button {
  display: inline-flex; align-items: center; justify-content: center; gap: var(--alga-space-2);
  min-height: var(--alga-control-height); padding: 0 var(--alga-space-4);
  border: 1px solid var(--alga-color-border-strong); border-radius: var(--alga-radius-md);
  background: var(--alga-color-surface); color: var(--alga-color-text);
  font-weight: 600; font-size: var(--alga-font-size-md); white-space: nowrap; cursor: pointer;
  transition: background-color 120ms ease, border-color 120ms ease, box-shadow 120ms ease;
  width: 100%;
}
button:hover { background: var(--alga-color-surface-hover); }
:host([variant="primary"]) button { background: var(--alga-color-primary); border-color: var(--alga-color-primary); color: var(--alga-color-primary-text); }
:host([variant="primary"]) button:hover { background: var(--alga-color-primary-hover); border-color: var(--alga-color-primary-hover); }
:host([variant="danger"]) button { background: var(--alga-color-danger); border-color: var(--alga-color-danger); color: var(--alga-color-danger-text); }
:host([variant="danger"]) button:hover { background: var(--alga-color-danger-hover); border-color: var(--alga-color-danger-hover); }
:host([variant="ghost"]) button { background: transparent; border-color: transparent; color: var(--alga-color-primary-subtle-text); }
:host([variant="ghost"]) button:hover { background: var(--alga-color-primary-subtle); }
:host([pressed]) button { background: var(--alga-color-primary-subtle); color: var(--alga-color-primary-subtle-text); border-color: var(--alga-color-primary); }
:host([size="sm"]) button { min-height: 28px; padding: 0 var(--alga-space-3); font-size: var(--alga-font-size-sm); }
button:disabled { cursor: not-allowed; opacity: 0.55; }
button:focus-visible { outline: 2px solid var(--alga-color-focus); outline-offset: 2px; }
.spinner {
  width: 14px; height: 14px; border-radius: 50%; border: 2px solid currentColor; border-right-color: transparent;
  animation: spin 0.8s linear infinite; display: none;
}
:host([loading]) .spinner { display: inline-block; }
@keyframes spin { to { transform: rotate(360deg); } }
`;

  build(root) {
    this.button = h('button', { type: 'button', part: 'button' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('slot'));
    root.append(this.button);
  }

  update() {
    const busy = this.hasAttribute('loading');
    this.button.disabled = this.hasAttribute('disabled') || busy;
    this.toggleAttr('aria-busy', busy ? 'true' : null);
    this.toggleAttr('aria-label', this.getAttribute('label'));
    this.toggleAttr('aria-pressed', this.hasAttribute('pressed') ? 'true' : null);
  }

  toggleAttr(name, value) {
    if (value === null) this.button.removeAttribute(name);
    else this.button.setAttribute(name, value);
  }

  get disabled() {
    return this.hasAttribute('disabled');
  }

  set disabled(value) {
    this.toggleAttribute('disabled', Boolean(value));
  }

  get loading() {
    return this.hasAttribute('loading');
  }

  set loading(value) {
    this.toggleAttribute('loading', Boolean(value));
  }
}

define('alga-button', AlgaButton);
