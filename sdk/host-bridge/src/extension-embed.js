// One embedded extension: the sandboxed iframe, its handshake, and the host's side of the
// channel (API proxy, session hand-off, theme, navigation, resize), with per-embed rate and size
// limits. Created by `embedExtension()`; `destroy()` undoes everything.

import { Channel } from '../../extension-iframe-sdk/src/channel.js';
import { SdkError, ErrorCode } from '../../extension-iframe-sdk/src/errors.js';
import { makeEnvelope, measure, parseEnvelope, unknownMust } from '../../extension-iframe-sdk/src/envelope.js';
import { HOST_RECEIVES, MessageType, NONCE_PARAM, REQUEST_TYPES } from '../../extension-iframe-sdk/src/protocol.js';
import { equalStrings, randomHex } from '../../extension-iframe-sdk/src/random.js';
import { checkPath, checkTheme } from '../../extension-iframe-sdk/src/rules.js';
import { ApiProxy } from './api-proxy.js';
import { checkOptions } from './embed-options.js';
import { requestHandlers } from './embed-requests.js';
import { resolveLimits } from './host-limits.js';
import { SessionKeeper } from './session-keeper.js';
import { TokenBucket } from './token-bucket.js';

const HELLO = new Set([MessageType.hello]);
const SESSION_WAIT_MS = 5_000;
const VIOLATION_KINDS = ['invalid_envelope', 'replayed', 'rate_limited', 'payload_too_large', 'invalid_request',
  'unsupported', 'handshake', 'busy'];

export class ExtensionEmbed {
  /** See embedExtension() in index.js for the options. Throws TypeError naming a bad option. */
  constructor(container, options) {
    const checked = checkOptions(container, options);
    this.options = checked;
    this.limits = resolveLimits(options.limits);
    this.extensionId = checked.extensionId;
    this.theme = checked.theme;
    this.path = checked.initialPath;
    this.state = 'loading';
    this.counters = { connections: 0, accepted: 0, apiCalls: 0, reembeds: 0, height: this.limits.minHeight,
      violations: Object.fromEntries(VIOLATION_KINDS.map((kind) => [kind, 0])), violationTotal: 0 };
    this.bucket = new TokenBucket(this.limits.burst, this.limits.ratePerSecond);
    this.replyBucket = new TokenBucket(this.limits.burst, this.limits.ratePerSecond);
    this.inFlight = new Map();
    this.channel = null;
    this.proxy = new ApiProxy({
      gatewayBase: checked.gatewayBase, extensionId: checked.extensionId, getAuthHeaders: checked.getAuthHeaders,
      credentials: checked.credentials, fetch: checked.fetch, limits: this.limits,
    });
    this.sessions = new SessionKeeper(checked.getSession, {
      maxTtlMs: this.limits.maxSessionTtlMs,
      onUpdate: (session) => this.channel?.send(MessageType.session, { session }),
      onError: (error) => this.reportError(error),
    });
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {});

