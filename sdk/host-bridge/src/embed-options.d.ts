import type { EmbedOptions } from './extension-embed.js';

/** Checks and normalises embedExtension() options; throws TypeError naming the option. */
export declare function checkOptions(container: Element, options: EmbedOptions): Required<Pick<EmbedOptions,
  'src' | 'extensionId' | 'theme' | 'initialPath' | 'title' | 'credentials' | 'gatewayBase' | 'fetch'>> & EmbedOptions;
