/** Performs validated API calls for one embed against the gateway. */
export declare class ApiProxy {
  constructor(options: {
    gatewayBase: string;
    extensionId: string;
    getAuthHeaders?: () => Record<string, string> | Promise<Record<string, string>>;
    credentials: RequestCredentials;
    fetch: typeof fetch;
    limits: { requestTimeoutMs: number; maxResponseBytes: number };
  });
  url(path: string): string;
  call(payload: { method: string; path: string; headers?: Record<string, string>; body?: string | ArrayBuffer | null },
    cancel: AbortSignal): Promise<{ status: number; headers: Record<string, string>; body: ArrayBuffer }>;
}
