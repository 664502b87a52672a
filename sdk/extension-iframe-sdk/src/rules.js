// Validation rules for message payloads, shared by both sides: the SDK checks before sending
// (early, precise errors for the extension author), the host bridge checks again on receipt
// (the authority: the iframe is untrusted). Each check returns null when valid, or a reason
// naming the field.

import { isPlainObject } from './envelope.js';

export const METHODS = Object.freeze(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Request headers an extension may set on a proxied call; the host owns every other header. */
export const REQUEST_HEADERS = Object.freeze(['accept', 'content-type', 'if-match', 'if-none-match', 'idempotency-key']);

/** Response headers the host passes back to the iframe. */
export const RESPONSE_HEADERS = Object.freeze([
  'content-type', 'content-language', 'etag', 'last-modified', 'cache-control', 'retry-after', 'x-request-id',
]);

export const MAX_PATH_LENGTH = 2048;
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const QUERY_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const TOKEN_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const TOKEN_VALUE = /^[A-Za-z0-9#%(),.\-+*/ '"_]*$/;
const TOKEN_VALUE_FORBIDDEN = /url\(|image\(|image-set\(|element\(|expression\(/i;
const SESSION_TOKEN = /^[\x21-\x7e]+$/;

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * A path below the extension's API prefix: `/seg/seg?query`. Segments are percent-encoded
 * pchars; none may be empty or decode to `.`, `..`, or contain `/`, `\` or control characters,
 * so a path can never climb out of `/api/ext/{extensionId}/`.
 */
export function checkPath(field, value, { allowFragment = false } = {}) {
  if (typeof value !== 'string') return `${field}: not a string`;
  if (value.length === 0 || value.length > MAX_PATH_LENGTH) return `${field}: length must be 1..${MAX_PATH_LENGTH}`;
  if (value[0] !== '/') return `${field}: must start with /`;
  let rest = value;
  let fragment = null;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    if (!allowFragment) return `${field}: fragments are not allowed`;
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  const path = question >= 0 ? rest.slice(0, question) : rest;
  const query = question >= 0 ? rest.slice(question + 1) : '';
  if (!PATH_CHARS.test(path) || BAD_PERCENT.test(path)) return `${field}: invalid character or percent-escape in the path`;
  if (!QUERY_CHARS.test(query) || BAD_PERCENT.test(query)) return `${field}: invalid character or percent-escape in the query`;
  if (fragment !== null && (!QUERY_CHARS.test(fragment) || BAD_PERCENT.test(fragment))) {
    return `${field}: invalid character or percent-escape in the fragment`;
  }
  if (path !== '/') {
    const segments = path.slice(1).split('/');
    for (const segment of segments) {
      if (segment === '') return `${field}: empty path segment`;
      const decoded = decodeSegment(segment);
      if (decoded === null) return `${field}: invalid percent-encoding`;
      if (decoded === '.' || decoded === '..') return `${field}: dot segment`;
      if (decoded.includes('/') || decoded.includes('\\') || CONTROL.test(decoded)) {
        return `${field}: encoded slash, backslash or control character`;
      }
    }
  }
  return null;
}

/** The payload of an `api` request: `{method, path, headers?, body?}`. */
export function checkApiRequest(payload) {
  if (!METHODS.includes(payload.method)) return `method: must be one of ${METHODS.join(', ')}`;
  const pathProblem = checkPath('path', payload.path);
  if (pathProblem) return pathProblem;
  if (payload.headers !== undefined) {
    if (!isPlainObject(payload.headers)) return 'headers: not an object';
    const names = Object.keys(payload.headers);
    if (names.length > REQUEST_HEADERS.length) return 'headers: too many';
    for (const name of names) {
      if (!REQUEST_HEADERS.includes(name)) return `headers.${name.slice(0, 40)}: not allowed (allowed: ${REQUEST_HEADERS.join(', ')})`;
      const headerValue = payload.headers[name];
      if (typeof headerValue !== 'string' || headerValue.length > 1024 || CONTROL.test(headerValue)) {
        return `headers.${name}: must be a string of at most 1024 characters without control characters`;
      }
    }
  }
  const body = payload.body;
  if (body !== undefined && body !== null) {
    if (typeof body !== 'string' && !(body instanceof ArrayBuffer)) return 'body: must be a string or an ArrayBuffer';
    if (payload.method === 'GET') return 'body: a GET request has no body';
  }
  return null;
}

/** A theme: `{scheme: "light"|"dark", tokens: {name: value}}`, at most 200 tokens. */
export function checkTheme(theme) {
  if (!isPlainObject(theme)) return 'theme: not an object';
  for (const key of Object.keys(theme)) {
    if (key !== 'scheme' && key !== 'tokens') return `theme.${key.slice(0, 40)}: unknown field`;
  }
  if (theme.scheme !== 'light' && theme.scheme !== 'dark') return 'theme.scheme: must be "light" or "dark"';
  if (!isPlainObject(theme.tokens)) return 'theme.tokens: not an object';
  const names = Object.keys(theme.tokens);
  if (names.length > 200) return 'theme.tokens: more than 200 tokens';
  for (const name of names) {
    if (!TOKEN_NAME.test(name)) return `theme.tokens.${name.slice(0, 40)}: invalid token name`;
    const tokenValue = theme.tokens[name];
    if (typeof tokenValue !== 'string' || tokenValue.length > 256 || !TOKEN_VALUE.test(tokenValue) ||
        TOKEN_VALUE_FORBIDDEN.test(tokenValue)) {
      return `theme.tokens.${name}: invalid value`;
    }
  }
  return null;
}

function checkIdentity(field, value, keys) {
  if (!isPlainObject(value)) return `${field}: not an object`;
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) return `${field}.${key.slice(0, 40)}: unknown field`;
    if (typeof value[key] !== 'string' || value[key].length > 256 || CONTROL.test(value[key])) {
      return `${field}.${key}: must be a string of at most 256 characters`;
    }
  }
  if (typeof value.id !== 'string' || value.id.length === 0) return `${field}.id: required`;
  return null;
}

/**
 * A session hand-off: `{token, expiresAt, user?, tenant?}`. `expiresAt` is milliseconds since
 * the epoch. Whether the expiry is acceptable (in the future, short enough) is the host's check.
 */
export function checkSession(session) {
  if (!isPlainObject(session)) return 'session: not an object';
  for (const key of Object.keys(session)) {
    if (!['token', 'expiresAt', 'user', 'tenant'].includes(key)) return `session.${key.slice(0, 40)}: unknown field`;
  }
  if (typeof session.token !== 'string' || session.token.length > 4096 || !SESSION_TOKEN.test(session.token)) {
    return 'session.token: must be 1..4096 visible ASCII characters';
  }
  if (!Number.isSafeInteger(session.expiresAt) || session.expiresAt <= 0) {
    return 'session.expiresAt: must be a positive integer (milliseconds since the epoch)';
  }
  if (session.user !== undefined) {
    const problem = checkIdentity('session.user', session.user, ['id', 'name', 'email']);
    if (problem) return problem;
  }
  if (session.tenant !== undefined) {
    const problem = checkIdentity('session.tenant', session.tenant, ['id', 'name']);
    if (problem) return problem;
  }
  return null;
}

/** A resize notification's height in CSS pixels. */
export function checkHeight(height) {
  if (typeof height !== 'number' || !Number.isFinite(height) || height < 0 || height > 1e6) {
    return 'height: must be a finite number of CSS pixels in 0..1000000';
  }
  return null;
}
