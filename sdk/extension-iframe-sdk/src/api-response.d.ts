import type { SdkError } from './errors.js';

/** The gateway's answer to `api.call`, whatever its status. */
export declare class ApiResponse {
  constructor(status: number, headers: Record<string, string>, body: Uint8Array);
  readonly status: number;
  /** Lower-case header names; only the headers the host passes on (docs/iframe-sdk.md). */
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  readonly ok: boolean;
  text(): string;
  /** Throws SdkError `invalid_response` when the body is not JSON. */
  json<T = unknown>(): T;
  /** An `http_error` SdkError for this answer (uses the platform's `{error:{code,message,request_id}}`). */
  toError(): SdkError;
}
