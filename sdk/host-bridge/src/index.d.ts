import type { EmbedOptions, ExtensionEmbed } from './extension-embed.js';

/** Creates a sandboxed iframe (`sandbox="allow-scripts"` only) in `container` and runs the bridge for it. */
export declare function embedExtension(container: Element, options: EmbedOptions): ExtensionEmbed;

export { ExtensionEmbed, type EmbedOptions, type EmbedStats, type EmbedState, type SecurityEvent, type SecurityEventKind } from './extension-embed.js';
export { DEFAULT_LIMITS, type HostLimits } from './host-limits.js';
export { TokenBucket } from './token-bucket.js';
export { SdkError, ErrorCode, type ErrorCodeName } from '../../extension-iframe-sdk/src/errors.js';
export type { Theme, Session } from '../../extension-iframe-sdk/src/types.js';
