export type ErrorCodeName =
  | 'invalid_request' | 'unsupported' | 'payload_too_large' | 'rate_limited' | 'busy'
  | 'not_embedded' | 'handshake_timeout' | 'not_connected' | 'closed' | 'timeout' | 'aborted'
  | 'credential_unavailable' | 'upstream_unreachable' | 'upstream_timeout' | 'response_too_large' | 'invalid_response'
  | 'http_error' | 'navigation_refused' | 'session_unavailable' | 'internal';

export declare const ErrorCode: Readonly<{
  invalidRequest: 'invalid_request';
  unsupported: 'unsupported';
  payloadTooLarge: 'payload_too_large';
  rateLimited: 'rate_limited';
  busy: 'busy';
  notEmbedded: 'not_embedded';
  handshakeTimeout: 'handshake_timeout';
  notConnected: 'not_connected';
  closed: 'closed';
  timeout: 'timeout';
  aborted: 'aborted';
  credentialUnavailable: 'credential_unavailable';
  upstreamUnreachable: 'upstream_unreachable';
  upstreamTimeout: 'upstream_timeout';
  responseTooLarge: 'response_too_large';
  invalidResponse: 'invalid_response';
  httpError: 'http_error';
  navigationRefused: 'navigation_refused';
  sessionUnavailable: 'session_unavailable';
  internal: 'internal';
}>;

/** An error with a stable code. */
export declare class SdkError extends Error {
  constructor(code: ErrorCodeName, message: string, details?: { status?: number; requestId?: string; cause?: unknown });
  readonly name: 'SdkError';
  readonly code: ErrorCodeName;
  /** HTTP status of the gateway's answer (`http_error` only). */
  readonly status?: number;
  /** The gateway's request id, when it sent one. */
  readonly requestId?: string;
  toWire(): { code: ErrorCodeName; message: string };
  static fromWire(value: unknown): SdkError;
}
