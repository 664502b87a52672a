import type { Channel } from './channel.js';
import type { Envelope } from './envelope.js';
import type { MessageTypeName } from './protocol.js';

/** Outstanding requests of the iframe side, with timeouts and cancellation. */
export declare class RequestTracker {
  constructor(channel: Channel, options?: { pace?: (send: () => void) => void; maxInFlight?: number });
  request(type: MessageTypeName, payload: object,
    options: { timeoutMs: number; signal?: AbortSignal; transfer?: Transferable[] }): Promise<Record<string, unknown>>;
  settle(envelope: Envelope): void;
  failAll(reason: string): void;
}
