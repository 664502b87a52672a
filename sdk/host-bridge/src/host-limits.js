// Per-embed limits of the host bridge, with their defaults (docs/iframe-sdk.md, "Limits").

export const DEFAULT_LIMITS = Object.freeze({
  /** Largest accepted message from the iframe (approximate structured-clone size). */
  maxMessageBytes: 1024 * 1024,
  /** Largest gateway response body passed back to the iframe. */
  maxResponseBytes: 5 * 1024 * 1024,
  /** Token bucket for messages from the iframe: refill rate and burst. */
  ratePerSecond: 20,
  burst: 40,
  /** API calls in flight at once. */
  maxInFlight: 8,
  /** Upstream (gateway) timeout of one API call. */
  requestTimeoutMs: 30_000,
  /** Time the iframe has to say hello after the host created it. */
  handshakeTimeoutMs: 15_000,
  /** Bounds of the iframe height set from `resize`. */
  minHeight: 120,
  maxHeight: 4000,
  /** Longest session lifetime the host hands to an iframe. */
  maxSessionTtlMs: 15 * 60_000,
  /** Refused messages after which the host closes the channel (quarantine). */
  violationLimit: 100,
  /** Document replacements (reloads, self-navigation) the host re-embeds before giving up. */
  maxReembeds: 5,
});

/** Merges `overrides` into the defaults; throws TypeError naming a bad field. */
export function resolveLimits(overrides = {}) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_LIMITS)) throw new TypeError(`limits.${key}: unknown limit`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TypeError(`limits.${key}: must be a positive finite number`);
    }
    limits[key] = value;
  }
  if (limits.minHeight > limits.maxHeight) throw new TypeError('limits.minHeight: larger than limits.maxHeight');
  return Object.freeze(limits);
}
