/** A token bucket rate limiter (burst `capacity`, refill `ratePerSecond`). */
export declare class TokenBucket {
  constructor(capacity: number, ratePerSecond: number, now?: () => number);
  /** Takes one token; false when empty. */
  take(): boolean;
}
