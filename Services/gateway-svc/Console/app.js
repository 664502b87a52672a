// The admin console: sign-in, then the installed, catalog and execution-log tabs and the
// extension viewer. Plain ES modules on the UI kit; no inline code (the page runs under a strict CSP).

import { toast } from './sdk/ui-kit/src/index.js';
import { ApiError, del, get, post, setCsrf } from './api.js';
import { loadCatalog, setUpCatalog } from './catalog.js';
import { loadInstalls, setUpInstalls } from './installs.js';
import { loadLogs, setLogExtensions, setUpLogs } from './logs.js';
import { closeExtension, openExtension, openName, setUpViewer } from './viewer.js';

const byId = (id) => document.getElementById(id);
let wired = false;

function showSignIn(message) {
  closeExtension();
  byId('app').hidden = true;
  byId('account').hidden = true;
  byId('signin').hidden = false;
  if (message) toast(message, { variant: 'warning' });
  byId('api-key').focus();
}

async function refresh() {
  const installs = await loadInstalls();
  setLogExtensions(installs);
  await loadCatalog(new Set(installs.map((i) => i.name)));
  await loadLogs();
}

/** Every view's error path: a lost session returns to sign-in, anything else is a toast. */
function report(error) {
  if (error instanceof ApiError && error.status === 401) {
    showSignIn('Your session has ended. Sign in again.');
    return;
  }
  toast(error.message, { title: 'Something went wrong', variant: 'danger' });
}

async function showApp(session) {
  setCsrf(session.csrf_token);
  byId('tenant').textContent = session.tenant;
  byId('signin').hidden = true;
  byId('account').hidden = false;
  byId('app').hidden = false;
  if (!wired) {
    wired = true;
    const changed = () => refresh().catch(report);
    setUpViewer(session);
    setUpCatalog(async () => {
      await changed();
      byId('tabs').querySelector('alga-tab-panel')?.setAttribute('selected', '');
    });
    setUpInstalls({ open: (name) => openExtension(name), changed,
      uninstalled: (name) => { if (openName() === name) closeExtension(); } });
    setUpLogs();
  }
  await refresh().catch(report);
  document.body.dataset.ready = 'true';
}

async function signIn() {
  const field = byId('api-key');
  const button = byId('signin-button');
  field.error = '';
  if (!field.value) {
    field.error = 'Enter your API key';
    return;
  }
  button.loading = true;
  try {
    const session = await post('/session', { api_key: field.value });
    field.value = '';
    await showApp(session);
  } catch (error) {
    field.error = error.status === 401 ? 'This API key is not valid' : error.message;
  } finally {
    button.loading = false;
  }
}

async function signOut() {
  try {
    await del('/session');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) report(error);
  }
  setCsrf(null);
  delete document.body.dataset.ready;
  showSignIn();
}

byId('signin-button').addEventListener('click', () => signIn());
byId('api-key').addEventListener('keydown', (event) => {
  if (event.key === 'Enter') signIn();
});
byId('sign-out').addEventListener('click', () => signOut());

get('/session').then((session) => (session.signed_in ? showApp(session) : showSignIn()), report);
