export type Readiness = 'ready' | 'unready' | 'unreachable';

/** /health/ready answers 200 when the database is reachable, 503 when not. */
export async function fetchReadiness(signal?: AbortSignal): Promise<Readiness> {
  try {
    const response = await fetch('/health/ready', { signal, cache: 'no-store' });
    return response.ok ? 'ready' : 'unready';
  } catch {
    return 'unreachable';
  }
}
