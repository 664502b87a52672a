// <alga-dialog heading="Edit item" open>
//   ...content...
//   <div slot="footer"><alga-button>Cancel</alga-button> <alga-button variant="primary">Save</alga-button></div>
// </alga-dialog>
// A modal native <dialog> (the page behind is inert). Focus moves in on open: to
// `[data-autofocus]` in the content, else the first tabbable element (browsers ignore the native
// `autofocus` attribute in cross-origin frames, which is where extensions run). Tab and Shift+Tab
// cycle inside, Escape and the close button close it, and focus returns to where it was.
// Fires `open` and `close` {returnValue}.

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';
import { deepActiveElement, tabbables } from '../focus.js';
import { icon } from '../icons.js';

export class AlgaDialog extends AlgaElement {
  static observedAttributes = ['heading', 'open', 'size'];
  static styles = `
:host { display: contents; }
dialog {
  width: min(560px, calc(100vw - 32px)); max-height: calc(100vh - 48px); padding: 0; margin: 8vh auto auto;
  border: 1px solid var(--alga-color-border); border-radius: var(--alga-radius-lg);
  background: var(--alga-color-surface); color: var(--alga-color-text); box-shadow: var(--alga-shadow-lg);
  font-family: var(--alga-font-family); font-size: var(--alga-font-size-md); line-height: var(--alga-line-height);
}
:host([size="sm"]) dialog { width: min(400px, calc(100vw - 32px)); }
:host([size="lg"]) dialog { width: min(800px, calc(100vw - 32px)); }
dialog[open] { display: flex; flex-direction: column; animation: enter 140ms ease-out; }
dialog::backdrop { background: var(--alga-color-overlay); }
header { display: flex; align-items: center; justify-content: space-between; gap: var(--alga-space-3); padding: var(--alga-space-4) var(--alga-space-5); border-bottom: 1px solid var(--alga-color-border); }
h2 { margin: 0; font-size: var(--alga-font-size-lg); font-weight: 650; }
.close {
  display: inline-flex; align-items: center; justify-content: center; width: 32px; height: 32px;
  border: 0; border-radius: var(--alga-radius-md); background: transparent; color: var(--alga-color-text-muted); cursor: pointer;
}
.close:hover { background: var(--alga-color-surface-hover); color: var(--alga-color-text); }
.body { padding: var(--alga-space-5); overflow: auto; display: grid; gap: var(--alga-space-4); }
footer { display: flex; justify-content: flex-end; gap: var(--alga-space-2); padding: var(--alga-space-3) var(--alga-space-5); border-top: 1px solid var(--alga-color-border); background: var(--alga-color-surface-muted); border-radius: 0 0 var(--alga-radius-lg) var(--alga-radius-lg); }
footer.empty { display: none; }
.sentinel { position: absolute; width: 1px; height: 1px; overflow: hidden; }
@keyframes enter { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
`;

  build(root) {
    this.headingEl = h('h2', { id: this.uid('heading') });
    this.closeButton = h('button', { type: 'button', class: 'close', 'aria-label': 'Close dialog', on: { click: () => this.close('dismiss') } },
      icon('close', { size: 18 }));
    const footerSlot = h('slot', { name: 'footer' });
    this.footer = h('footer', { part: 'footer' }, footerSlot);
    footerSlot.addEventListener('slotchange', () => this.footer.classList.toggle('empty', footerSlot.assignedNodes().length === 0));
    this.footer.classList.add('empty');
    this.bodyEl = h('div', { class: 'body', part: 'body' }, h('slot'));
    const start = h('span', { class: 'sentinel', tabindex: 0, on: { focus: () => this.focusEdge('last') } });
    const end = h('span', { class: 'sentinel', tabindex: 0, on: { focus: () => this.focusEdge('first') } });
    this.dialog = h('dialog', { part: 'dialog', 'aria-labelledby': this.uid('heading'), 'aria-modal': 'true' },
      start, h('header', {}, this.headingEl, this.closeButton), this.bodyEl, this.footer, end);
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.close('cancel');
    });
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog && this.backdropHit(event)) this.close('dismiss');
    });
    root.append(this.dialog);
  }

  backdropHit(event) {
    const box = this.dialog.getBoundingClientRect();
    return event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
  }

  /** Tabbable elements of the dialog in order, excluding the sentinels. */
  focusables() {
    return tabbables(this.dialog).filter((element) => !element.classList.contains('sentinel'));
  }

  focusEdge(edge) {
    const list = this.focusables();
    const target = edge === 'first' ? list[0] : list[list.length - 1];
    (target ?? this.closeButton).focus();
  }

  update() {
    this.headingEl.textContent = this.getAttribute('heading') ?? '';
    const wantOpen = this.hasAttribute('open');
    if (wantOpen && !this.dialog.open) this.openModal();
    else if (!wantOpen && this.dialog.open) this.close();
  }

  openModal() {
    if (!this.isConnected || this.dialog.open) return;
    this.returnFocus = deepActiveElement();
    this.dialog.showModal();
    if (!this.hasAttribute('open')) this.setAttribute('open', '');
    const preferred = this.querySelector('[data-autofocus], [autofocus]');
    const content = this.focusables().filter((element) => element !== this.closeButton);
    (preferred ?? content[0] ?? this.closeButton).focus();
    this.emit('open');
  }

  /** Opens the dialog as a modal. */
  show() {
    this.openModal();
  }

  /** Closes the dialog; `returnValue` is reported in the `close` event. */
  close(returnValue = '') {
    if (!this.dialog?.open) return;
    this.dialog.close();
    this.removeAttribute('open');
    const target = this.returnFocus;
    this.returnFocus = null;
    if (target?.isConnected) target.focus();
    this.emit('close', { returnValue });
  }

  get open() {
    return Boolean(this.dialog?.open);
  }
}

define('alga-dialog', AlgaDialog);
