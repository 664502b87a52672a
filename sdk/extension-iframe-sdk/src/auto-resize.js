// Reports the document's height to the host whenever it changes (ResizeObserver), so the host
// can size the iframe to its content; the host clamps the value to its own bounds.

export class AutoResize {
  /** @param {(height: number) => void} report sends one `resize` notification */
  constructor(report, element = document.documentElement) {
    this.report = report;
    this.element = element;
    this.last = -1;
    this.observer = null;
  }

  /** The content height in whole CSS pixels (the root element's box; keep `html` at height auto). */
  measure() {
    return Math.ceil(this.element.getBoundingClientRect().height);
  }

  /** Reports the current height now if it changed. */
  update() {
    const height = this.measure();
    if (height === this.last) return;
    this.last = height;
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
  }
}
