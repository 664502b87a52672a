// What `api.call` resolves with: the gateway's answer, whatever its status.

import { SdkError, ErrorCode } from './errors.js';

const decoder = new TextDecoder();

export class ApiResponse {
  /**
   * @param {number} status HTTP status from the gateway
   * @param {Record<string, string>} headers lower-case names (only those the host passes on)
   * @param {Uint8Array} body raw body bytes
   */
  constructor(status, headers, body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** True for a 2xx status. */
  get ok() {
    return this.status >= 200 && this.status < 300;
  }

  /** The body decoded as UTF-8 (invalid sequences become U+FFFD). */
  text() {
    return decoder.decode(this.body);
  }

  /** The body parsed as JSON; throws SdkError `invalid_response` when it is not JSON. */
  json() {
    try {
      return JSON.parse(this.text());
    } catch (error) {
      throw new SdkError(ErrorCode.invalidResponse, `response body of status ${this.status} is not JSON`, { cause: error });
    }
  }

  /**
   * An `http_error` SdkError describing a non-2xx answer, using the platform's error body
   * `{error: {code, message, request_id}}` when present.
   */
  toError() {
    let message = `HTTP ${this.status}`;
    let requestId = this.headers['x-request-id'];
    try {
      const parsed = JSON.parse(this.text());
      if (parsed && typeof parsed.error === 'object' && parsed.error !== null) {
        if (typeof parsed.error.message === 'string') message = `HTTP ${this.status}: ${parsed.error.message.slice(0, 500)}`;
        if (typeof parsed.error.code === 'string') message += ` (${parsed.error.code.slice(0, 64)})`;
        if (typeof parsed.error.request_id === 'string') requestId = parsed.error.request_id;
      }
    } catch {
      // Not the platform's error body; the status alone describes it.
    }
    return new SdkError(ErrorCode.httpError, message, { status: this.status, requestId });
  }
}
