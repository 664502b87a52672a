/** Reports the document height to the host on change (ResizeObserver), at most once per interval. */
export declare class AutoResize {
  constructor(report: (height: number) => void, element?: HTMLElement, intervalMs?: number);
  measure(): number;
  update(): void;
  start(): void;
  stop(): void;
}
