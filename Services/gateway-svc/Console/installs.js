// The installed tab: status, version and capabilities of each install, with enable/disable,
// change version, uninstall and Open Extension.

import { h, toast } from './sdk/ui-kit/src/index.js';
import { del, get, post } from './api.js';
import { CAPABILITIES, actionButton, buttonRow, capabilityBadges, nameCell, slug, when } from './format.js';

const byId = (id) => document.getElementById(id);
let hooks = { open: () => {}, changed: async () => {} };
let pending = null;
// The install being changed: its granted capabilities, and the chosen target's requested ones.
let upgrade = { granted: [], requested: [] };

export function setUpInstalls(options) {
  hooks = options;
  byId('installs').columns = [
    { key: 'name', label: 'Extension', sortable: true, format: (name, row) => nameCell(name, `Updated ${when(row.updated)}`) },
    { key: 'version', label: 'Version', sortable: true },
    { key: 'enabled', label: 'Status', sortable: true, format: (enabled, row) => enabled
      ? h('alga-badge', { variant: 'success' }, 'Enabled')
      : h('alga-badge', { variant: 'warning' }, row.reason ? `Disabled (${row.reason.replace(/_/g, ' ')})` : 'Disabled') },
    { key: 'caps', label: 'Capabilities', format: (caps) => capabilityBadges(caps) },
    { key: 'name', label: 'Actions', align: 'end', format: (name, row) => actionsFor(name, row) },
  ];
  byId('refresh-installs').addEventListener('click', () => hooks.changed());
  byId('upgrade-cancel').addEventListener('click', () => byId('upgrade-dialog').close('cancel'));
  byId('upgrade-confirm').addEventListener('click', () => confirmUpgrade());
  byId('upgrade-version').addEventListener('change', () => showNewCapabilities(byId('upgrade-version').value));
  byId('uninstall-cancel').addEventListener('click', () => byId('uninstall-dialog').close('cancel'));
  byId('uninstall-confirm').addEventListener('click', () => confirmUninstall());
}

function actionsFor(name, row) {
  const id = slug(name);
  return buttonRow(
    row.enabled ? actionButton(`open-${id}`, 'Open', () => hooks.open(name), 'primary') : null,
    row.enabled
      ? actionButton(`disable-${id}`, 'Disable', () => act(name, 'disable', 'Disabled'))
      : actionButton(`enable-${id}`, 'Enable', () => act(name, 'enable', 'Enabled')),
    actionButton(`upgrade-${id}`, 'Version', () => openUpgrade(name, row.version, row.caps)),
    actionButton(`uninstall-${id}`, 'Uninstall', () => openUninstall(name), 'danger'));
}

export async function loadInstalls() {
  const page = await get('/installs');
  const items = (page?.items ?? []).map((item) => ({
    name: item.extension?.name ?? '?',
    extensionId: item.extension?.id ?? null,
    version: item.version?.version ?? '?',
    enabled: item.enabled === true,
    reason: item.disabled_reason,
    caps: item.granted_caps ?? [],
    updated: item.updated_at,
  }));
  byId('installs').rows = items;
  return items;
}

async function act(name, action, done) {
  try {
    await post(`/installs/${encodeURIComponent(name)}/${action}`, {});
    toast(`${name}: ${done.toLowerCase()}.`, { title: done, variant: 'success' });
    await hooks.changed();
  } catch (error) {
    toast(error.message, { title: `${done} failed (${error.code})`, variant: 'danger', timeoutMs: 0 });
  }
}

async function openUpgrade(name, version, granted) {
  try {
    const page = await get(`/catalog/${encodeURIComponent(name)}/versions`);
    const versions = (page?.items ?? []).map((v) => v.version);
    pending = name;
    upgrade = { granted, requested: [] };
    byId('upgrade-new-caps').hidden = true;
    byId('upgrade-cap-list').replaceChildren();
    byId('upgrade-dialog').setAttribute('heading', `Change version of ${name}`);
    byId('upgrade-version').options = versions.map((v) => ({ value: v, label: v === version ? `${v} (installed)` : v }));
    byId('upgrade-version').value = version;
    byId('upgrade-dialog').show();
  } catch (error) {
    toast(error.message, { title: 'Could not load versions', variant: 'danger' });
  }
}

// The capabilities `version` requests that the install has not granted, as checkboxes (none
// ticked: granting stays a deliberate act).
async function showNewCapabilities(version) {
  const list = byId('upgrade-cap-list');
  list.setAttribute('aria-busy', 'true');
  const name = pending;
  try {
    const detail = await get(`/catalog/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`);
    if (byId('upgrade-version').value !== version || pending !== name) return;  // another choice is loading
    upgrade.requested = detail.capabilities ?? [];
    const added = upgrade.requested.filter((cap) => !upgrade.granted.includes(cap));
    list.replaceChildren(...added.map((cap) => {
      const input = h('input', { type: 'checkbox', id: `upgrade-grant-${slug(cap)}`, value: cap });
      return h('label', { class: 'check', for: `upgrade-grant-${slug(cap)}` }, input,
        h('span', {}, h('strong', { class: 'mono' }, cap), h('small', {}, CAPABILITIES[cap] ?? 'Capability')));
    }));
    byId('upgrade-new-caps').hidden = added.length === 0;
    list.dataset.version = version;
  } catch (error) {
    toast(error.message, { title: 'Could not load the version', variant: 'danger' });
  } finally {
    list.removeAttribute('aria-busy');
  }
}

async function confirmUpgrade() {
  const version = byId('upgrade-version').value;
  const ticked = [...byId('upgrade-cap-list').querySelectorAll('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value);
  const body = { version };
  // Only when something new is granted: the complete list, the kept grants the target still declares plus the ticked ones.
  if (ticked.length > 0) body.granted_caps = [...upgrade.granted.filter((cap) => upgrade.requested.includes(cap)), ...ticked];
  try {
    await post(`/installs/${encodeURIComponent(pending)}/upgrade`, body);
    byId('upgrade-dialog').close('done');
    toast(`${pending} now runs ${version}.`, { title: 'Version changed', variant: 'success' });
    await hooks.changed();
  } catch (error) {
    toast(error.message, { title: `Version change failed (${error.code})`, variant: 'danger', timeoutMs: 0 });
  }
}

function openUninstall(name) {
  pending = name;
  byId('uninstall-text').textContent = `Uninstall ${name}? Its configuration, secrets and stored data are deleted. This cannot be undone.`;
  byId('uninstall-dialog').show();
}

async function confirmUninstall() {
  const button = byId('uninstall-confirm');
  button.loading = true;
  try {
    await del(`/installs/${encodeURIComponent(pending)}`);
    byId('uninstall-dialog').close('done');
    toast(`${pending} was uninstalled.`, { title: 'Uninstalled', variant: 'success' });
    hooks.uninstalled?.(pending);
    await hooks.changed();
  } catch (error) {
    toast(error.message, { title: `Uninstall failed (${error.code})`, variant: 'danger', timeoutMs: 0 });
  } finally {
    button.loading = false;
  }
}
