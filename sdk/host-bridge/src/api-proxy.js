// Performs an extension's API call on its behalf: `{gatewayBase}/api/ext/{extensionId}{path}`
// with the user's credential headers from the host app, an upstream timeout, cancellation,
// no redirects, and a cap on the response body. Only allow-listed headers cross back.

import { SdkError, ErrorCode } from '../../extension-iframe-sdk/src/errors.js';
import { RESPONSE_HEADERS } from '../../extension-iframe-sdk/src/rules.js';

export class ApiProxy {
  /**
   * @param {object} options
   * @param {string} options.gatewayBase absolute http(s) URL, optionally with a path prefix
   * @param {string} options.extensionId
   * @param {() => (Record<string,string> | Promise<Record<string,string>>)} [options.getAuthHeaders]
   * @param {RequestCredentials} options.credentials fetch credentials mode
   * @param {typeof fetch} options.fetch
   * @param {{requestTimeoutMs: number, maxResponseBytes: number}} options.limits
   */
  constructor({ gatewayBase, extensionId, getAuthHeaders, credentials, fetch, limits }) {
    const base = new URL(gatewayBase);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError('gatewayBase: must be an http(s) URL');
    if (base.search || base.hash || base.username || base.password) {
      throw new TypeError('gatewayBase: must not have a query, fragment or credentials');
    }
    this.prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}/api/ext/${encodeURIComponent(extensionId)}`;
    this.origin = base.origin;
    this.getAuthHeaders = getAuthHeaders;
    this.credentials = credentials;
    this.fetchImpl = fetch;
    this.limits = limits;
  }

  /** The upstream URL for a validated path; a BUG if it escapes the extension's prefix. */
  url(path) {
    const url = new URL(`${this.prefix}${path}`);
    if (url.origin !== this.origin || !url.pathname.startsWith(`${new URL(this.prefix).pathname}`)) {
      throw new Error(`BUG in ApiProxy: validated path ${path} escaped the extension prefix`);
    }
    return url.href;
  }

  async credentialHeaders() {
    if (!this.getAuthHeaders) return {};
    let headers;
    try {
      headers = await this.getAuthHeaders();
    } catch (error) {
      throw new SdkError(ErrorCode.credentialUnavailable, 'the host could not provide a credential', { cause: error });
    }
    if (headers === null || typeof headers !== 'object') {
      throw new SdkError(ErrorCode.credentialUnavailable, 'getAuthHeaders: must return an object of headers');
    }
    return headers;
  }

  /**
   * Runs one validated `api` payload. Resolves `{status, headers, body: ArrayBuffer}`; rejects
   * with SdkError `aborted`, `upstream_timeout`, `upstream_unreachable`, `response_too_large`
   * or `credential_unavailable`.
   * @param {AbortSignal} cancel aborted when the iframe cancels or the embed is destroyed
   */
  async call(payload, cancel) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(payload.headers ?? {})) headers.set(name, value);
    for (const [name, value] of Object.entries(await this.credentialHeaders())) headers.set(name, value);
    const timeout = AbortSignal.timeout(this.limits.requestTimeoutMs);
    const signal = AbortSignal.any([cancel, timeout]);
    let response;
    try {
      const fetchImpl = this.fetchImpl;
      response = await fetchImpl(this.url(payload.path), {
        method: payload.method,
        headers,
        body: payload.body ?? undefined,
        credentials: this.credentials,
        redirect: 'error',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
        signal,
      });
    } catch (error) {
      throw this.translate(error, cancel, timeout);
    }
    const body = await this.readCapped(response, cancel, timeout);
    const out = {};
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) out[name] = value;
    }
    return { status: response.status, headers: out, body };
  }

  async readCapped(response, cancel, timeout) {
    const cap = this.limits.maxResponseBytes;
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > cap) {
      await response.body?.cancel().catch(() => {});
      throw new SdkError(ErrorCode.responseTooLarge, `response body of ${declared} bytes is over the ${cap}-byte limit`);
    }
    if (!response.body) return new ArrayBuffer(0);
    const reader = response.body.getReader();
    const chunks = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > cap) {
          await reader.cancel().catch(() => {});
          throw new SdkError(ErrorCode.responseTooLarge, `response body is over the ${cap}-byte limit`);
        }
        chunks.push(value);
      }
    } catch (error) {
      throw this.translate(error, cancel, timeout);
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes.buffer;
  }

  translate(error, cancel, timeout) {
    if (error instanceof SdkError) return error;
    if (cancel.aborted) return new SdkError(ErrorCode.aborted, 'the call was cancelled');
    if (timeout.aborted) return new SdkError(ErrorCode.upstreamTimeout, `the gateway did not answer within ${this.limits.requestTimeoutMs} ms`);
    return new SdkError(ErrorCode.upstreamUnreachable, 'the gateway could not be reached (network error or redirect)', { cause: error });
  }
}
