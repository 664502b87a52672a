// @alga/host-bridge: how a host page embeds an extension UI.
//
//   const embed = embedExtension(container, {src, extensionId, theme, getSession, getAuthHeaders,
//                                            gatewayBase, onNavigate});
//   await embed.ready; embed.setTheme(dark); embed.navigate('/invoices/42'); embed.destroy();

import { ExtensionEmbed } from './extension-embed.js';

/**
 * Creates a sandboxed iframe (`sandbox="allow-scripts"` only) in `container` and runs the bridge
 * for it. Throws TypeError naming a bad option.
 */
export function embedExtension(container, options) {
  return new ExtensionEmbed(container, options);
}

export { ExtensionEmbed } from './extension-embed.js';
export { DEFAULT_LIMITS } from './host-limits.js';
export { TokenBucket } from './token-bucket.js';
export { SdkError, ErrorCode } from '../../extension-iframe-sdk/src/errors.js';
