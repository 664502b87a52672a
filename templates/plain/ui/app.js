// The plain starter: the SDK for the host connection, the UI kit for the components, no framework.

import { connect } from './vendor/extension-iframe-sdk/src/index.js';
import { h, toast } from './vendor/ui-kit/src/index.js';

const byId = (id) => document.getElementById(id);
const history = [];
const time = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function statusVariant(status) {
  if (status >= 500) return 'danger';
  if (status >= 400) return 'warning';
  return 'success';
}

function showSession(session) {
  byId('user').textContent = session?.user?.name ?? session?.user?.id ?? 'Unknown user';
  byId('tenant').textContent = session?.tenant?.name ?? session?.tenant?.id ?? '–';
}

function showExpiry(session) {
  if (!session) {
    byId('expiry').textContent = 'None';
    return;
  }
  const seconds = Math.max(0, Math.round((session.expiresAt - Date.now()) / 1000));
  byId('expiry').textContent = seconds > 0 ? `Expires in ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` : 'Expired';
}

function setUpHistory() {
  const table = byId('history');
  table.columns = [
    { key: 'at', label: 'Time', sortable: true, format: (value) => time.format(value) },
    { key: 'method', label: 'Method', sortable: true },
    { key: 'path', label: 'Path', sortable: true },
    { key: 'status', label: 'Status', sortable: true, format: (value) => h('alga-badge', { variant: statusVariant(value) }, String(value)) },
    { key: 'ms', label: 'Duration', sortable: true, align: 'end', format: (value) => `${value} ms` },
  ];
  table.rows = history;
}

async function send(ext) {
  const method = byId('method').value;
  const path = byId('path').value.trim();
  const body = method === 'GET' ? undefined : byId('body').value;
  const button = byId('send');
  button.loading = true;
  const started = performance.now();
  try {
    const response = await ext.api.call(method, path, body);
    const ms = Math.round(performance.now() - started);
    let text = response.text();
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON: show the text as it is.
    }
    byId('status-line').replaceChildren(h('alga-badge', { variant: statusVariant(response.status) }, `${response.status}`),
      ` ${method} ${path} · ${ms} ms`);
    byId('response-body').textContent = text;
    history.unshift({ at: new Date(), method, path, status: response.status, ms });
    byId('history').rows = history;
  } catch (error) {
    toast(error.message, { title: `Request failed (${error.code})`, variant: 'danger' });
  } finally {
    button.loading = false;
  }
}

async function main() {
  setUpHistory();
  let ext;
  try {
    ext = await connect();
  } catch (error) {
    byId('connection').textContent = 'Not connected';
    byId('connection').setAttribute('variant', 'danger');
    toast(`${error.message}. Open this extension from the host app.`, { title: 'Not connected', variant: 'danger', timeoutMs: 0 });
    return;
  }
  byId('connection').textContent = 'Connected';
  byId('connection').setAttribute('variant', 'success');
  showSession(ext.session);
  showExpiry(ext.session);
  byId('scheme').textContent = ext.theme.scheme === 'dark' ? 'Dark' : 'Light';
  ext.on('session', (session) => showSession(session));
  ext.on('theme', (theme) => { byId('scheme').textContent = theme.scheme === 'dark' ? 'Dark' : 'Light'; });
  setInterval(() => showExpiry(ext.session), 1000);
  byId('send').addEventListener('click', () => send(ext));
  await send(ext);
}

main();
