// `api.call(method, path, body)`: a request to the extension's own handlers, proxied by the host
// to `{gatewayBase}/api/ext/{extensionId}{path}` with the user's credential. The iframe never
// sees that credential; it only sees the answer.

import { ApiResponse } from './api-response.js';
import { SdkError, ErrorCode } from './errors.js';
import { isPlainObject } from './envelope.js';
import { MessageType } from './protocol.js';
import { checkApiRequest } from './rules.js';

export const DEFAULT_API_TIMEOUT_MS = 35_000;

/** Turns a call's body into wire form: `{body, contentType}` (contentType undefined when caller-set). */
function encodeBody(body) {
  if (body === undefined || body === null) return { body: null };
  if (typeof body === 'string') return { body, contentType: 'text/plain; charset=utf-8' };
  if (body instanceof ArrayBuffer) return { body: body.slice(0), contentType: 'application/octet-stream' };
  if (ArrayBuffer.isView(body)) {
    const copy = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    return { body: copy, contentType: 'application/octet-stream' };
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    throw new SdkError(ErrorCode.invalidRequest, 'body: Blob is not supported; pass an ArrayBuffer or Uint8Array');
  }
  let text;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    throw new SdkError(ErrorCode.invalidRequest, 'body: not serializable as JSON', { cause: error });
  }
  if (text === undefined) throw new SdkError(ErrorCode.invalidRequest, 'body: not serializable as JSON');
  return { body: text, contentType: 'application/json' };
}

export class ApiClient {
  /** @param {import('./request-tracker.js').RequestTracker} tracker */
  constructor(tracker) {
    this.tracker = tracker;
  }

  /**
   * Calls the extension's API through the host.
   * @param {string} method GET, POST, PUT, PATCH or DELETE
   * @param {string} path below the extension's prefix, e.g. `/items/42?full=1`
   * @param {unknown} [body] string, ArrayBuffer, typed array, or any JSON value (sent as JSON)
   * @param {{headers?: Record<string,string>, signal?: AbortSignal, timeoutMs?: number}} [options]
   * @returns {Promise<ApiResponse>} for any HTTP status; rejects with SdkError on transport failures
   */
  async call(method, path, body, options = {}) {
    const encoded = encodeBody(body);
    const headers = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    if (encoded.body !== null && headers['content-type'] === undefined) headers['content-type'] = encoded.contentType;
    const payload = { method: typeof method === 'string' ? method.toUpperCase() : method, path, headers, body: encoded.body };
    const problem = checkApiRequest(payload);
    if (problem) throw new SdkError(ErrorCode.invalidRequest, problem);
    const transfer = payload.body instanceof ArrayBuffer ? [payload.body] : [];
    const result = await this.tracker.request(MessageType.api, payload, {
      timeoutMs: options.timeoutMs ?? DEFAULT_API_TIMEOUT_MS, signal: options.signal, transfer,
    });
    const status = result.status;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new SdkError(ErrorCode.invalidResponse, 'response.status: not an HTTP status');
    }
    const headersOut = {};
    if (isPlainObject(result.headers)) {
      for (const [name, value] of Object.entries(result.headers)) if (typeof value === 'string') headersOut[name] = value;
    }
    const bytes = result.body instanceof ArrayBuffer ? new Uint8Array(result.body) : new Uint8Array(0);
    return new ApiResponse(status, headersOut, bytes);
  }

  /**
   * Like `call`, for JSON APIs: resolves with the parsed body (null when empty), and rejects
   * with SdkError `http_error` (carrying `status` and `requestId`) for a non-2xx answer.
   */
  async json(method, path, body, options = {}) {
    const headers = { accept: 'application/json', ...(options.headers ?? {}) };
    const response = await this.call(method, path, body, { ...options, headers });
    if (!response.ok) throw response.toError();
    return response.body.length === 0 ? null : response.json();
  }
}
