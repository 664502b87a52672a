/** Marker every envelope carries in its `alga` field. */
export declare const PROTOCOL: 'ext-ui';
/** Protocol version carried in `v`. */
export declare const VERSION: 1;
/** URL-fragment parameter through which the host hands the per-embed nonce to the iframe. */
export declare const NONCE_PARAM: 'alga-embed';
export declare const SDK_VERSION: string;

export type MessageTypeName =
  | 'hello' | 'welcome'
  | 'init' | 'theme' | 'session' | 'deep-link' | 'response'
  | 'api' | 'navigate' | 'session.refresh' | 'resize' | 'cancel';

export declare const MessageType: Readonly<{
  hello: 'hello';
  welcome: 'welcome';
  init: 'init';
  theme: 'theme';
  session: 'session';
  deepLink: 'deep-link';
  response: 'response';
  api: 'api';
  navigate: 'navigate';
  sessionRefresh: 'session.refresh';
  resize: 'resize';
  cancel: 'cancel';
}>;

export declare const HOST_RECEIVES: ReadonlySet<MessageTypeName>;
export declare const IFRAME_RECEIVES: ReadonlySet<MessageTypeName>;
export declare const REQUEST_TYPES: ReadonlySet<MessageTypeName>;
export declare const PAYLOAD_KEYS: Readonly<Record<MessageTypeName, readonly string[]>>;
export declare const MAX_SEQ: number;
