import type { ExtensionClient } from './extension-client.js';

export interface ConnectOptions {
  /** Handshake timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Apply theme tokens to `document.documentElement` as `--alga-*` (default true). */
  applyTheme?: boolean;
  /** Report the document height to the host (default true). */
  autoResize?: boolean;
}

/**
 * Connects to the host page (handshake: nonce from the URL fragment, `hello` to window.parent,
 * `welcome` + MessagePort back, then `init`). Rejects with SdkError `not_embedded` or
 * `handshake_timeout`.
 */
export declare function connect(options?: ConnectOptions): Promise<ExtensionClient>;
