export interface HostLimits {
  maxMessageBytes: number;
  maxResponseBytes: number;
  ratePerSecond: number;
  burst: number;
  maxInFlight: number;
  requestTimeoutMs: number;
  handshakeTimeoutMs: number;
  minHeight: number;
  maxHeight: number;
  maxSessionTtlMs: number;
  violationLimit: number;
  maxReembeds: number;
}
export declare const DEFAULT_LIMITS: Readonly<HostLimits>;
/** Merges overrides into the defaults; throws TypeError naming a bad field. */
export declare function resolveLimits(overrides?: Partial<HostLimits>): Readonly<HostLimits>;
