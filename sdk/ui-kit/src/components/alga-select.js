// <alga-select label="Status" name value disabled required hint error>
//   <option value="open">Open</option> ...
// </alga-select>
// A labelled native <select>: its options mirror the light-DOM <option> children (or the
// `options` property). Form-associated; re-dispatches `change`.

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { fieldStyles } from './alga-input.js';

export class AlgaSelect extends AlgaElement {
  static formAssociated = true;
  static delegatesFocus = true;
  static observedAttributes = ['label', 'name', 'value', 'disabled', 'required', 'hint', 'error'];
  static properties = ['options'];
  static styles = `${fieldStyles}
.wrap { position: relative; }
select.control { appearance: none; padding-right: 36px; cursor: pointer; }
.chevron { position: absolute; right: 10px; top: 50%; transform: translateY(-50%); pointer-events: none; color: var(--alga-color-text-muted); }
slot { display: none; }
`;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.optionList = null;
  }

  build(root) {
    this.control = h('select', {
      id: this.uid('control'), class: 'control', part: 'control',
      'aria-describedby': `${this.uid('hint')} ${this.uid('error')}`,
    });
    this.labelText = h('span');
    this.requiredMark = h('span', { class: 'required', 'aria-hidden': 'true' }, '*');
    this.hintEl = h('div', { id: this.uid('hint'), class: 'hint' });
    this.errorEl = h('div', { id: this.uid('error'), class: 'error' });
    this.control.addEventListener('change', () => {
      this.internals.setFormValue(this.control.value);
      this.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const slot = h('slot');
    slot.addEventListener('slotchange', () => this.renderOptions());
    this.observer = new MutationObserver(() => this.renderOptions());
    this.observer.observe(this, { subtree: true, childList: true, characterData: true, attributes: true });
    root.append(h('div', { class: 'field' },
      h('label', { for: this.uid('control') }, this.labelText, this.requiredMark),
      h('div', { class: 'wrap' }, this.control, icon('chevron-down', { className: 'icon chevron' })),
      this.hintEl, this.errorEl, slot));
    this.renderOptions();
  }

  /** Rebuilds the inner options from `options` or the light-DOM <option> children. */
  renderOptions() {
    const wanted = this.hasAttribute('value') ? this.getAttribute('value') : this.control.value;
    const source = this.optionList ?? [...this.querySelectorAll('option')].map((option) => ({
      value: option.value, label: option.textContent, disabled: option.disabled,
    }));
    this.control.replaceChildren(...source.map((item) => {
      const option = h('option', { value: item.value }, item.label ?? item.value);
      option.disabled = Boolean(item.disabled);
      return option;
    }));
    if (wanted !== null && source.some((item) => item.value === wanted)) this.control.value = wanted;
    this.internals.setFormValue(this.control.value);
  }

  update() {
    this.labelText.textContent = this.getAttribute('label') ?? '';
    this.requiredMark.hidden = !this.hasAttribute('required');
    this.control.name = this.getAttribute('name') ?? '';
    this.control.disabled = this.hasAttribute('disabled');
    this.control.required = this.hasAttribute('required');
    this.hintEl.textContent = this.getAttribute('hint') ?? '';
    const error = this.getAttribute('error') ?? '';
    this.errorEl.textContent = error;
    if (error) this.control.setAttribute('aria-invalid', 'true');
    else this.control.removeAttribute('aria-invalid');
    const value = this.getAttribute('value');
    if (value !== null && this.control.value !== value) this.control.value = value;
    this.internals.setFormValue(this.control.value);
  }

  /** `[{value, label, disabled?}]`; replaces the light-DOM options. */
  set options(list) {
    this.optionList = list.map((item) => ({ value: String(item.value), label: String(item.label ?? item.value), disabled: item.disabled }));
    if (this.built) this.renderOptions();
  }

  get options() {
    return this.optionList ?? [];
  }

  get value() {
    return this.control ? this.control.value : (this.getAttribute('value') ?? '');
  }

  set value(value) {
    if (this.control) {
      this.control.value = value;
      this.internals.setFormValue(this.control.value);
    } else this.setAttribute('value', value);
  }
}

define('alga-select', AlgaSelect);
