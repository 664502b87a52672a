// The iframe side of the handshake.
//
// 1. The host puts a fresh per-embed nonce in the iframe URL's fragment (`#alga-embed=<hex>`).
// 2. The SDK posts `hello {nonce}` to `window.parent` (the only window it ever talks to).
// 3. The host checks `event.source === iframe.contentWindow` and the nonce, then answers
//    `welcome {nonce}` with a transferred MessagePort. The SDK accepts it only from
//    `window.parent`, with its own nonce and exactly one port.
// 4. Everything else travels on that port; the host's first message is `init`.

import { Channel } from './channel.js';
import { SdkError, ErrorCode } from './errors.js';
import { makeEnvelope, parseEnvelope } from './envelope.js';
import { ExtensionClient, checkInit } from './extension-client.js';
import { IFRAME_RECEIVES, MessageType, NONCE_PARAM, SDK_VERSION } from './protocol.js';
import { equalStrings } from './random.js';

const FRAGMENT = new RegExp(`^#${NONCE_PARAM}=([0-9a-f]{32})$`);
const WELCOME = new Set([MessageType.welcome]);

/** Reads the nonce from the fragment and removes it from the visible URL (routers never see it). */
function takeNonce() {
  const match = FRAGMENT.exec(window.location.hash);
  if (match === null) return null;
  try {
    history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}`);
  } catch {
    // A browser refusing the rewrite leaves the fragment in place; the nonce is single-use anyway.
  }
  return match[1];
}

/**
 * Connects to the host page. Resolves with an ExtensionClient once the host's `init` arrived;
 * rejects with SdkError `not_embedded` (no parent or no nonce) or `handshake_timeout`.
 * @param {{timeoutMs?: number, applyTheme?: boolean, autoResize?: boolean}} [options]
 */
export function connect(options = {}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const clientOptions = { applyTheme: options.applyTheme ?? true, autoResize: options.autoResize ?? true };
  if (window.parent === window) {
    return Promise.reject(new SdkError(ErrorCode.notEmbedded, 'not inside an iframe: open this page through the host app'));
  }
  const nonce = takeNonce();
  if (nonce === null) {
    return Promise.reject(new SdkError(ErrorCode.notEmbedded, `no ${NONCE_PARAM} nonce in the URL fragment`));
  }
  return new Promise((resolve, reject) => {
    let channel = null;
    const fail = (error) => {
      clearTimeout(timer);
      window.removeEventListener('message', onWindowMessage);
      channel?.close();
      reject(error);
    };
    const timer = setTimeout(() => fail(new SdkError(ErrorCode.handshakeTimeout, `no answer from the host within ${timeoutMs} ms`)), timeoutMs);

    const onWindowMessage = (event) => {
      if (event.source !== window.parent || channel !== null) return;
      const parsed = parseEnvelope(event.data, WELCOME);
      if (!parsed.ok || parsed.envelope.seq !== 0 || event.ports.length !== 1) return;
      if (!equalStrings(parsed.envelope.payload.nonce, nonce)) return;
      window.removeEventListener('message', onWindowMessage);
      let client = null;
      channel = new Channel(event.ports[0], {
        receives: IFRAME_RECEIVES,
        onEnvelope: (envelope) => {
          if (client) return client.receive(envelope);
          if (envelope.type !== MessageType.init) return;
          const problem = checkInit(envelope.payload);
          if (problem) return fail(new SdkError(ErrorCode.invalidRequest, problem));
          clearTimeout(timer);
          client = new ExtensionClient(channel, envelope.payload, clientOptions);
          resolve(client);
        },
        onViolation: (kind, reason) => client?.emit('violation', { kind, reason }),
      });
    };
    window.addEventListener('message', onWindowMessage);
    window.parent.postMessage(makeEnvelope(0, MessageType.hello, { nonce, sdk: SDK_VERSION }), '*');
  });
}
