import type { Session, Theme } from './types.js';

export declare const METHODS: readonly ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export declare const REQUEST_HEADERS: readonly string[];
export declare const RESPONSE_HEADERS: readonly string[];
export declare const MAX_PATH_LENGTH: 2048;

/** Each check returns null when valid, or a reason naming the field. */
export declare function checkPath(field: string, value: unknown, options?: { allowFragment?: boolean }): string | null;
export declare function checkApiRequest(payload: Record<string, unknown>): string | null;
export declare function checkTheme(theme: unknown): string | null;
export declare function checkSession(session: unknown): string | null;
export declare function checkHeight(height: unknown): string | null;
export type { Session, Theme };
