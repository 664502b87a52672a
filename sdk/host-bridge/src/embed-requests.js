// What the host does with each message type from the iframe, once ExtensionEmbed.receive has
// checked the envelope, its size and its `must` list. Each handler answers on `channel`, the
// channel the request arrived on, so a late answer never crosses into a re-embedded frame.

import { SdkError, ErrorCode } from '../../extension-iframe-sdk/src/errors.js';
import { MessageType } from '../../extension-iframe-sdk/src/protocol.js';
import { checkApiRequest, checkHeight, checkPath } from '../../extension-iframe-sdk/src/rules.js';

const SESSION_MARGIN_MS = 10_000;

/** `api`: proxies the call to the gateway, at most `maxInFlight` at once. */
function api(embed, envelope, channel) {
  const payload = envelope.payload;
  const problem = checkApiRequest(payload);
  if (problem) return embed.refuse(envelope, 'invalid_request', ErrorCode.invalidRequest, problem);
  if (embed.inFlight.size >= embed.limits.maxInFlight) {
    return embed.refuse(envelope, 'busy', ErrorCode.busy, `more than ${embed.limits.maxInFlight} calls in flight`);
  }
  const seq = envelope.seq;
  const controller = new AbortController();
  embed.inFlight.set(seq, controller);
  embed.counters.apiCalls += 1;
  const request = { method: payload.method, path: payload.path, headers: payload.headers, body: payload.body };
  const settle = (error, result) => {
    if (embed.inFlight.get(seq) !== controller) return;
    embed.inFlight.delete(seq);
    embed.reply(envelope, error, result, channel);
  };
  embed.proxy.call(request, controller.signal).then(
    (result) => settle(null, result),
    (error) => settle(error instanceof SdkError ? error : new SdkError(ErrorCode.internal, 'api proxy failed')),
  );
}

/** `navigate`: asks the host app (onNavigate) to reflect the path; no callback means no. */
async function navigate(embed, envelope, channel) {
  const { path, replace } = envelope.payload;
  const problem = checkPath('path', path, { allowFragment: true }) ??
    (replace !== undefined && typeof replace !== 'boolean' ? 'replace: not a boolean' : null);
  if (problem) return embed.refuse(envelope, 'invalid_request', ErrorCode.invalidRequest, problem);
  const onNavigate = embed.options.onNavigate;
  let accepted = false;
  try {
    accepted = onNavigate ? (await onNavigate(path, { replace: replace === true })) !== false : false;
  } catch (error) {
    embed.reportError(new SdkError(ErrorCode.navigationRefused, 'onNavigate threw', { cause: error }));
  }
  if (!accepted) return embed.reply(envelope, new SdkError(ErrorCode.navigationRefused, 'the host declined the navigation'), null, channel);
  embed.path = path;
  embed.reply(envelope, null, {}, channel);
}

/** `session.refresh`: a session valid for a while longer, fetched if needed. */
async function sessionRefresh(embed, envelope, channel) {
  try {
    const session = await embed.sessions.fresh(SESSION_MARGIN_MS);
    embed.reply(envelope, null, { session }, channel);
  } catch (error) {
    embed.reply(envelope, error instanceof SdkError ? error : new SdkError(ErrorCode.sessionUnavailable, 'no session'), null, channel);
  }
}

/** `resize`: sets the iframe height, clamped to the host's bounds. */
function resize(embed, envelope) {
  const problem = checkHeight(envelope.payload.height);
  if (problem) return embed.violation('invalid_request', problem);
  const height = Math.round(Math.min(embed.limits.maxHeight, Math.max(embed.limits.minHeight, envelope.payload.height)));
  if (height === embed.counters.height) return;
  embed.counters.height = height;
  embed.iframe.style.height = `${height}px`;
  embed.callback('onResize', height);
}

/** `cancel`: aborts an API call in flight (its answer is then never sent). */
function cancel(embed, envelope) {
  const re = envelope.payload.re;
  if (!Number.isSafeInteger(re) || re <= 0) return embed.violation('invalid_request', 're: not a positive integer');
  const controller = embed.inFlight.get(re);
  if (!controller) return;
  embed.inFlight.delete(re);
  controller.abort();
}

export const requestHandlers = Object.freeze({
  [MessageType.api]: api,
  [MessageType.navigate]: navigate,
  [MessageType.sessionRefresh]: sessionRefresh,
  [MessageType.resize]: resize,
  [MessageType.cancel]: cancel,
});