    this.handleWindowMessage = (event) => this.onWindowMessage(event);
    this.handleLoad = () => this.onLoad();
    window.addEventListener('message', this.handleWindowMessage);
    this.sessions.start();
    this.iframe = this.createFrame();
    container.append(this.iframe);
  }

  /**
   * A new iframe (a new browsing context, so a new `contentWindow`) pointed at the extension
   * with a fresh single-use nonce. Its first `load` is expected; any later one means the
   * document was replaced.
   */
  createFrame() {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('referrerpolicy', 'no-referrer');
    iframe.setAttribute('title', this.options.title);
    iframe.className = 'alga-extension-frame';
    iframe.style.display = 'block';
    iframe.style.width = '100%';
    iframe.style.border = '0';
    iframe.style.height = `${this.counters.height}px`;
    iframe.addEventListener('load', this.handleLoad);
    this.nonce = randomHex(16);
    this.expectLoad = true;
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = setTimeout(() => {
      if (this.state !== 'loading') return;
      const error = new SdkError(ErrorCode.handshakeTimeout, `the extension did not connect within ${this.limits.handshakeTimeoutMs} ms`);
      this.rejectReady(error);
      this.reportError(error);
    }, this.limits.handshakeTimeoutMs);
    iframe.src = `${this.options.src}#${NONCE_PARAM}=${this.nonce}`;
    return iframe;
  }

  onLoad() {
    if (this.expectLoad) {
      this.expectLoad = false;
      return;
    }
    // The document in the frame was replaced (a reload, or the extension navigating itself).
    // Only a document the host loaded with a fresh nonce may connect, and setting `src` again
    // would be a same-document fragment change: replace the whole frame instead.
    if (this.state !== 'loading' && this.state !== 'connected') return;
    this.counters.reembeds += 1;
    this.disconnect();
    if (this.counters.reembeds > this.limits.maxReembeds) {
      this.quarantine(`the frame's document was replaced more than ${this.limits.maxReembeds} times`);
      return;
    }
    this.state = 'loading';
    const old = this.iframe;
    old.removeEventListener('load', this.handleLoad);
    this.iframe = this.createFrame();
    old.replaceWith(this.iframe);
  }

  onWindowMessage(event) {
    if (event.source === null || event.source !== this.iframe.contentWindow) return;
    if (this.state !== 'loading' && this.state !== 'connected' && this.state !== 'connecting') return;
    for (const stray of event.ports) stray.close();
    const parsed = parseEnvelope(event.data, HELLO);
    if (!parsed.ok) return this.violation('invalid_envelope', `window message: ${parsed.reason}`);
    if (this.state !== 'loading') return this.violation('handshake', 'hello after the handshake (replayed)');
    if (parsed.envelope.seq !== 0 || event.ports.length !== 0 || !equalStrings(parsed.envelope.payload.nonce, this.nonce)) {
      return this.violation('handshake', 'hello with a wrong nonce');
    }
    const nonce = this.nonce;
    this.nonce = null;
    this.state = 'connecting';
    this.connect(event.source, nonce);
  }

  /** Completes the handshake: welcome + port to `source`, then `init` on the port. */
  async connect(source, nonce) {
    let timer = 0;
    await Promise.race([this.sessions.ready, new Promise((resolve) => { timer = setTimeout(resolve, SESSION_WAIT_MS); })]);
    clearTimeout(timer);
    if (this.state !== 'connecting') return;
    const { port1, port2 } = new MessageChannel();
    this.channel = new Channel(port1, {
      receives: HOST_RECEIVES,
      onEnvelope: (envelope) => this.receive(envelope),
      onViolation: (kind, reason, envelope) => this.violation(kind, reason, envelope),
      admit: () => this.bucket.take(),
    });
    source.postMessage(makeEnvelope(0, MessageType.welcome, { nonce }), '*', [port2]);
    this.channel.send(MessageType.init, {
      extensionId: this.extensionId,
      theme: this.theme,
      session: this.sessions.current(),
      path: this.path,
      limits: { maxMessageBytes: this.limits.maxMessageBytes, ratePerSecond: this.limits.ratePerSecond,
        burst: this.limits.burst, maxInFlight: this.limits.maxInFlight },
    });
    this.state = 'connected';
    this.counters.connections += 1;
    clearTimeout(this.handshakeTimer);
    this.resolveReady();
    this.callback('onReady', { reconnected: this.counters.connections > 1 });
  }

  receive(envelope) {
    this.counters.accepted += 1;
    const size = measure(envelope.payload, this.limits.maxMessageBytes);
    if (size < 0) return this.refuse(envelope, 'invalid_request', ErrorCode.invalidRequest, 'payload: holds data other than JSON values and ArrayBuffers');
    if (size === Infinity) {
      return this.refuse(envelope, 'payload_too_large', ErrorCode.payloadTooLarge,
        `payload: over the ${this.limits.maxMessageBytes}-byte message limit (or nested too deeply)`);
    }
    const missing = unknownMust(envelope);
    if (missing !== undefined) return this.refuse(envelope, 'unsupported', ErrorCode.unsupported, `payload.${missing.slice(0, 64)}: not understood`);
    const handler = requestHandlers[envelope.type];
    if (!handler) throw new Error(`BUG in ExtensionEmbed: channel accepted type ${envelope.type}`);
    handler(this, envelope, this.channel);
  }

  /**
   * Answers a request with an error (SdkError) or a result, on the channel it arrived on (a
   * closed channel sends nothing). No-op for notifications.
   */
  reply(envelope, error, result, channel = this.channel) {
    if (!REQUEST_TYPES.has(envelope.type)) return;
    const payload = error ? { ok: false, error: error.toWire() } : { ok: true, result };
    channel?.send(MessageType.response, payload, { re: envelope.seq, transfer: result?.body instanceof ArrayBuffer ? [result.body] : [] });
  }

  /** Records a violation and answers the request (if it is one) with `code`. */
  refuse(envelope, kind, code, message) {
    this.reply(envelope, new SdkError(code, message));
    this.violation(kind, message);
  }

  violation(kind, reason, envelope) {
    this.counters.violations[kind] += 1;
    this.counters.violationTotal += 1;
    if (kind === 'rate_limited' && envelope && this.replyBucket.take()) {
      this.reply(envelope, new SdkError(ErrorCode.rateLimited, `more than ${this.limits.ratePerSecond} messages per second`));
    }
    this.callback('onSecurityEvent', { kind, reason, extensionId: this.extensionId });
    if (this.counters.violationTotal >= this.limits.violationLimit) {
      this.quarantine(`${this.counters.violationTotal} refused messages`);
    }
  }

  /** Stops talking to a misbehaving extension: closes the channel and unloads its document. */
  quarantine(reason) {
    if (this.state === 'quarantined' || this.state === 'destroyed') return;
    this.disconnect();
    this.state = 'quarantined';
    this.sessions.stop();
    clearTimeout(this.handshakeTimer);
    this.iframe.src = 'about:blank';
    this.rejectReady(new SdkError(ErrorCode.closed, `quarantined: ${reason}`));
    this.callback('onSecurityEvent', { kind: 'quarantined', reason, extensionId: this.extensionId });
  }

  disconnect() {
    this.channel?.close();
    this.channel = null;
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  /** Sends a deep link: the extension should show `path`. */
  navigate(path) {
    const problem = checkPath('path', path, { allowFragment: true });
    if (problem) throw new TypeError(problem);
    this.path = path;
    this.channel?.send(MessageType.deepLink, { path });
  }

  /** Replaces the theme and pushes it to the extension. */
  setTheme(theme) {
    const problem = checkTheme(theme);
    if (problem) throw new TypeError(problem);
    this.theme = { scheme: theme.scheme, tokens: { ...theme.tokens } };
    this.channel?.send(MessageType.theme, this.theme);
  }

  /** A snapshot of the counters (connections, accepted messages, API calls, violations by kind, height). */
  stats() {
    return { state: this.state, inFlight: this.inFlight.size, ...structuredClone(this.counters) };
  }

  /** Removes the listeners, closes the port, aborts calls in flight, stops refreshes, removes the iframe. */
  destroy() {
    if (this.state === 'destroyed') return;
    this.disconnect();
    this.state = 'destroyed';
    window.removeEventListener('message', this.handleWindowMessage);
    this.iframe.removeEventListener('load', this.handleLoad);
    clearTimeout(this.handshakeTimer);
    this.sessions.stop();
    this.iframe.remove();
    this.rejectReady(new SdkError(ErrorCode.closed, 'the embed was destroyed'));
  }

  reportError(error) {
    this.callback('onError', error);
  }

  callback(name, value) {
    const fn = this.options[name];
    if (!fn) return;
    try {
      fn(value);
    } catch (error) {
      queueMicrotask(() => { throw error; });
    }
  }
}
