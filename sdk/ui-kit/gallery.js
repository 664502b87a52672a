// The component gallery. Standalone it offers a light/dark switch; embedded by a host (an
// `alga-embed` nonce in the fragment) it connects through the SDK and follows the host's theme.

import { connect } from '../extension-iframe-sdk/src/index.js';
import { h, toast } from './src/index.js';

const customers = ['Acme Corporation', 'Globex', 'Initech', 'Umbrella Health', 'Stark Industries', 'Wayne Enterprises',
  'Hooli', 'Vandelay Imports', 'Wonka Industries', 'Cyberdyne Systems', 'Soylent', 'Tyrell Corporation'];
const statuses = [['Paid', 'success'], ['Sent', 'info'], ['Overdue', 'danger'], ['Draft', 'neutral'], ['Due soon', 'warning']];
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

function invoices() {
  return Array.from({ length: 23 }, (_, index) => {
    const [status, variant] = statuses[(index * 7) % statuses.length];
    return {
      number: `INV-${1040 + index}`,
      customer: customers[(index * 5) % customers.length],
      due: new Date(Date.UTC(2026, 0, 5 + index * 4)),
      status,
      variant,
      amount: Math.round(((index * 7919) % 9000) + 350) + ((index * 37) % 100) / 100,
    };
  });
}

function setUpTable() {
  const table = document.getElementById('invoices');
  table.columns = [
    { key: 'number', label: 'Invoice', sortable: true },
    { key: 'customer', label: 'Customer', sortable: true },
    { key: 'due', label: 'Due', sortable: true, format: (value) => day.format(value) },
    { key: 'status', label: 'Status', sortable: true, format: (value, row) => h('alga-badge', { variant: row.variant }, value) },
    { key: 'amount', label: 'Amount', sortable: true, align: 'end', format: (value) => money.format(value) },
  ];
  table.rows = invoices();
}

function setUpDialog() {
  const dialog = document.getElementById('dialog');
  const name = document.getElementById('invite-name');
  const email = document.getElementById('invite-email');
  document.getElementById('open-dialog').addEventListener('click', () => dialog.show());
  document.getElementById('invite-cancel').addEventListener('click', () => dialog.close('cancel'));
  document.getElementById('invite-send').addEventListener('click', () => {
    name.toggleAttribute('error', false);
    email.toggleAttribute('error', false);
    if (!name.value.trim()) name.setAttribute('error', 'Enter a name');
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.value)) email.setAttribute('error', 'Enter an email address, like name@example.com');
    if (name.hasAttribute('error') || email.hasAttribute('error')) return;
    dialog.close('sent');
    toast(`${email.value} will get an email shortly.`, { title: 'Invitation sent', variant: 'success' });
    name.value = '';
    email.value = '';
  });
}

function setUpToasts() {
  const samples = {
    info: ['Sync starts in a few seconds.', 'Sync scheduled'],
    success: ['Invoice INV-1042 was sent to billing@acme.com.', 'Invoice sent'],
    warning: ['3 invoices are due this week.', 'Payments due'],
    danger: ['The payment provider did not answer. Try again in a minute.', 'Payment failed'],
  };
  for (const [variant, [message, title]] of Object.entries(samples)) {
    document.getElementById(`toast-${variant}`).addEventListener('click', () => toast(message, { title, variant }));
  }
}

function setUpThemeSwitch() {
  const light = document.getElementById('theme-light');
  const dark = document.getElementById('theme-dark');
  const choose = (scheme) => {
    document.documentElement.dataset.algaScheme = scheme;
    light.toggleAttribute('pressed', scheme === 'light');
    dark.toggleAttribute('pressed', scheme === 'dark');
  };
  light.addEventListener('click', () => choose('light'));
  dark.addEventListener('click', () => choose('dark'));
}

setUpTable();
setUpDialog();
setUpToasts();
if (window.parent !== window && window.location.hash.includes('alga-embed=')) {
  document.getElementById('theme-switch').hidden = true;
  connect().catch((error) => toast(error.message, { title: 'Not connected to the host', variant: 'danger', timeoutMs: 0 }));
} else {
  setUpThemeSwitch();
}
