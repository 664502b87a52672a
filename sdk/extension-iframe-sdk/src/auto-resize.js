// Reports the document's height to the host whenever it changes (ResizeObserver), so the host
// can size the iframe to its content; the host clamps the value to its own bounds. Reports are
// throttled (one per `intervalMs`, the last value always sent), so an animation that changes
// the height every frame costs a few messages, not sixty a second.

const INTERVAL_MS = 200;

export class AutoResize {
  /** @param {(height: number) => void} report sends one `resize` notification */
  constructor(report, element = document.documentElement, intervalMs = INTERVAL_MS) {
    this.report = report;
    this.element = element;
    this.intervalMs = intervalMs;
    this.last = -1;
    this.sentAt = -Infinity;
    this.timer = 0;
    this.observer = null;
  }

  /** The content height in whole CSS pixels (the root element's box; keep `html` at height auto). */
  measure() {
    return Math.ceil(this.element.getBoundingClientRect().height);
  }

  /** Reports the current height if it changed: now, or at the end of the current interval. */
  update() {
    if (this.timer) return;
    const wait = this.sentAt + this.intervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = 0;
        this.update();
      }, wait);
      return;
    }
    const height = this.measure();
    if (height === this.last) return;
    this.last = height;
    this.sentAt = performance.now();
    this.report(height);
  }

  start() {
    if (this.observer) return;
    this.observer = new ResizeObserver(() => this.update());
    this.observer.observe(this.element);
    this.update();
  }

  stop() {
    this.observer?.disconnect();
    this.observer = null;
    clearTimeout(this.timer);
    this.timer = 0;
  }
}
