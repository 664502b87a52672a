// Shapes shared by the SDK and the host bridge (docs/iframe-sdk.md).

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Theme tokens: names without the `--alga-` prefix (`color-bg`), CSS values. */
export interface Theme {
  scheme: 'light' | 'dark';
  tokens: Record<string, string>;
}

/** A short-lived session handed to the iframe; `expiresAt` in milliseconds since the epoch. */
export interface Session {
  token: string;
  expiresAt: number;
  user?: { id: string; name?: string; email?: string };
  tenant?: { id: string; name?: string };
}

/** Limits the host enforces, announced to the iframe in `init`. */
export interface ChannelLimits {
  maxMessageBytes: number;
  ratePerSecond: number;
  burst: number;
  maxInFlight: number;
}
