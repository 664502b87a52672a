// Small display helpers shared by the console's views.

import { h } from './sdk/ui-kit/src/index.js';

export const CAPABILITIES = {
  log: 'Write log lines',
  metrics: 'Emit metrics',
  'http.fetch': 'Call external HTTP services (egress allowlist applies)',
  'secrets.get': 'Read the secrets you enter here',
  'storage.kv': 'Store data for this tenant',
  'context.read': 'Read the caller\'s user and tenant',
  'events.subscribe': 'Receive host application events',
};

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function when(value, withSeconds = false) {
  if (!value) return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : (withSeconds ? time : dateTime).format(date);
}

// Table cells render inside <alga-table>'s shadow root, where the page's stylesheet does not
// reach: cell content is laid out with plain elements and spaces, not page classes.

export function capabilityBadges(list) {
  if (!list || list.length === 0) return 'None';
  return h('span', {}, ...list.flatMap((cap, i) => [i > 0 ? ' ' : null, h('alga-badge', { variant: 'neutral' }, cap)]));
}

/** A name over a secondary line, for the first column of a table. */
export function nameCell(name, detail) {
  return h('span', {}, h('strong', {}, name), h('br'), h('small', {}, detail));
}

/** Buttons side by side with a space between (they wrap as words do). */
export function buttonRow(...buttons) {
  return h('span', {}, ...buttons.filter(Boolean).flatMap((b, i) => [i > 0 ? ' ' : null, b]));
}

export function statusBadge(status) {
  const variant = status >= 500 ? 'danger' : status >= 400 ? 'warning' : 'success';
  return h('alga-badge', { variant }, String(status));
}

/** A button with a stable id (keyboard walks and tests name controls by id). */
export function actionButton(id, label, onClick, variant = 'secondary') {
  const button = h('alga-button', { id, size: 'sm', variant }, label);
  button.addEventListener('click', onClick);
  return button;
}

/** An id fragment from an extension name (letters, digits and dashes). */
export function slug(name) {
  return name.replace(/[^A-Za-z0-9]+/g, '-');
}
