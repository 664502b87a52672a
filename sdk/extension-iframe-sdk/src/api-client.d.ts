import type { ApiResponse } from './api-response.js';
import type { RequestTracker } from './request-tracker.js';
import type { HttpMethod } from './types.js';

export declare const DEFAULT_API_TIMEOUT_MS: number;

export interface ApiCallOptions {
  /** Only accept, content-type, if-match, if-none-match and idempotency-key. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Default 35 000 ms (the host's own upstream timeout, 30 000 ms, answers first). */
  timeoutMs?: number;
}

export type ApiBody = string | ArrayBuffer | ArrayBufferView | null | undefined | object | number | boolean;

/** Calls to the extension's own API, proxied by the host. */
export declare class ApiClient {
  constructor(tracker: RequestTracker);
  /** Resolves for any HTTP status; rejects with SdkError on transport failures. */
  call(method: HttpMethod, path: string, body?: ApiBody, options?: ApiCallOptions): Promise<ApiResponse>;
  /** Parsed JSON (null when empty); rejects with SdkError `http_error` for non-2xx. */
  json<T = unknown>(method: HttpMethod, path: string, body?: ApiBody, options?: ApiCallOptions): Promise<T>;
}
