// <alga-input label="Name" name type value placeholder required disabled hint error multiline rows>
// A labelled native input (or textarea) with hint and error text wired through aria-describedby,
// form-associated (ElementInternals). Re-dispatches `change` from the host (`input` is composed).

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';

export const fieldStyles = `
:host { display: block; }
.field { display: grid; gap: var(--alga-space-1); }
label { font-weight: 600; font-size: var(--alga-font-size-sm); color: var(--alga-color-text); }
.required { color: var(--alga-color-danger-subtle-text); margin-left: 2px; }
.control {
  width: 100%; min-height: var(--alga-control-height); padding: 0 var(--alga-space-3);
  border: 1px solid var(--alga-color-border-strong); border-radius: var(--alga-radius-md);
  background: var(--alga-color-surface); color: var(--alga-color-text);
  font: inherit; font-size: var(--alga-font-size-md);
}
textarea.control { padding: var(--alga-space-2) var(--alga-space-3); resize: vertical; min-height: 80px; }
.control::placeholder { color: var(--alga-color-text-muted); opacity: 1; }
.control:focus-visible { outline: 2px solid var(--alga-color-focus); outline-offset: 1px; border-color: var(--alga-color-focus); }
.control:disabled { opacity: 0.6; cursor: not-allowed; background: var(--alga-color-surface-muted); }
.control[aria-invalid="true"] { border-color: var(--alga-color-danger); }
.hint { font-size: var(--alga-font-size-sm); color: var(--alga-color-text-muted); }
.error { font-size: var(--alga-font-size-sm); color: var(--alga-color-danger-subtle-text); font-weight: 600; }
.hint:empty, .error:empty { display: none; }
`;

export class AlgaInput extends AlgaElement {
  static formAssociated = true;
  static delegatesFocus = true;
  static observedAttributes = ['label', 'name', 'type', 'value', 'placeholder', 'required', 'disabled', 'hint', 'error',
    'autocomplete', 'rows', 'readonly', 'min', 'max', 'step', 'inputmode'];
  static styles = fieldStyles;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  build(root) {
    const multiline = this.hasAttribute('multiline');
    this.control = h(multiline ? 'textarea' : 'input', {
      id: this.uid('control'), class: 'control', part: 'control',
      'aria-describedby': `${this.uid('hint')} ${this.uid('error')}`,
    });
    this.control.value = this.getAttribute('value') ?? '';
    this.labelText = h('span');
    this.requiredMark = h('span', { class: 'required', 'aria-hidden': 'true' }, '*');
    this.hintEl = h('div', { id: this.uid('hint'), class: 'hint', part: 'hint' });
    this.errorEl = h('div', { id: this.uid('error'), class: 'error', part: 'error' });
    this.control.addEventListener('input', () => this.sync());
    this.control.addEventListener('change', () => {
      this.sync();
      this.dispatchEvent(new Event('change', { bubbles: true }));
    });
    root.append(h('div', { class: 'field' },
      h('label', { for: this.uid('control'), part: 'label' }, this.labelText, this.requiredMark),
      this.control, this.hintEl, this.errorEl));
  }

  update() {
    this.labelText.textContent = this.getAttribute('label') ?? '';
    this.requiredMark.hidden = !this.hasAttribute('required');
    const isTextarea = this.control.localName === 'textarea';
    for (const name of ['name', 'placeholder', 'autocomplete', 'rows', 'min', 'max', 'step', 'inputmode']) {
      if (isTextarea && ['min', 'max', 'step'].includes(name)) continue;
      const value = this.getAttribute(name);
      if (value === null) this.control.removeAttribute(name);
      else this.control.setAttribute(name, value);
    }
    if (!isTextarea) this.control.type = this.getAttribute('type') ?? 'text';
    this.control.required = this.hasAttribute('required');
    this.control.disabled = this.hasAttribute('disabled');
    this.control.readOnly = this.hasAttribute('readonly');
    this.hintEl.textContent = this.getAttribute('hint') ?? '';
    const error = this.getAttribute('error') ?? '';
    this.errorEl.textContent = error;
    if (error) this.control.setAttribute('aria-invalid', 'true');
    else this.control.removeAttribute('aria-invalid');
    this.sync();
  }

  /** Mirrors value and validity into the form (ElementInternals). */
  sync() {
    this.internals.setFormValue(this.control.value);
    const error = this.getAttribute('error');
    if (error) this.internals.setValidity({ customError: true }, error, this.control);
    else if (!this.control.validity.valid) this.internals.setValidity(this.control.validity, this.control.validationMessage, this.control);
    else this.internals.setValidity({});
  }

  get value() {
    return this.control ? this.control.value : (this.getAttribute('value') ?? '');
  }

  set value(value) {
    if (this.control) {
      this.control.value = value ?? '';
      this.sync();
    } else this.setAttribute('value', value ?? '');
  }

  get validity() {
    return this.internals.validity;
  }

  checkValidity() {
    return this.internals.checkValidity();
  }

  formResetCallback() {
    this.value = this.getAttribute('value') ?? '';
  }
}

define('alga-input', AlgaInput);
