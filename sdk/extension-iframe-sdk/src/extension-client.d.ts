import type { ApiClient } from './api-client.js';
import type { ChannelLimits, Session, Theme } from './types.js';

export interface ExtensionEvents {
  theme: Theme;
  session: Session;
  /** The host asked the extension to show `path` (a deep link). */
  'deep-link': string;
  close: string;
  /** A message from the host was refused (never expected from a correct host). */
  violation: { kind: string; reason: string };
}

/** The connected extension, resolved by `connect()`. */
export declare class ExtensionClient {
  /** The extension id the host embeds (the `{extensionId}` of `/api/ext/{extensionId}/...`). */
  readonly extensionId: string;
  readonly limits: ChannelLimits;
  /** The current theme (already applied to the document unless `applyTheme: false`). */
  readonly theme: Theme;
  /** The current session hand-off, or null when the host gave none. May be expired: use getSession(). */
  readonly session: Session | null;
  /** The current path: the initial deep link, then the latest navigate/deep-link. */
  readonly path: string;
  readonly api: ApiClient;
  on<K extends keyof ExtensionEvents>(name: K, listener: (value: ExtensionEvents[K]) => void): () => void;
  /** A session valid for a few more seconds, refreshed through the host when needed. */
  getSession(options?: { signal?: AbortSignal }): Promise<Session>;
  /** Asks the host to reflect `path` in its own URL; rejects with `navigation_refused` if it declines. */
  navigate(path: string, options?: { replace?: boolean; signal?: AbortSignal }): Promise<void>;
  setAutoResize(enabled: boolean): void;
  close(reason?: string): void;
}
