// @alga/extension-iframe-sdk: the extension's side of the host <-> iframe bridge.
// Usage: `const ext = await connect(); const items = await ext.api.json('GET', '/items');`

export { connect } from './connect.js';
export { ExtensionClient } from './extension-client.js';
export { ApiClient } from './api-client.js';
export { ApiResponse } from './api-response.js';
export { SdkError, ErrorCode } from './errors.js';
export { applyTheme } from './theme.js';
export { PROTOCOL, VERSION, SDK_VERSION } from './protocol.js';
