// The test host page: embeds extensions through the host bridge and records everything the
// bridge reports, for the tests to read (window.harness).

import { embedExtension } from '/sdk/host-bridge/src/index.js';
import { themes } from '/sdk/ui-kit/src/themes.js';

const params = new URLSearchParams(window.location.search);
const assetsOrigin = params.get('assets');

// Count the window 'message' listeners, to prove destroy() removes the bridge's.
const messageListeners = new Set();
const add = window.addEventListener.bind(window);
const remove = window.removeEventListener.bind(window);
window.addEventListener = (type, listener, options) => {
  if (type === 'message') messageListeners.add(listener);
  return add(type, listener, options);
};
window.removeEventListener = (type, listener, options) => {
  if (type === 'message') messageListeners.delete(listener);
  return remove(type, listener, options);
};

// Every window message the page receives, by sender kind (a marker for message ordering).
const windowMessages = [];
window.addEventListener('message', (event) => {
  const kind = event.source === document.getElementById('widget')?.contentWindow ? 'widget' : 'other';
  windowMessages.push({ kind, type: event.data?.type ?? null, marker: event.data?.marker ?? null });
});

let sessionCounter = 0;
let pings = 0;
let scheme = 'light';

function sessionFor(config) {
  return async () => {
    if (config.sessionDelayMs) await new Promise((resolve) => setTimeout(resolve, config.sessionDelayMs));
    if (config.sessionMode === 'fail') throw new Error('sign-in required');
    sessionCounter += 1;
    const ttl = config.sessionMode === 'long' ? 24 * 3600_000 : (config.sessionTtlMs ?? 120_000);
    const session = {
      token: `sess-${sessionCounter}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(16)}`,
      expiresAt: Date.now() + ttl,
      user: { id: 'u-ada', name: 'Ada Lovelace', email: 'ada@acme.test' },
      tenant: { id: 't-acme', name: 'Acme Corp' },
    };
    harness.issued.push(session.token);
    return session;
  };
}

function srcFor(page) {
  return /^https?:/.test(page) ? page : `${assetsOrigin}/${page}`;
}

const harness = {
  embeds: {},
  events: {},
  issued: [],
  pings: () => pings,
  listenerCount: () => messageListeners.size,
  windowMessages: () => windowMessages,
  theme: (name) => themes[name],

  create(name, config = {}) {
    const events = { ready: [], security: [], errors: [], navigations: [], resizes: [] };
    harness.events[name] = events;
    const slot = document.createElement('section');
    slot.className = 'slot';
    slot.dataset.name = name;
    document.getElementById('slots').append(slot);
    const theme = typeof config.theme === 'object' ? config.theme : themes[config.theme ?? scheme];
    const embed = embedExtension(slot, {
      src: srcFor(config.page ?? 'ext/probe.html'),
      extensionId: config.extensionId ?? 'com.acme.probe',
      title: config.title ?? `Extension ${name}`,
      theme,
      initialPath: config.initialPath ?? '/',
      gatewayBase: config.gatewayBase ?? window.location.origin,
      limits: config.limits ?? {},
      getSession: config.noSession ? undefined : sessionFor(config),
      getAuthHeaders: () => ({ authorization: 'Bearer user-credential-ada', 'x-csrf-token': 'csrf-host-123' }),
      onNavigate: (path, options) => {
        events.navigations.push({ path, replace: options.replace });
        if (path.startsWith('/forbidden')) return false;
        document.getElementById('route').textContent = path;
        return true;
      },
      onReady: (info) => events.ready.push(info),
      onResize: (height) => events.resizes.push(height),
      onError: (error) => events.errors.push({ code: error.code, message: error.message }),
      onSecurityEvent: (event) => events.security.push(event),
    });
    harness.embeds[name] = embed;
    if (config.title) {
      document.getElementById('page-title').textContent = config.title;
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = `#${name}`;
      link.textContent = config.title;
      link.setAttribute('aria-current', 'page');
      item.append(link);
      document.getElementById('extension-nav').append(item);
    }
    return name;
  },

  /** Adds a third-party (non-extension) frame to the page; resolves when it has loaded. */
  addWidget(src) {
    return new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.id = 'widget';
      frame.title = 'Third-party widget';
      frame.addEventListener('load', () => resolve(true), { once: true });
      frame.src = src;
      document.getElementById('slots').append(frame);
    });
  },

  /** The index in window.frames of an embed's iframe (or of the widget). */
  frameIndex(name) {
    const target = name === 'widget' ? document.getElementById('widget') : harness.embeds[name].iframe;
    return Array.from({ length: window.frames.length }, (_, i) => window.frames[i]).indexOf(target.contentWindow);
  },

  setScheme(next) {
    scheme = next;
    document.documentElement.dataset.theme = next;
    document.getElementById('theme-toggle').textContent = next === 'dark' ? 'Light mode' : 'Dark mode';
    for (const embed of Object.values(harness.embeds)) if (embed.state !== 'destroyed') embed.setTheme(themes[next]);
  },
};

document.getElementById('ping').addEventListener('click', () => {
  pings += 1;
  document.getElementById('ping-count').textContent = String(pings);
});
document.getElementById('theme-toggle').addEventListener('click', () => harness.setScheme(scheme === 'dark' ? 'light' : 'dark'));
if (params.get('autoload')) {
  if (params.get('scheme') === 'dark') harness.setScheme('dark');
  harness.create('main', { page: params.get('autoload'), extensionId: params.get('id') ?? 'com.acme.probe', title: params.get('title') ?? 'Extension' });
}
window.harness = harness;
