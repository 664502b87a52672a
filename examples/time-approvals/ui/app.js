// Time approvals: the SDK for the host connection, the UI kit for the components, no framework.
// Every call goes through the host (ext.api.call), which adds the user's credential.

import { connect } from './vendor/extension-iframe-sdk/src/index.js';
import { h, toast } from './vendor/ui-kit/src/index.js';

const byId = (id) => document.getElementById(id);
const STATUSES = ['pending', 'approved', 'rejected'];
const state = { ext: null, status: 'pending', rejecting: null };
const hours = (minutes) => `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;

async function call(method, path, body) {
  const response = await state.ext.api.call(method, path, body === undefined ? undefined : JSON.stringify(body));
  let data = null;
  try {
    data = JSON.parse(response.text());
  } catch {
    // Not JSON: the status says enough.
  }
  if (response.status >= 400) {
    const message = data?.error?.message ?? `HTTP ${response.status}`;
    throw Object.assign(new Error(message), { code: data?.error?.code ?? String(response.status) });
  }
  return data;
}

async function refresh() {
  const [summary, list] = await Promise.all([call('GET', '/summary'), call('GET', `/entries?status=${state.status}`)]);
  for (const status of STATUSES) {
    byId(`${status}-count`).textContent = String(summary.count[status]);
    byId(`${status}-minutes`).textContent = hours(summary.minutes[status]);
  }
  byId('entries').rows = list.entries;
}

async function decide(entry, decision, body) {
  try {
    const result = await call('POST', `/entries/${entry.id}/${decision}`, body);
    const note = result.notification ? ` Payroll: ${result.notification.status}.` : '';
    toast(`${entry.person}, ${hours(entry.minutes)} on ${entry.project}.${note}`, { title: decision === 'approve' ? 'Approved' : 'Rejected', variant: 'success' });
  } catch (error) {
    toast(error.message, { title: `Could not ${decision} (${error.code})`, variant: 'danger' });
  }
  await refresh();
}

function setUpTable() {
  byId('entries').columns = [
    { key: 'date', label: 'Date', sortable: true },
    { key: 'person', label: 'Person', sortable: true },
    { key: 'project', label: 'Project', sortable: true },
    { key: 'minutes', label: 'Time', sortable: true, align: 'end', format: (value) => hours(value) },
    { key: 'note', label: 'Note' },
    {
      key: 'id', label: 'Actions', format: (_, entry) => entry.status !== 'pending'
        ? h('alga-badge', { variant: entry.status === 'approved' ? 'success' : 'danger' }, entry.status)
        : h('div', { class: 'row-actions' },
          h('alga-button', { size: 'sm', variant: 'primary', on: { click: () => decide(entry, 'approve', {}) } }, 'Approve'),
          h('alga-button', { size: 'sm', on: { click: () => openReject(entry) } }, 'Reject')),
    },
  ];
}

function openReject(entry) {
  state.rejecting = entry;
  byId('reason').value = '';
  byId('reject-dialog').open = true;
}

async function submitEntry() {
  const body = {
    person: byId('person').value.trim(),
    project: byId('project').value.trim(),
    date: byId('date').value,
    minutes: Number.parseInt(byId('minutes').value, 10),
    note: byId('note').value,
  };
  try {
    await call('POST', '/entries', body);
    byId('entry-dialog').open = false;
    toast(`${hours(body.minutes)} on ${body.project}`, { title: 'Submitted', variant: 'success' });
    await refresh();
  } catch (error) {
    toast(error.message, { title: `Not submitted (${error.code})`, variant: 'danger' });
  }
}

async function main() {
  setUpTable();
  try {
    state.ext = await connect();
  } catch (error) {
    byId('connection').textContent = 'Not connected';
    byId('connection').setAttribute('variant', 'danger');
    toast(`${error.message}. Open this extension from the host app.`, { title: 'Not connected', variant: 'danger', timeoutMs: 0 });
    return;
  }
  byId('connection').textContent = 'Connected';
  byId('connection').setAttribute('variant', 'success');
  byId('filter').addEventListener('tab-change', (event) => { state.status = STATUSES[event.detail.index]; refresh(); });
  byId('new-entry').addEventListener('click', () => {
    byId('date').value = new Date().toISOString().slice(0, 10);
    byId('entry-dialog').open = true;
  });
  byId('cancel-entry').addEventListener('click', () => { byId('entry-dialog').open = false; });
  byId('save-entry').addEventListener('click', submitEntry);
  byId('cancel-reject').addEventListener('click', () => { byId('reject-dialog').open = false; });
  byId('confirm-reject').addEventListener('click', async () => {
    const entry = state.rejecting;
    byId('reject-dialog').open = false;
    if (entry) await decide(entry, 'reject', { reason: byId('reason').value.trim() });
  });
  try {
    await refresh();
  } catch (error) {
    toast(error.message, { title: `Could not load entries (${error.code})`, variant: 'danger' });
  }
}

main();
