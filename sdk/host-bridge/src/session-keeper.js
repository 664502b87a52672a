// Keeps a short-lived session for one embed: fetched from the host app's `getSession` callback,
// checked (well-formed, in the future, no longer than the host's maximum lifetime) and
// refreshed before it expires. The iframe only ever holds this short-lived token.

import { SdkError, ErrorCode } from '../../extension-iframe-sdk/src/errors.js';
import { checkSession } from '../../extension-iframe-sdk/src/rules.js';

const RETRY_MS = 10_000;

export class SessionKeeper {
  /**
   * @param {(() => unknown) | undefined} getSession host callback (sync or async); undefined: no sessions
   * @param {{maxTtlMs: number, onUpdate: (s: object) => void, onError: (e: SdkError) => void}} options
   */
  constructor(getSession, { maxTtlMs, onUpdate, onError }) {
    this.getSession = getSession;
    this.maxTtlMs = maxTtlMs;
    this.onUpdate = onUpdate;
    this.onError = onError;
    this.session = null;
    this.timer = 0;
    this.inFlight = null;
    this.stopped = false;
    this.ready = Promise.resolve(null);
  }

  /** Fetches the first session; `ready` settles when it arrived (or failed). */
  start() {
    if (this.getSession) this.ready = this.refresh().catch(() => null);
  }

  /** The current session if it has not expired, else null. */
  current() {
    return this.session && this.session.expiresAt > Date.now() ? this.session : null;
  }

  /** A session valid for at least `marginMs`, fetching a new one if needed (coalesced). */
  async fresh(marginMs) {
    const session = this.current();
    if (session && session.expiresAt - Date.now() > marginMs) return session;
    return this.refresh();
  }

  refresh() {
    if (!this.getSession) return Promise.reject(new SdkError(ErrorCode.sessionUnavailable, 'the host provides no session'));
    if (this.inFlight) return this.inFlight;
    this.inFlight = (async () => {
      try {
        let session;
        try {
          session = await this.getSession();
        } catch (error) {
          throw new SdkError(ErrorCode.sessionUnavailable, 'getSession failed', { cause: error });
        }
        const problem = this.check(session);
        if (problem) throw new SdkError(ErrorCode.sessionUnavailable, problem);
        const copy = { token: session.token, expiresAt: session.expiresAt };
        if (session.user) copy.user = { ...session.user };
        if (session.tenant) copy.tenant = { ...session.tenant };
        if (this.stopped) return copy;
        this.session = copy;
        this.schedule(copy.expiresAt - Date.now());
        this.onUpdate(copy);
        return copy;
      } catch (error) {
        if (!this.stopped) {
          this.after(RETRY_MS);
          this.onError(error);
        }
        throw error;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  check(session) {
    const problem = checkSession(session);
    if (problem) return problem;
    const ttl = session.expiresAt - Date.now();
    if (ttl <= 1000) return 'session.expiresAt: already expired (or within a second of it)';
    if (ttl > this.maxTtlMs) return `session.expiresAt: lifetime over the host's maximum of ${this.maxTtlMs} ms`;
    return null;
  }

  /** Refreshes when three quarters of `ttlMs` have passed (at most a minute before expiry). */
  schedule(ttlMs) {
    this.after(Math.max(250, ttlMs - Math.min(60_000, ttlMs / 4)));
  }

  /** Refreshes once after `delayMs` (replacing any scheduled refresh). */
  after(delayMs) {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.refresh().catch(() => {}), delayMs);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
