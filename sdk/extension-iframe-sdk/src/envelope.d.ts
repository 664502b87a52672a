import type { MessageTypeName } from './protocol.js';

/** The wire envelope (docs/iframe-sdk.md, "Envelope"). */
export interface Envelope<P extends object = Record<string, unknown>> {
  alga: 'ext-ui';
  v: 1;
  /** Per sender and connection, strictly increasing; 0 on window messages. */
  seq: number;
  type: MessageTypeName;
  /** The `seq` of the request a `response` answers. */
  re?: number;
  /** Payload keys the receiver must understand, or refuse the message with `unsupported`. */
  must?: string[];
  payload: P;
}

export type ParseResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

export declare function makeEnvelope<P extends object>(
  seq: number, type: MessageTypeName, payload: P, options?: { re?: number; must?: string[] }): Envelope<P>;
export declare function isPlainObject(value: unknown): value is Record<string, unknown>;
export declare function parseEnvelope(data: unknown, allowedTypes: ReadonlySet<string>): ParseResult;
export declare function unknownMust(envelope: Envelope): string | undefined;
export declare function measure(value: unknown, limit: number): number;
