/** Reports the document height to the host on every change (ResizeObserver). */
export declare class AutoResize {
  constructor(report: (height: number) => void, element?: HTMLElement);
  measure(): number;
  update(): void;
  start(): void;
  stop(): void;
}
