// Compile-time tests of the hand-written declarations: how an extension author and a host app
// use the packages from TypeScript. `tsc --noEmit` must accept this file; each `@ts-expect-error`
// line must be an error (tsc fails if it is not). Run by scripts/test-browser.

import { connect, SdkError, ErrorCode, type ApiResponse, type Session, type Theme } from '../../../sdk/extension-iframe-sdk/src/index.js';
import { embedExtension, DEFAULT_LIMITS, type EmbedStats, type SecurityEvent } from '../../../sdk/host-bridge/src/index.js';
import { AlgaTable, darkTheme, toast, type TableColumn } from '../../../sdk/ui-kit/src/index.js';

interface Item { id: string; name: string; created_ms: number }

export async function extensionSide(): Promise<number> {
  const ext = await connect({ timeoutMs: 5000 });
  const items = await ext.api.json<{ items: Item[] }>('GET', '/items');
  const response: ApiResponse = await ext.api.call('POST', '/items', { name: 'x' }, { headers: { 'idempotency-key': 'k1' } });
  const off = ext.on('theme', (theme: Theme) => theme.tokens['color-bg']);
  off();
  ext.on('deep-link', (path: string) => path.startsWith('/'));
  const session: Session = await ext.getSession();
  await ext.navigate('/items/1', { replace: true });
  try {
    await ext.api.json('DELETE', '/items/1');
  } catch (error) {
    if (error instanceof SdkError && error.code === ErrorCode.httpError) return error.status ?? 0;
  }
  // @ts-expect-error TRACE is not a method the proxy accepts
  await ext.api.call('TRACE', '/items');
  // @ts-expect-error events are a closed set
  ext.on('message', () => undefined);
  return items.items.length + response.status + session.expiresAt;
}

export function hostSide(container: HTMLElement): EmbedStats {
  const embed = embedExtension(container, {
    src: 'https://assets.example/ext-ui/com.acme.x/sha256:00/ui/index.html',
    extensionId: 'com.acme.x',
    theme: darkTheme,
    getSession: async () => ({ token: 't', expiresAt: Date.now() + 60_000, user: { id: 'u1' } }),
    getAuthHeaders: () => ({ authorization: 'Bearer x' }),
    onNavigate: (path, { replace }) => path.length > 0 && !replace,
    onSecurityEvent: (event: SecurityEvent) => event.kind === 'quarantined',
    limits: { maxHeight: DEFAULT_LIMITS.maxHeight / 2 },
  });
  embed.setTheme({ scheme: 'light', tokens: {} });
  // @ts-expect-error the sandbox is not an option
  embedExtension(container, { src: 'https://a.example/', extensionId: 'x', sandbox: 'allow-same-origin' });
  // @ts-expect-error unknown limit
  embedExtension(container, { src: 'https://a.example/', extensionId: 'x', limits: { maxSpeed: 1 } });
  return embed.stats();
}

export function kit(table: AlgaTable<Item>): void {
  const columns: TableColumn<Item>[] = [{ key: 'name', label: 'Name', sortable: true, format: (_value, row) => row.name }];
  table.columns = columns;
  table.rows = [{ id: '1', name: 'One', created_ms: 0 }];
  const dismiss = toast('Saved', { variant: 'success', timeoutMs: 0 });
  dismiss();
  // @ts-expect-error not a toast variant
  toast('Saved', { variant: 'fancy' });
  const dialog = document.createElement('alga-dialog');
  dialog.show();
}
