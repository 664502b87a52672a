// A token bucket: up to `capacity` messages at once, refilled at `ratePerSecond`.
// O(1) per message and no timers, so a flood costs the host almost nothing per message.

export class TokenBucket {
  /**
   * @param {number} capacity burst size (tokens when full)
   * @param {number} ratePerSecond refill rate
   * @param {() => number} [now] milliseconds, monotonic (performance.now by default)
   */
  constructor(capacity, ratePerSecond, now = () => performance.now()) {
    this.capacity = capacity;
    this.ratePerMs = ratePerSecond / 1000;
    this.now = now;
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take() {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
