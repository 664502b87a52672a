// Outstanding requests of the iframe side. Each waits for the `response` whose `re` is its
// `seq`, and ends early on timeout or AbortSignal (the host is then told to `cancel`). Sends go
// through `pace` (the SDK's Pacer), and at most `maxInFlight` API calls are out at once; the
// others wait here, inside their own timeout, instead of being refused `busy` by the host.

import { SdkError, ErrorCode } from './errors.js';
import { isPlainObject } from './envelope.js';
import { MessageType } from './protocol.js';

export class RequestTracker {
  /**
   * @param {import('./channel.js').Channel} channel used to send requests and cancellations
   * @param {{pace?: (send: () => void) => void, maxInFlight?: number}} [options]
   */
  constructor(channel, { pace = (send) => send(), maxInFlight = Infinity } = {}) {
    this.channel = channel;
    this.pace = pace;
    this.maxInFlight = maxInFlight;
    this.pending = new Map();
    this.live = new Set();
    this.apiInFlight = 0;
    this.waiting = [];
  }

  /**
   * Sends a request and resolves with the response's `result`, or rejects with an SdkError:
   * the host's refusal, `timeout`, `aborted` or `closed`.
   */
  request(type, payload, { timeoutMs, signal, transfer } = {}) {
    if (this.channel.closed) return Promise.reject(new SdkError(ErrorCode.closed, 'the connection to the host is closed'));
    if (signal?.aborted) return Promise.reject(new SdkError(ErrorCode.aborted, `${type} aborted before it was sent`));
    return new Promise((resolve, reject) => {
      const entry = { type, resolve, reject, seq: 0, done: false, slot: false, timer: 0, signal, onAbort: null };
      this.live.add(entry);
      entry.timer = setTimeout(() => this.finish(entry, new SdkError(ErrorCode.timeout, `${type} got no answer within ${timeoutMs} ms`)), timeoutMs);
      if (signal) {
        entry.onAbort = () => this.finish(entry, new SdkError(ErrorCode.aborted, `${type} aborted`));
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      const send = () => this.pace(() => {
        if (entry.done) return this.release(entry);
        entry.seq = this.channel.send(type, payload, { transfer });
        this.pending.set(entry.seq, entry);
      });
      if (type !== MessageType.api) return send();
      const start = () => {
        if (entry.done) return;
        this.apiInFlight += 1;
        entry.slot = true;
        send();
      };
      if (this.apiInFlight < this.maxInFlight) start();
      else this.waiting.push(start);
    });
  }

  /** Frees the API slot of a finished request and starts the next waiting one. */
  release(entry) {
    if (!entry.slot) return;
    entry.slot = false;
    this.apiInFlight -= 1;
    while (this.waiting.length > 0 && this.apiInFlight < this.maxInFlight) this.waiting.shift()();
  }

  /** Settles a request with a result, or an error when `error` is an SdkError. */
  finish(entry, error, result) {
    if (entry.done) return;
    entry.done = true;
    this.live.delete(entry);
    clearTimeout(entry.timer);
    if (entry.onAbort) entry.signal.removeEventListener('abort', entry.onAbort);
    if (entry.seq !== 0) {
      this.pending.delete(entry.seq);
      if (error && (error.code === ErrorCode.timeout || error.code === ErrorCode.aborted)) {
        const seq = entry.seq;
        this.pace(() => this.channel.send(MessageType.cancel, { re: seq }));
      }
      this.release(entry);
    }
    if (error) entry.reject(error);
    else entry.resolve(result);
  }

  /** Handles a `response` envelope; answers to unknown or finished requests are ignored. */
  settle(envelope) {
    const entry = envelope.re === undefined ? undefined : this.pending.get(envelope.re);
    if (!entry) return;
    const payload = envelope.payload;
    if (payload.ok === true) this.finish(entry, null, isPlainObject(payload.result) ? payload.result : {});
    else this.finish(entry, SdkError.fromWire(payload.error));
  }

  /** Rejects every request not yet answered (sent, paced or waiting for a slot) with `closed`. */
  failAll(reason) {
    this.waiting = [];
    for (const entry of [...this.live]) this.finish(entry, new SdkError(ErrorCode.closed, reason));
  }
}
