// A hostile extension that does not use the SDK: it speaks the wire protocol by hand so the tests
// can send forged, replayed, oversized and flooding messages (window.rogue).

const nonce = (/alga-embed=([0-9a-f]{32})/.exec(window.location.hash) ?? [])[1] ?? null;

function envelope(seq, type, payload, extra = {}) {
  return { alga: 'ext-ui', v: 1, seq, type, payload, ...extra };
}

const rogue = {
  nonce,
  port: null,
  init: null,
  received: [],
  seq: 0,
  envelope,

  /** Completes the handshake like the SDK would; resolves with the init payload. */
  handshake() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no welcome')), 5000);
      window.addEventListener('message', (event) => {
        if (event.source !== window.parent || !event.ports.length || rogue.port) return;
        rogue.port = event.ports[0];
        rogue.port.onmessage = (message) => {
          rogue.received.push(message.data);
          if (message.data.type === 'init') {
            rogue.init = message.data.payload;
            clearTimeout(timer);
            resolve({ extensionId: rogue.init.extensionId, limits: rogue.init.limits });
          }
        };
      });
      window.parent.postMessage(envelope(0, 'hello', { nonce, sdk: 'rogue' }), '*');
    });
  },

  next() {
    rogue.seq += 1;
    return rogue.seq;
  },

  /** Posts raw data on the port. */
  send(data, transfer = []) {
    rogue.port.postMessage(data, transfer);
  },

  /** A well-formed api request; returns its seq. */
  api(method, path, extra = {}) {
    const seq = rogue.next();
    rogue.send(envelope(seq, 'api', { method, path, headers: {}, body: null, ...extra }));
    return seq;
  },

  /** Waits for the response to `seq` (or null after timeoutMs). */
  async response(seq, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = rogue.received.find((m) => m.type === 'response' && m.re === seq);
      if (found) return found.payload;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  },

  responses() {
    return rogue.received.filter((m) => m.type === 'response').map((m) => ({ re: m.re, ok: m.payload.ok, code: m.payload.error?.code }));
  },

  /** Posts `count` api requests as fast as possible; returns how long posting took (ms). */
  flood(count, path = '/flood') {
    const started = performance.now();
    for (let i = 0; i < count; i += 1) rogue.api('GET', path);
    return performance.now() - started;
  },

  /** Posts `count` forged hello messages to the parent window. */
  floodWindow(count) {
    for (let i = 0; i < count; i += 1) window.parent.postMessage(envelope(0, 'hello', { nonce: '0'.repeat(32) }), '*');
  },

  postWindow(data) {
    window.parent.postMessage(data, '*');
  },
};

window.rogue = rogue;
