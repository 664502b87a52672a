// <alga-toast-region> and toast(): brief notifications in a polite live region (errors
// assertive), stacked bottom-right, dismissed by their close button or after `timeoutMs`
// (paused while hovered or focused; 0 keeps the toast until dismissed).

import { AlgaElement, define } from '../alga-element.js';
import { h } from '../dom.js';
import { icon } from '../icons.js';

const VARIANT_ICON = { info: 'info', success: 'check', warning: 'alert', danger: 'alert' };
const MAX_TOASTS = 4;

export class AlgaToastRegion extends AlgaElement {
  static styles = `
:host { position: fixed; z-index: 1000; right: var(--alga-space-4); bottom: var(--alga-space-4); width: min(380px, calc(100vw - 32px)); }
ol { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--alga-space-2); }
li {
  display: grid; grid-template-columns: auto 1fr auto; gap: var(--alga-space-3); align-items: start;
  padding: var(--alga-space-3) var(--alga-space-3) var(--alga-space-3) var(--alga-space-4);
  border: 1px solid var(--alga-color-border); border-left-width: 4px; border-radius: var(--alga-radius-md);
  background: var(--alga-color-surface); box-shadow: var(--alga-shadow-lg); animation: enter 160ms ease-out;
}
li.success { border-left-color: var(--alga-color-success-subtle-text); }
li.warning { border-left-color: var(--alga-color-warning-subtle-text); }
li.danger { border-left-color: var(--alga-color-danger); }
li.info { border-left-color: var(--alga-color-primary); }
.glyph { margin-top: 2px; }
.success .glyph { color: var(--alga-color-success-subtle-text); }
.warning .glyph { color: var(--alga-color-warning-subtle-text); }
.danger .glyph { color: var(--alga-color-danger-subtle-text); }
.info .glyph { color: var(--alga-color-primary); }
.title { font-weight: 650; }
.message { color: var(--alga-color-text-muted); }
.dismiss {
  display: inline-flex; align-items: center; justify-content: center; width: 28px; height: 28px; border: 0;
  border-radius: var(--alga-radius-sm); background: transparent; color: var(--alga-color-text-muted); cursor: pointer;
}
.dismiss:hover { background: var(--alga-color-surface-hover); color: var(--alga-color-text); }
@keyframes enter { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
`;

  build(root) {
    this.polite = h('ol', { 'aria-live': 'polite', 'aria-relevant': 'additions' });
    root.append(h('section', { 'aria-label': 'Notifications' }, this.polite));
  }

  /** Shows a toast; returns a function that dismisses it. */
  show(message, { title = '', variant = 'info', timeoutMs = 5000 } = {}) {
    const kind = VARIANT_ICON[variant] ? variant : 'info';
    const item = h('li', { class: kind, role: kind === 'danger' ? 'alert' : 'status' },
      icon(VARIANT_ICON[kind], { size: 18, className: 'icon glyph' }),
      h('div', {}, title ? h('div', { class: 'title' }, title) : null, h('div', { class: 'message' }, message)),
      h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss notification', on: { click: () => dismiss() } },
        icon('close', { size: 16 })));
    let timer = 0;
    let remaining = timeoutMs;
    let startedAt = 0;
    const arm = () => {
      if (remaining <= 0) return;
      startedAt = Date.now();
      timer = setTimeout(() => dismiss(), remaining);
    };
    const pause = () => {
      if (!timer) return;
      clearTimeout(timer);
      timer = 0;
      remaining -= Date.now() - startedAt;
    };
    const dismiss = () => {
      clearTimeout(timer);
      if (!item.isConnected) return;
      const hadFocus = item.contains(this.shadowRoot.activeElement);
      item.remove();
      if (hadFocus) this.shadowRoot.querySelector('.dismiss')?.focus();
      this.emit('toast-dismiss', { message });
    };
    item.addEventListener('mouseenter', pause);
    item.addEventListener('focusin', pause);
    item.addEventListener('mouseleave', arm);
    item.addEventListener('focusout', arm);
    this.polite.append(item);
    while (this.polite.children.length > MAX_TOASTS) this.polite.firstElementChild.remove();
    arm();
    return dismiss;
  }
}

define('alga-toast-region', AlgaToastRegion);

/**
 * Shows a toast in the document's toast region (created on first use).
 * @param {string} message
 * @param {{title?: string, variant?: 'info'|'success'|'warning'|'danger', timeoutMs?: number}} [options]
 */
export function toast(message, options) {
  let region = document.querySelector('alga-toast-region');
  if (!region) {
    region = document.createElement('alga-toast-region');
    document.body.append(region);
  }
  return region.show(message, options);
}
