import type { Channel } from '../../extension-iframe-sdk/src/channel.js';
import type { Envelope } from '../../extension-iframe-sdk/src/envelope.js';
import type { ExtensionEmbed } from './extension-embed.js';

/** The host's handler for each message type the iframe may send. */
export declare const requestHandlers: Readonly<Record<'api' | 'navigate' | 'session.refresh' | 'resize' | 'cancel',
  (embed: ExtensionEmbed, envelope: Envelope, channel: Channel | null) => void>>;
