export { connect, type ConnectOptions } from './connect.js';
export { ExtensionClient, type ExtensionEvents } from './extension-client.js';
export { ApiClient, type ApiCallOptions, type ApiBody } from './api-client.js';
export { ApiResponse } from './api-response.js';
export { SdkError, ErrorCode, type ErrorCodeName } from './errors.js';
export { applyTheme } from './theme.js';
export { PROTOCOL, VERSION, SDK_VERSION } from './protocol.js';
export type { Theme, Session, ChannelLimits, HttpMethod } from './types.js';
