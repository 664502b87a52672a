// Checks and normalises the options of embedExtension(); each problem is a TypeError naming
// the option, thrown before anything is created.

import { isPlainObject } from '../../extension-iframe-sdk/src/envelope.js';
import { checkPath, checkTheme } from '../../extension-iframe-sdk/src/rules.js';

const EXTENSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const CALLBACKS = ['getSession', 'getAuthHeaders', 'onNavigate', 'onReady', 'onResize', 'onError', 'onSecurityEvent', 'fetch'];
const KNOWN = new Set(['src', 'extensionId', 'theme', 'initialPath', 'title', 'gatewayBase', 'credentials', 'limits',
  'allowSameOrigin', ...CALLBACKS]);

/** Returns the normalised options or throws TypeError. */
export function checkOptions(container, options) {
  if (!(container instanceof Element)) throw new TypeError('container: not a DOM element');
  if (!isPlainObject(options)) throw new TypeError('options: not an object');
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new TypeError(`options.${key}: unknown option`);

  let src;
  try {
    src = new URL(options.src);
  } catch {
    throw new TypeError('src: not an absolute URL');
  }
  if (src.protocol !== 'https:' && src.protocol !== 'http:') throw new TypeError('src: must be an http(s) URL');
  if (src.username || src.password) throw new TypeError('src: must not carry credentials');
  if (src.hash) throw new TypeError('src: must not have a fragment (the bridge owns it; use initialPath for deep links)');
  if (src.origin === window.location.origin && options.allowSameOrigin !== true) {
    throw new TypeError('src: is the host page\'s own origin; serve extension UIs from the assets origin');
  }
  if (typeof options.extensionId !== 'string' || !EXTENSION_ID.test(options.extensionId)) {
    throw new TypeError('extensionId: 1-128 characters of A-Z a-z 0-9 . _ : -');
  }
  const theme = options.theme ?? { scheme: 'light', tokens: {} };
  const themeProblem = checkTheme(theme);
  if (themeProblem) throw new TypeError(themeProblem);
  const initialPath = options.initialPath ?? '/';
  const pathProblem = checkPath('initialPath', initialPath, { allowFragment: true });
  if (pathProblem) throw new TypeError(pathProblem);
  for (const name of CALLBACKS) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new TypeError(`${name}: not a function`);
  }
  const credentials = options.credentials ?? 'same-origin';
  if (!['omit', 'same-origin', 'include'].includes(credentials)) throw new TypeError('credentials: omit, same-origin or include');
  const title = options.title ?? 'Extension';
  if (typeof title !== 'string' || title.length === 0 || title.length > 200) throw new TypeError('title: 1-200 characters');

  return {
    ...options,
    src: src.href,
    theme: { scheme: theme.scheme, tokens: { ...theme.tokens } },
    initialPath,
    title,
    credentials,
    gatewayBase: options.gatewayBase ?? window.location.origin,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}
