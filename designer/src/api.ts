export interface ProductInfo {
  product: string;
  version: string;
  environment: string;
  databaseProvider: string;
}

export type Readiness = 'ready' | 'unready' | 'unreachable';

export async function fetchInfo(signal?: AbortSignal): Promise<ProductInfo> {
  const response = await fetch('/api/info', { signal });
  if (!response.ok) throw new Error(`GET /api/info answered ${response.status}`);
  return (await response.json()) as ProductInfo;
}

/** /health/ready answers 200 when the database is reachable, 503 when not. */
export async function fetchReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    const response = await fetch('/health/ready', { signal, cache: 'no-store' });
    return response.ok ? 'ready' : 'unready';
  } catch {
    return 'unreachable';
  }
}
