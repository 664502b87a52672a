// One side of the MessageChannel that carries all traffic after the handshake. It numbers
// outgoing envelopes, parses incoming ones strictly, refuses replays (a `seq` not greater than
// the last one accepted) and transferred ports, and reports every refusal to its owner.
// The owner (the SDK's client or the host bridge's embed) decides what an envelope means.

import { makeEnvelope, parseEnvelope } from './envelope.js';
import { MAX_SEQ } from './protocol.js';

export class Channel {
  /**
   * Takes ownership of `port` (closes it in `close()`).
   * @param {MessagePort} port
   * @param {object} options
   * @param {ReadonlySet<string>} options.receives types accepted from the other side
   * @param {(envelope: object) => void} options.onEnvelope called for each accepted envelope
   * @param {(kind: string, reason: string, envelope?: object) => void} options.onViolation refusals
   * @param {(envelope: object) => boolean} [options.admit] rate limiter; false drops the envelope
   */
  constructor(port, { receives, onEnvelope, onViolation, admit }) {
    this.port = port;
    this.receives = receives;
    this.onEnvelope = onEnvelope;
    this.onViolation = onViolation;
    this.admit = admit ?? (() => true);
    this.nextSeq = 1;
    this.lastSeq = 0;
    this.closed = false;
    this.handleMessage = (event) => this.receive(event);
    this.handleMessageError = () => this.onViolation('invalid_envelope', 'message could not be deserialized');
    port.addEventListener('message', this.handleMessage);
    port.addEventListener('messageerror', this.handleMessageError);
    port.start();
  }

  receive(event) {
    if (this.closed) return;
    if (event.ports.length > 0) {
      for (const stray of event.ports) stray.close();
      this.onViolation('invalid_envelope', 'envelope: ports may not be transferred');
      return;
    }
    const parsed = parseEnvelope(event.data, this.receives);
    if (!parsed.ok) {
      this.onViolation('invalid_envelope', parsed.reason);
      return;
    }
    const envelope = parsed.envelope;
    if (envelope.seq <= this.lastSeq) {
      this.onViolation('replayed', `envelope.seq: ${envelope.seq} is not after ${this.lastSeq}`);
      return;
    }
    this.lastSeq = envelope.seq;
    if (!this.admit(envelope)) {
      this.onViolation('rate_limited', 'rate limit exceeded', envelope);
      return;
    }
    this.onEnvelope(envelope);
  }

  /** Sends an envelope and returns its `seq`. Does nothing (returns 0) once closed. */
  send(type, payload, { re, must, transfer } = {}) {
    if (this.closed) return 0;
    if (this.nextSeq >= MAX_SEQ) preconditionFailure('Channel: sequence numbers exhausted');
    const seq = this.nextSeq;
    this.nextSeq += 1;
    this.port.postMessage(makeEnvelope(seq, type, payload, { re, must }), transfer ?? []);
    return seq;
  }

  /** Stops listening and closes the port; idempotent. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.port.removeEventListener('message', this.handleMessage);
    this.port.removeEventListener('messageerror', this.handleMessageError);
    this.port.close();
  }
}

function preconditionFailure(message) {
  throw new Error(`BUG in ${message}`);
}
