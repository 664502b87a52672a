// A well-behaved extension built on the SDK; the tests drive it from inside the frame (window.probe).

import { connect } from '/sdk/extension-iframe-sdk/src/index.js';

const probe = {
  client: null,
  error: null,
  events: { theme: [], session: [], deepLink: [], close: [], violation: [] },

  async start(options = {}) {
    try {
      probe.client = await connect(options);
    } catch (error) {
      probe.error = { code: error.code, message: error.message };
      document.getElementById('status').textContent = `failed: ${error.code}`;
      throw error;
    }
    const client = probe.client;
    client.on('theme', (theme) => probe.events.theme.push(theme));
    client.on('session', (session) => probe.events.session.push(session));
    client.on('deep-link', (path) => {
      probe.events.deepLink.push(path);
      document.getElementById('path').textContent = path;
    });
    client.on('close', (reason) => probe.events.close.push(reason));
    client.on('violation', (event) => probe.events.violation.push(event));
    document.getElementById('status').textContent = 'connected';
    document.getElementById('path').textContent = client.path;
    return { extensionId: client.extensionId, path: client.path, theme: client.theme, session: client.session, limits: client.limits };
  },

  /** Sets the filler height (CSS classes: the CSP allows no style attributes). */
  setHeight(name) {
    document.getElementById('filler').className = `filler h-${name}`;
  },

  /** What this (sandboxed, opaque-origin) document can reach of the host. */
  isolation() {
    const attempt = (fn) => {
      try {
        const value = fn();
        return { ok: true, value: value === undefined ? 'undefined' : String(value).slice(0, 200) };
      } catch (error) {
        return { ok: false, error: error.name };
      }
    };
    return {
      origin: self.origin,
      cookie: attempt(() => document.cookie),
      localStorage: attempt(() => window.localStorage.length),
      sessionStorage: attempt(() => window.sessionStorage.length),
      parentDocument: attempt(() => window.parent.document.title),
      parentCookie: attempt(() => window.parent.document.cookie),
      parentLocalStorage: attempt(() => window.parent.localStorage.getItem('host_secret')),
      parentHarness: attempt(() => window.parent.harness.embeds),
      topLocation: attempt(() => window.top.location.href),
      frameElement: attempt(() => window.frameElement),
      openPopup: attempt(() => window.open('https://example.com/', '_blank')),
    };
  },

  async indexedDb() {
    return new Promise((resolve) => {
      try {
        const request = indexedDB.open('probe');
        request.onsuccess = () => resolve({ ok: true });
        request.onerror = () => resolve({ ok: false, error: request.error?.name ?? 'error' });
      } catch (error) {
        resolve({ ok: false, error: error.name });
      }
    });
  },
};

window.probe = probe;
if (!new URLSearchParams(window.location.search).has('manual')) probe.start().catch(() => {});
