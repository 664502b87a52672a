// Outstanding requests of the iframe side: each waits for the `response` whose `re` is its
// `seq`, and ends early on timeout or AbortSignal (then the host is told to `cancel`).

import { SdkError, ErrorCode } from './errors.js';
import { isPlainObject } from './envelope.js';
import { MessageType } from './protocol.js';

export class RequestTracker {
  /** @param {import('./channel.js').Channel} channel used to send requests and cancellations */
  constructor(channel) {
    this.channel = channel;
    this.pending = new Map();
  }

  /**
   * Sends a request and resolves with the response's `result`, or rejects with an SdkError:
   * the host's refusal, `timeout`, `aborted` or `closed`.
   */
  request(type, payload, { timeoutMs, signal, transfer } = {}) {
    if (this.channel.closed) return Promise.reject(new SdkError(ErrorCode.closed, 'the connection to the host is closed'));
    if (signal?.aborted) return Promise.reject(new SdkError(ErrorCode.aborted, `${type} aborted before it was sent`));
    return new Promise((resolve, reject) => {
      const seq = this.channel.send(type, payload, { transfer });
      const entry = { resolve, reject, timer: 0, signal, onAbort: null };
      entry.timer = setTimeout(() => {
        this.cancel(seq);
        this.finish(seq, new SdkError(ErrorCode.timeout, `${type} got no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      if (signal) {
        entry.onAbort = () => {
          this.cancel(seq);
          this.finish(seq, new SdkError(ErrorCode.aborted, `${type} aborted`));
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.pending.set(seq, entry);
    });
  }

  cancel(seq) {
    this.channel.send(MessageType.cancel, { re: seq });
  }

  /** Settles request `seq` with a result, or an error when `error` is an SdkError. */
  finish(seq, error, result) {
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.pending.delete(seq);
    clearTimeout(entry.timer);
    if (entry.onAbort) entry.signal.removeEventListener('abort', entry.onAbort);
    if (error) entry.reject(error);
    else entry.resolve(result);
  }

  /** Handles a `response` envelope; answers to unknown or finished requests are ignored. */
  settle(envelope) {
    const payload = envelope.payload;
    if (envelope.re === undefined || !this.pending.has(envelope.re)) return;
    if (payload.ok === true) this.finish(envelope.re, null, isPlainObject(payload.result) ? payload.result : {});
    else this.finish(envelope.re, SdkError.fromWire(payload.error));
  }

  /** Rejects everything still waiting with `closed`. */
  failAll(reason) {
    for (const seq of [...this.pending.keys()]) this.finish(seq, new SdkError(ErrorCode.closed, reason));
  }
}
