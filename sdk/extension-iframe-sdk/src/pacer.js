// Client-side pacing: the SDK sends no faster than the host's announced token bucket allows
// (with a margin), so a well-behaved extension is never refused `rate_limited` and never comes
// near quarantine. Messages wait in FIFO order; nothing is dropped.

const RATE_MARGIN = 0.9;
const BURST_MARGIN = 2;

export class Pacer {
  /**
   * @param {{ratePerSecond: number, burst: number}} limits the host's, from `init`
   * @param {() => number} [now] monotonic milliseconds
   */
  constructor(limits, now = () => performance.now()) {
    this.capacity = Math.max(1, Math.floor(limits.burst) - BURST_MARGIN);
    this.ratePerMs = (limits.ratePerSecond * RATE_MARGIN) / 1000;
    this.now = now;
    this.tokens = this.capacity;
    this.updatedAt = now();
    this.queue = [];
    this.timer = 0;
  }

  refill() {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerMs);
    this.updatedAt = now;
  }

  /** Runs `send` now if a token is available, else after the messages queued before it. */
  run(send) {
    this.queue.push(send);
    this.drain();
  }

  drain() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.queue.shift()();
    }
    if (this.queue.length > 0) {
      this.timer = setTimeout(() => this.drain(), Math.ceil((1 - this.tokens) / this.ratePerMs));
    }
  }

  /** Drops everything still waiting (the connection closed). */
  clear() {
    clearTimeout(this.timer);
    this.queue = [];
  }
}
