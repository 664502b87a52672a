// Typed errors of the SDK and the host bridge: a stable snake_case `code` callers switch on,
// and a message naming the field or reason. Codes are the same on both sides of the wire.

/** Every code an SdkError can carry (docs/iframe-sdk.md, "Errors"). */
export const ErrorCode = Object.freeze({
  // protocol (refusals sent by a receiver)
  invalidRequest: 'invalid_request',
  unsupported: 'unsupported',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  busy: 'busy',
  // connection (raised locally)
  notEmbedded: 'not_embedded',
  handshakeTimeout: 'handshake_timeout',
  notConnected: 'not_connected',
  closed: 'closed',
  timeout: 'timeout',
  aborted: 'aborted',
  // host services
  credentialUnavailable: 'credential_unavailable',
  upstreamUnreachable: 'upstream_unreachable',
  upstreamTimeout: 'upstream_timeout',
  responseTooLarge: 'response_too_large',
  invalidResponse: 'invalid_response',
  httpError: 'http_error',
  navigationRefused: 'navigation_refused',
  sessionUnavailable: 'session_unavailable',
  internal: 'internal',
});

const KNOWN = new Set(Object.values(ErrorCode));

/** An error with a stable code. `status` and `requestId` are set for gateway answers (`http_error`). */
export class SdkError extends Error {
  /**
   * @param {string} code one of ErrorCode; anything else becomes `internal`
   * @param {string} message what failed, naming the field or reason
   * @param {{status?: number, requestId?: string, cause?: unknown}} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SdkError';
    this.code = KNOWN.has(code) ? code : ErrorCode.internal;
    if (details.status !== undefined) this.status = details.status;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }

  /** The wire form sent in a `response` with `ok: false`. */
  toWire() {
    return { code: this.code, message: this.message };
  }

  /** Rebuilds an error received on the wire; an unknown or malformed error becomes `internal`. */
  static fromWire(value) {
    if (value === null || typeof value !== 'object') return new SdkError(ErrorCode.internal, 'malformed error');
    const code = typeof value.code === 'string' ? value.code : ErrorCode.internal;
    const message = typeof value.message === 'string' ? value.message.slice(0, 1000) : code;
    return new SdkError(code, message);
  }
}
