// The catalog tab and the "Install from registry" dialog: choose a version, review and grant
// its capabilities, enter configuration and secrets.

import { h, toast } from './sdk/ui-kit/src/index.js';
import { get, post } from './api.js';
import { CAPABILITIES, actionButton, nameCell, slug, when } from './format.js';

const byId = (id) => document.getElementById(id);
let current = null;
let onInstalled = () => {};

export function setUpCatalog(installed) {
  onInstalled = installed;
  byId('catalog').columns = [
    { key: 'name', label: 'Extension', sortable: true, format: (name, row) => nameCell(name, `by ${row.publisher}`) },
    { key: 'latest', label: 'Latest version', sortable: true },
    { key: 'published', label: 'Published', sortable: true, format: (value) => when(value) },
    { key: 'name', label: 'Actions', align: 'end', format: (name, row) => (row.installed
      ? h('alga-badge', { variant: 'success' }, 'Installed')
      : actionButton(`install-${slug(name)}`, 'Install', () => openInstall(name), 'primary')) },
  ];
  byId('refresh-catalog').addEventListener('click', () => loadCatalog());
  byId('install-cancel').addEventListener('click', () => byId('install-dialog').close('cancel'));
  byId('install-confirm').addEventListener('click', () => confirmInstall());
  byId('install-version').addEventListener('change', () => showVersion(byId('install-version').value));
}

export async function loadCatalog(installedNames = new Set()) {
  const page = await get('/catalog');
  byId('catalog').rows = (page?.items ?? []).map((item) => ({
    name: item.name,
    publisher: item.publisher,
    latest: item.latest_version?.version ?? '–',
    published: item.latest_version?.published_at ?? null,
    installed: installedNames.has(item.name),
  }));
}

async function openInstall(name) {
  try {
    const page = await get(`/catalog/${encodeURIComponent(name)}/versions`);
    const versions = (page?.items ?? []).map((v) => v.version);
    if (versions.length === 0) {
      toast('This extension has no installable version.', { variant: 'warning' });
      return;
    }
    current = { name, versions: {} };
    byId('install-summary').textContent = `${name} — review what it may do before granting.`;
    // Newest first; the suggestion is the newest release, as for the API and extctl (a
    // pre-release such as 1.1.0-beta.1 is offered but never preselected unless it is all there is).
    const suggested = versions.find((v) => !v.includes('-')) ?? versions[0];
    byId('install-version').options = versions.map((v) => ({ value: v, label: v.includes('-') ? `${v} (pre-release)` : v }));
    byId('install-version').value = suggested;
    byId('install-config').value = '';
    byId('install-secrets').value = '';
    byId('install-egress').value = '';
    byId('install-timeout').value = '';
    byId('install-memory').value = '';
    await showVersion(suggested);
    byId('install-dialog').show();
  } catch (error) {
    toast(error.message, { title: 'Could not load versions', variant: 'danger' });
  }
}

async function showVersion(version) {
  if (!current) return;
  const list = byId('capability-list');
  list.setAttribute('aria-busy', 'true');
  const detail = current.versions[version]
    ?? await get(`/catalog/${encodeURIComponent(current.name)}/versions/${encodeURIComponent(version)}`);
  current.versions[version] = detail;
  // Another version was chosen while this one loaded: its own call renders the list.
  if (byId('install-version').value !== version) return;
  const caps = detail.capabilities ?? [];
  list.replaceChildren(...caps.map((cap) => {
    const input = h('input', { type: 'checkbox', id: `grant-${slug(cap)}`, value: cap });
    return h('label', { class: 'check', for: `grant-${slug(cap)}` }, input,
      h('span', {}, h('strong', { class: 'mono' }, cap), h('small', {}, CAPABILITIES[cap] ?? 'Capability')));
  }));
  if (caps.length === 0) list.replaceChildren(h('p', { class: 'muted flush' }, 'This version requests no capabilities.'));
  list.dataset.version = version;
  list.removeAttribute('aria-busy');
}

function parseSecrets(text) {
  const secrets = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`Secrets line ${index + 1}: write NAME=value`);
    secrets[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return secrets;
}

async function confirmInstall() {
  const button = byId('install-confirm');
  const configField = byId('install-config');
  const secretsField = byId('install-secrets');
  configField.error = '';
  secretsField.error = '';
  let config;
  let secrets;
  try {
    config = JSON.parse(configField.value || '{}');
    if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new Error('not an object');
  } catch {
    configField.error = 'Enter a JSON object, like {"region": "eu"}';
    return;
  }
  try {
    secrets = parseSecrets(secretsField.value || '');
  } catch (error) {
    secretsField.error = error.message;
    return;
  }
  const egress = (byId('install-egress').value || '').split('\n').map((line) => line.trim()).filter((line) => line);
  const limits = {};
  for (const [id, key, max] of [['install-timeout', 'timeout_ms', 300000], ['install-memory', 'memory_mb', 4096]]) {
    const field = byId(id);
    field.error = '';
    const text = (field.value || '').trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      field.error = `Enter a whole number from 1 to ${max}, or leave it empty`;
      return;
    }
    limits[key] = value;
  }
  const grants = [...byId('capability-list').querySelectorAll('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value);
  const body = { extension: current.name, version: byId('install-version').value, granted_caps: grants, config };
  if (Object.keys(secrets).length > 0) body.secrets = secrets;
  if (egress.length > 0) body.egress_allowlist = egress;
  if (Object.keys(limits).length > 0) body.limits = limits;
  button.loading = true;
  try {
    await post('/installs', body);
    byId('install-dialog').close('installed');
    toast(`${current.name} ${body.version} is installed.`, { title: 'Installed', variant: 'success' });
    await onInstalled(current.name);
  } catch (error) {
    toast(error.message, { title: `Install failed (${error.code})`, variant: 'danger', timeoutMs: 0 });
  } finally {
    button.loading = false;
  }
}
