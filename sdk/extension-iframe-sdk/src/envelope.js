// The versioned envelope every message travels in, and its strict parser.
//
//   {alga: "ext-ui", v: 1, seq, type, re?, must?, payload}
//
// `seq` strictly increases per sender and connection (window messages use 0), so a replayed or
// reordered message is recognisable without remembering ids. `re` names the `seq` a response
// answers. `must` lists payload keys the receiver must understand, or refuse the message.

import { MAX_SEQ, PAYLOAD_KEYS, PROTOCOL, VERSION } from './protocol.js';

const ENVELOPE_KEYS = new Set(['alga', 'v', 'seq', 'type', 're', 'must', 'payload']);
const MAX_MUST = 16;

/** Builds an envelope. `re` and `must` are omitted when undefined. */
export function makeEnvelope(seq, type, payload, { re, must } = {}) {
  const envelope = { alga: PROTOCOL, v: VERSION, seq, type, payload };
  if (re !== undefined) envelope.re = re;
  if (must !== undefined) envelope.must = must;
  return envelope;
}

/** True for an object created by a structured clone of a plain object (or a literal). */
export function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isSeq(value) {
  return Number.isInteger(value) && value >= 0 && value <= MAX_SEQ;
}

/**
 * Parses received data strictly. Returns `{ok: true, envelope}` or `{ok: false, reason}`;
 * `reason` names the field. Unknown envelope keys, another protocol or version, a type not in
 * `allowedTypes` and a non-object payload are all refusals. Payload keys are not checked here
 * beyond `must` (see `unknownMust`), so a newer sender can add optional keys.
 */
export function parseEnvelope(data, allowedTypes) {
  if (!isPlainObject(data)) return { ok: false, reason: 'envelope: not an object' };
  let count = 0;
  for (const key in data) {
    count += 1;
    if (!ENVELOPE_KEYS.has(key)) return { ok: false, reason: `envelope.${key.slice(0, 32)}: unknown field` };
  }
  if (count > ENVELOPE_KEYS.size) return { ok: false, reason: 'envelope: too many fields' };
  if (data.alga !== PROTOCOL) return { ok: false, reason: 'envelope.alga: not this protocol' };
  if (data.v !== VERSION) return { ok: false, reason: 'envelope.v: unsupported version' };
  if (!isSeq(data.seq)) return { ok: false, reason: 'envelope.seq: not a non-negative integer' };
  if (typeof data.type !== 'string' || !allowedTypes.has(data.type)) {
    return { ok: false, reason: 'envelope.type: not accepted here' };
  }
  if ('re' in data && !(isSeq(data.re) && data.re > 0)) return { ok: false, reason: 'envelope.re: not a positive integer' };
  if ('must' in data) {
    const must = data.must;
    if (!Array.isArray(must) || must.length > MAX_MUST || !must.every((k) => typeof k === 'string' && k.length <= 64)) {
      return { ok: false, reason: 'envelope.must: not a short list of strings' };
    }
  }
  if (!isPlainObject(data.payload)) return { ok: false, reason: 'envelope.payload: not an object' };
  return { ok: true, envelope: data };
}

/** The first key of `envelope.must` that this version does not understand, or undefined. */
export function unknownMust(envelope) {
  if (!envelope.must) return undefined;
  const known = PAYLOAD_KEYS[envelope.type] ?? [];
  return envelope.must.find((key) => !known.includes(key));
}

/**
 * Approximate size in bytes of a structured-clone value (strings count 2 bytes per code unit,
 * binary data its byte length). Returns Infinity as soon as the total passes `limit` or the
 * value nests deeper than 16 levels, and -1 when it holds anything but JSON-like data,
 * ArrayBuffers and Uint8Arrays. Bounded work: it stops at the limit.
 */
export function measure(value, limit) {
  let total = 0;
  const stack = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop();
    if (depth > 16) return Infinity;
    if (item === null || item === undefined || typeof item === 'boolean') total += 4;
    else if (typeof item === 'number') total += 8;
    else if (typeof item === 'string') total += 2 * item.length + 4;
    else if (item instanceof ArrayBuffer || item instanceof Uint8Array) total += item.byteLength;
    else if (Array.isArray(item)) {
      total += 8 + 8 * item.length;
      if (total > limit) return Infinity;
      for (const element of item) stack.push([element, depth + 1]);
    } else if (isPlainObject(item)) {
      total += 8;
      for (const key in item) {
        total += 2 * key.length + 4;
        if (total > limit) return Infinity;
        stack.push([item[key], depth + 1]);
      }
    } else return -1;
    if (total > limit) return Infinity;
  }
  return total;
}
