// The connected extension: what `connect()` resolves with. It owns the channel to the host and
// exposes the API proxy, theme, session, navigation and resize.

import { ApiClient } from './api-client.js';
import { AutoResize } from './auto-resize.js';
import { SdkError, ErrorCode } from './errors.js';
import { isPlainObject } from './envelope.js';
import { MessageType } from './protocol.js';
import { Pacer } from './pacer.js';
import { RequestTracker } from './request-tracker.js';
import { checkPath, checkSession, checkTheme } from './rules.js';
import { applyTheme } from './theme.js';

const EVENTS = ['theme', 'session', 'deep-link', 'close', 'violation'];
const SESSION_MARGIN_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

export class ExtensionClient {
  /**
   * Built by `connect()` once the host's `init` arrived; takes ownership of `channel`.
   * @param {import('./channel.js').Channel} channel
   * @param {object} init the validated `init` payload
   * @param {{applyTheme: boolean, autoResize: boolean}} options
   */
  constructor(channel, init, options) {
    this.channel = channel;
    this.pacer = new Pacer(init.limits);
    this.tracker = new RequestTracker(channel, {
      pace: (send) => this.pacer.run(send), maxInFlight: Math.max(1, Math.floor(init.limits.maxInFlight)),
    });
    this.api = new ApiClient(this.tracker);
    this.extensionId = init.extensionId;
    this.limits = init.limits;
    this.theme = init.theme;
    this.session = init.session;
    this.path = init.path;
    this.listeners = new Map(EVENTS.map((name) => [name, new Set()]));
    this.applyThemes = options.applyTheme;
    if (this.applyThemes) applyTheme(this.theme);
    this.resizer = new AutoResize((height) => this.pacer.run(() => this.channel.send(MessageType.resize, { height })));
    if (options.autoResize) this.resizer.start();
  }

  /**
   * Subscribes to `theme` (Theme), `session` (Session), `deep-link` (path string), `close` or
   * `violation` ({kind, reason}: a message from the host was refused). Returns an unsubscribe function.
   */
  on(name, listener) {
    const set = this.listeners.get(name);
    if (!set) throw new SdkError(ErrorCode.invalidRequest, `on: unknown event ${String(name)}`);
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(name, value) {
    for (const listener of this.listeners.get(name)) {
      try {
        listener(value);
      } catch (error) {
        queueMicrotask(() => { throw error; });
      }
    }
  }

  /** Called by the channel for each accepted envelope from the host. */
  receive(envelope) {
    const payload = envelope.payload;
    switch (envelope.type) {
      case MessageType.response:
        this.tracker.settle(envelope);
        return;
      case MessageType.theme: {
        const theme = { scheme: payload.scheme, tokens: payload.tokens };
        const problem = checkTheme(theme);
        if (problem) return this.emit('violation', { kind: 'invalid_request', reason: problem });
        this.theme = theme;
        if (this.applyThemes) applyTheme(theme);
        this.emit('theme', theme);
        return;
      }
      case MessageType.session: {
        const problem = checkSession(payload.session);
        if (problem) return this.emit('violation', { kind: 'invalid_request', reason: problem });
        this.session = payload.session;
        this.emit('session', payload.session);
        return;
      }
      case MessageType.deepLink: {
        const problem = checkPath('path', payload.path, { allowFragment: true });
        if (problem) return this.emit('violation', { kind: 'invalid_request', reason: problem });
        this.path = payload.path;
        this.emit('deep-link', payload.path);
        return;
      }
      default:
        this.emit('violation', { kind: 'invalid_envelope', reason: `unexpected ${envelope.type}` });
    }
  }

  /**
   * A session valid for at least a few more seconds: the current one, or a fresh one the host
   * fetches. Rejects with `session_unavailable` when the host has none.
   */
  async getSession({ signal } = {}) {
    if (this.session && this.session.expiresAt - Date.now() > SESSION_MARGIN_MS) return this.session;
    const result = await this.tracker.request(MessageType.sessionRefresh, {}, { timeoutMs: REQUEST_TIMEOUT_MS, signal });
    const problem = checkSession(result.session);
    if (problem) throw new SdkError(ErrorCode.sessionUnavailable, problem);
    this.session = result.session;
    this.emit('session', this.session);
    return this.session;
  }

  /**
   * Asks the host to navigate its own UI to reflect `path` (the host decides; it never leaves
   * the host app). Rejects with `navigation_refused` when the host declines.
   */
  async navigate(path, { replace = false, signal } = {}) {
    const problem = checkPath('path', path, { allowFragment: true });
    if (problem) throw new SdkError(ErrorCode.invalidRequest, problem);
    await this.tracker.request(MessageType.navigate, { path, replace: replace === true }, { timeoutMs: REQUEST_TIMEOUT_MS, signal });
    this.path = path;
  }

  /** Starts or stops reporting the document height (started by default). */
  setAutoResize(enabled) {
    if (enabled) this.resizer.start();
    else this.resizer.stop();
  }

  /** Closes the connection; pending requests reject with `closed`. Idempotent. */
  close(reason = 'closed by the extension') {
    if (this.channel.closed) return;
    this.resizer.stop();
    this.pacer.clear();
    this.channel.close();
    this.tracker.failAll(reason);
    this.emit('close', reason);
  }
}

/** Validates an `init` payload; returns the reason or null. */
export function checkInit(payload) {
  if (typeof payload.extensionId !== 'string' || payload.extensionId.length === 0 || payload.extensionId.length > 256) {
    return 'init.extensionId: not a string';
  }
  const themeProblem = checkTheme(payload.theme);
  if (themeProblem) return `init.${themeProblem}`;
  if (payload.session !== null) {
    const sessionProblem = checkSession(payload.session);
    if (sessionProblem) return `init.${sessionProblem}`;
  }
  const pathProblem = checkPath('init.path', payload.path, { allowFragment: true });
  if (pathProblem) return pathProblem;
  if (!isPlainObject(payload.limits)) return 'init.limits: not an object';
  for (const key of ['maxMessageBytes', 'ratePerSecond', 'burst', 'maxInFlight']) {
    if (typeof payload.limits[key] !== 'number' || !(payload.limits[key] > 0)) return `init.limits.${key}: not a positive number`;
  }
  return null;
}
