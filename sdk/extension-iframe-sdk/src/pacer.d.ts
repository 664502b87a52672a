/** Sends no faster than the host's token bucket (with a margin); FIFO, nothing dropped. */
export declare class Pacer {
  constructor(limits: { ratePerSecond: number; burst: number }, now?: () => number);
  run(send: () => void): void;
  clear(): void;
}
