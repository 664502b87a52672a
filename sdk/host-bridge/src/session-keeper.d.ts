import type { SdkError } from '../../extension-iframe-sdk/src/errors.js';
import type { Session } from '../../extension-iframe-sdk/src/types.js';

/** Fetches, checks and refreshes one embed's short-lived session. */
export declare class SessionKeeper {
  constructor(getSession: (() => Session | Promise<Session>) | undefined, options: {
    maxTtlMs: number; onUpdate: (session: Session) => void; onError: (error: SdkError) => void;
  });
  readonly ready: Promise<Session | null>;
  start(): void;
  current(): Session | null;
  fresh(marginMs: number): Promise<Session>;
  refresh(): Promise<Session>;
  stop(): void;
}
