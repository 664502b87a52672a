// The wire protocol between a host page and an extension iframe (docs/iframe-sdk.md).
// Shared by the iframe SDK and the host bridge; both import this file, so the constants
// cannot drift apart.

/** Marker every envelope carries in its `alga` field. */
export const PROTOCOL = 'ext-ui';

/** Protocol version carried in `v`. A receiver refuses any other version. */
export const VERSION = 1;

/** URL-fragment parameter through which the host hands the per-embed nonce to the iframe. */
export const NONCE_PARAM = 'alga-embed';

/** The SDK's own version, announced in `hello`. */
export const SDK_VERSION = '1.0.0';

/** Message types. Window messages (`hello`, `welcome`) have `seq` 0; all others travel on the port. */
export const MessageType = Object.freeze({
  // window, before the port exists
  hello: 'hello',
  welcome: 'welcome',
  // host -> iframe (port)
  init: 'init',
  theme: 'theme',
  session: 'session',
  deepLink: 'deep-link',
  response: 'response',
  // iframe -> host (port), requests answered by `response`
  api: 'api',
  navigate: 'navigate',
  sessionRefresh: 'session.refresh',
  // iframe -> host (port), notifications
  resize: 'resize',
  cancel: 'cancel',
});

/** What each side may receive on the port; anything else is a protocol violation. */
export const HOST_RECEIVES = Object.freeze(new Set(['api', 'navigate', 'session.refresh', 'resize', 'cancel']));
export const IFRAME_RECEIVES = Object.freeze(new Set(['init', 'theme', 'session', 'deep-link', 'response']));

/** Types the iframe sends that expect a `response`. */
export const REQUEST_TYPES = Object.freeze(new Set(['api', 'navigate', 'session.refresh']));

/** Payload keys each type understands (the `must` list is checked against these). */
export const PAYLOAD_KEYS = Object.freeze({
  hello: ['nonce', 'sdk'],
  welcome: ['nonce'],
  init: ['extensionId', 'theme', 'session', 'path', 'limits'],
  theme: ['scheme', 'tokens'],
  session: ['session'],
  'deep-link': ['path'],
  response: ['ok', 'result', 'error'],
  api: ['method', 'path', 'headers', 'body'],
  navigate: ['path', 'replace'],
  'session.refresh': [],
  resize: ['height'],
  cancel: ['re'],
});

/** Largest `seq` (and `re`) value: the largest integer a double holds exactly. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;
