// The Alga client-portal sample's page, ported: the host hands over the session (no query
// parameters, no cookies), and the handler is called through the host with ext.api.call
// (a sandboxed frame cannot fetch the host's origin). Values are set with textContent, never HTML.

import { connect } from './vendor/extension-iframe-sdk/src/index.js';
import { toast } from './vendor/ui-kit/src/index.js';

const byId = (id) => document.getElementById(id);

async function callHandler(ext) {
  const response = await ext.api.call('GET', '/info');
  let data = null;
  try {
    data = JSON.parse(response.text());
  } catch {
    // Not JSON: reported below.
  }
  if (response.status >= 400 || !data) {
    const detail = data?.error?.message ?? `HTTP ${response.status}`;
    byId('message').textContent = `Error: ${detail}`;
    toast(detail, { title: 'Handler call failed', variant: 'danger' });
    return;
  }
  byId('message').textContent = data.message ?? 'N/A';
  byId('tenant-id').textContent = data.context?.tenantId ?? 'N/A';
  byId('extension-id').textContent = data.context?.extensionId ?? 'N/A';
  byId('request-id').textContent = data.context?.requestId ?? 'N/A';
  byId('version').textContent = data.version ?? 'N/A';
}

async function main() {
  let ext;
  try {
    ext = await connect();
  } catch (error) {
    byId('connection').textContent = 'Not connected';
    byId('connection').setAttribute('variant', 'danger');
    byId('message').textContent = 'Open this extension from the host app.';
    return;
  }
  byId('connection').textContent = 'Connected';
  byId('connection').setAttribute('variant', 'success');
  byId('tenant').textContent = ext.session?.tenant?.name ?? ext.session?.tenant?.id ?? '–';
  byId('user').textContent = ext.session?.user?.name ?? ext.session?.user?.id ?? '–';
  byId('path').textContent = window.location.hash.slice(1) || '/';
  ext.on('deep-link', (link) => { byId('path').textContent = link?.path ?? '/'; });
  await callHandler(ext);
}

main();
