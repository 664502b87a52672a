// The installed tab: status, version and capabilities of each install, with enable/disable,
// change version, uninstall and Open Extension.

import { h, toast } from './sdk/ui-kit/src/index.js';
import { del, get, post } from './api.js';
import { actionButton, buttonRow, capabilityBadges, nameCell, slug, when } from './format.js';

const byId = (id) => document.getElementById(id);
let hooks = { open: () => {}, changed: async () => {} };
let pending = null;

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
    actionButton(`upgrade-${id}`, 'Version', () => openUpgrade(name, row.version)),
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

async function openUpgrade(name, version) {
  try {
    const page = await get(`/catalog/${encodeURIComponent(name)}/versions`);
    const versions = (page?.items ?? []).map((v) => v.version);
    pending = name;
    byId('upgrade-dialog').setAttribute('heading', `Change version of ${name}`);
    byId('upgrade-version').options = versions.map((v) => ({ value: v, label: v === version ? `${v} (installed)` : v }));
    byId('upgrade-version').value = version;
    byId('upgrade-dialog').show();
  } catch (error) {
    toast(error.message, { title: 'Could not load versions', variant: 'danger' });
  }
}

async function confirmUpgrade() {
  const version = byId('upgrade-version').value;
  try {
    await post(`/installs/${encodeURIComponent(pending)}/upgrade`, { version });
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
