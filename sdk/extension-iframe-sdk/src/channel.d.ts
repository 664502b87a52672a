import type { Envelope } from './envelope.js';
import type { MessageTypeName } from './protocol.js';

export type ViolationKind = 'invalid_envelope' | 'replayed' | 'rate_limited';

/** One side of the post-handshake MessageChannel; owns its port. */
export declare class Channel {
  constructor(port: MessagePort, options: {
    receives: ReadonlySet<string>;
    onEnvelope: (envelope: Envelope) => void;
    onViolation: (kind: ViolationKind, reason: string, envelope?: Envelope) => void;
    admit?: (envelope: Envelope) => boolean;
  });
  readonly closed: boolean;
  send(type: MessageTypeName, payload: object, options?: { re?: number; must?: string[]; transfer?: Transferable[] }): number;
  close(): void;
}
