import type { HostLimits } from './host-limits.js';
import type { Session, Theme } from '../../extension-iframe-sdk/src/types.js';
import type { SdkError } from '../../extension-iframe-sdk/src/errors.js';

export type EmbedState = 'loading' | 'connecting' | 'connected' | 'quarantined' | 'destroyed';

export type SecurityEventKind =
  | 'invalid_envelope' | 'replayed' | 'rate_limited' | 'payload_too_large' | 'invalid_request'
  | 'unsupported' | 'handshake' | 'busy' | 'quarantined';

export interface SecurityEvent {
  kind: SecurityEventKind;
  /** What was refused, naming the field. */
  reason: string;
  extensionId: string;
}

export interface EmbedOptions {
  /** Absolute http(s) URL of the extension's UI entry on the assets origin; no fragment. */
  src: string;
  /** The id used in `/api/ext/{extensionId}/...`. */
  extensionId: string;
  /** Initial theme; default `{scheme: 'light', tokens: {}}` (the UI kit's defaults apply). */
  theme?: Theme;
  /** Deep link shown first; default `/`. */
  initialPath?: string;
  /** The iframe's accessible title; default `Extension`. */
  title?: string;
  /** Gateway origin (+ optional path prefix); default the host page's origin. */
  gatewayBase?: string;
  /** fetch credentials mode for proxied calls; default `same-origin` (session cookie). */
  credentials?: RequestCredentials;
  /** A short-lived session for the iframe (expiry <= limits.maxSessionTtlMs); refreshed before it expires. */
  getSession?: () => Session | Promise<Session>;
  /** The user's credential headers for proxied calls (e.g. Authorization, a CSRF header). */
  getAuthHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
  /** The extension asks the host to reflect `path`; return false to decline. */
  onNavigate?: (path: string, options: { replace: boolean }) => boolean | void | Promise<boolean | void>;
  onReady?: (info: { reconnected: boolean }) => void;
  onResize?: (height: number) => void;
  onError?: (error: SdkError) => void;
  onSecurityEvent?: (event: SecurityEvent) => void;
  limits?: Partial<HostLimits>;
  /** Allow `src` on the host's own origin (development only). */
  allowSameOrigin?: boolean;
  /** fetch implementation for proxied calls; default globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface EmbedStats {
  state: EmbedState;
  /** API calls waiting for the gateway. */
  inFlight: number;
  connections: number;
  accepted: number;
  apiCalls: number;
  reembeds: number;
  height: number;
  violations: Record<Exclude<SecurityEventKind, 'quarantined'>, number>;
  violationTotal: number;
}

/** One embedded extension (created by embedExtension). */
export declare class ExtensionEmbed {
  constructor(container: Element, options: EmbedOptions);
  readonly iframe: HTMLIFrameElement;
  readonly extensionId: string;
  readonly limits: Readonly<HostLimits>;
  readonly state: EmbedState;
  /** Resolves at the first completed handshake; rejects with `handshake_timeout` or `closed`. */
  readonly ready: Promise<void>;
  /** Deep link: asks the extension to show `path`. Throws TypeError for an invalid path. */
  navigate(path: string): void;
  /** Replaces the theme; the extension applies it live. Throws TypeError for an invalid theme. */
  setTheme(theme: Theme): void;
  stats(): EmbedStats;
  /** Removes listeners, closes the port, aborts calls in flight, stops session refreshes, removes the iframe. */
  destroy(): void;
}
