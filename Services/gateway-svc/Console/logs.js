// The execution logs tab: the tenant's calls, newest first, filtered by extension, result,
// time range and error code.

import { h, toast } from './sdk/ui-kit/src/index.js';
import { get } from './api.js';
import { statusBadge, when } from './format.js';

const byId = (id) => document.getElementById(id);
let names = new Map();

export function setUpLogs() {
  byId('logs').columns = [
    { key: 'started_at', label: 'Time', sortable: true, format: (value) => when(value, true) },
    { key: 'extension_id', label: 'Extension', sortable: true, format: (id) => names.get(id) ?? (id ? id.slice(0, 8) : '–') },
    { key: 'endpoint', label: 'Endpoint' },
    { key: 'http_status', label: 'Status', sortable: true, format: (status) => statusBadge(status) },
    { key: 'error_code', label: 'Error', format: (code) => code ?? '–' },
    { key: 'duration_us', label: 'Duration', sortable: true, align: 'end', format: (us) => `${(us / 1000).toFixed(1)} ms` },
    { key: 'request_id', label: 'Request id', format: (id) => h('small', {}, id) },
  ];
  byId('log-apply').addEventListener('click', () => loadLogs().catch((error) => toast(error.message, { variant: 'danger' })));
}

/** Offers the installed extensions as the extension filter. */
export function setLogExtensions(installs) {
  names = new Map(installs.filter((i) => i.extensionId).map((i) => [i.extensionId, i.name]));
  const select = byId('log-extension');
  const value = select.value;
  select.options = [{ value: '', label: 'All extensions' }, ...installs.filter((i) => i.extensionId).map((i) => ({ value: i.extensionId, label: i.name }))];
  select.value = names.has(value) ? value : '';
}

export async function loadLogs() {
  const query = new URLSearchParams();
  const pairs = { extension_id: byId('log-extension').value, status: byId('log-status').value,
    since_minutes: byId('log-since').value, error_code: byId('log-code').value.trim() };
  for (const [key, value] of Object.entries(pairs)) if (value) query.set(key, value);
  const page = await get(`/logs?${query}`);
  byId('logs').rows = (page?.items ?? []).map((row) => ({ ...row, endpoint: row.method ? `${row.method} ${row.path}` : '–' }));
}
