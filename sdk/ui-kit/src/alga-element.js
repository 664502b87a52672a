// Base class of the kit's components: an open shadow root styled only by adopted stylesheets,
// built once (`build()`), then brought up to date on every observed attribute change (`update()`).

import { sheet } from './stylesheet.js';

export const hostSheet = sheet(`
:host {
  box-sizing: border-box;
  font-family: var(--alga-font-family);
  font-size: var(--alga-font-size-md);
  line-height: var(--alga-line-height);
  color: var(--alga-color-text);
}
:host([hidden]) { display: none !important; }
*, *::before, *::after { box-sizing: inherit; }
:focus-visible { outline: 2px solid var(--alga-color-focus); outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.icon { flex: none; display: block; }
button { font: inherit; color: inherit; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: 0.01ms !important; transition-duration: 0.01ms !important; }
}
`);

let uid = 0;

export class AlgaElement extends HTMLElement {
  /** Component CSS text; subclasses override. */
  static styles = '';
  /** Whether focusing the host focuses the first focusable element inside. */
  static delegatesFocus = false;
  /** Properties that may be set before the element is upgraded (re-applied on connect). */
  static properties = [];

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open', delegatesFocus: this.constructor.delegatesFocus });
    root.adoptedStyleSheets = [hostSheet, sheet(this.constructor.styles)];
    this.built = false;
  }

  connectedCallback() {
    for (const name of this.constructor.properties) {
      // A value set before the upgrade sits on the instance and hides the class's setter.
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    if (!this.built) {
      this.build(this.shadowRoot);
      this.built = true;
    }
    this.update();
  }

  attributeChangedCallback() {
    if (this.built) this.update();
  }

  /** Creates the shadow DOM once. */
  build() {}

  /** Reflects attributes and properties into the shadow DOM; must be idempotent. */
  update() {}

  /** A document-unique id prefix for ids inside this component's shadow root. */
  uid(name) {
    if (!this.uidBase) {
      uid += 1;
      this.uidBase = `alga-${uid}`;
    }
    return `${this.uidBase}-${name}`;
  }

  /** Dispatches a bubbling, composed CustomEvent from the host. */
  emit(type, detail) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** Defines `name` unless already defined (several copies of the kit can coexist). */
export function define(name, constructor) {
  if (!customElements.get(name)) customElements.define(name, constructor);
}
