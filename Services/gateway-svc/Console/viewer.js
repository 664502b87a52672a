// "Open Extension": the extension's UI from assets-svc in a sandbox="allow-scripts" iframe,
// embedded by the host bridge. Its API calls go to /console/proxy/api/ext/... with the session
// cookie and the CSRF header; the iframe itself never holds a credential.

import { embedExtension } from './sdk/host-bridge/src/index.js';
import { lightTheme, toast } from './sdk/ui-kit/src/index.js';
import { csrf, get } from './api.js';

const byId = (id) => document.getElementById(id);
let embed = null;
let tenant = null;

let user = null;

export function setUpViewer(session) {
  tenant = session.tenant;
  user = { id: session.api_key_id ?? 'console', name: 'Tenant administrator' };
  byId('viewer-close').addEventListener('click', () => closeExtension());
}

function randomToken() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function openExtension(name) {
  closeExtension();
  let ui;
  try {
    ui = await get(`/installs/${encodeURIComponent(name)}/ui`);
  } catch (error) {
    toast(error.message, { title: `Cannot open ${name} (${error.code})`, variant: 'danger', timeoutMs: 0 });
    return;
  }
  byId('viewer-title').textContent = ui.title;
  byId('viewer-meta').textContent = `${ui.extension} · version ${ui.version} · sandboxed`;
  byId('viewer').hidden = false;
  embed = embedExtension(byId('viewer-frame'), {
    src: ui.src,
    extensionId: ui.extension,
    title: `${ui.title} (extension)`,
    theme: lightTheme,
    gatewayBase: `${window.location.origin}/console/proxy`,
    credentials: 'same-origin',
    getAuthHeaders: () => ({ 'x-csrf-token': csrf() ?? '' }),
    // A display session: who and which tenant, short-lived. It is not a credential.
    getSession: async () => ({ token: randomToken(), expiresAt: Date.now() + 10 * 60_000, user, tenant: { id: tenant } }),
    onNavigate: () => true,
    onError: (error) => toast(error.message, { title: `Extension error (${error.code})`, variant: 'danger' }),
    limits: { maxHeight: 1600 },
  });
  try {
    await embed.ready;
    byId('viewer').scrollIntoView({ block: 'start' });
  } catch (error) {
    toast(error.message, { title: `${name} did not start (${error.code})`, variant: 'danger', timeoutMs: 0 });
  }
}

export function closeExtension() {
  if (embed) embed.destroy();
  embed = null;
  byId('viewer').hidden = true;
}

export function openName() {
  return embed ? byId('viewer-meta').textContent.split(' ')[0] : null;
}

/** For tests and diagnostics: the live embed's counters. */
window.consoleEmbed = () => embed;
