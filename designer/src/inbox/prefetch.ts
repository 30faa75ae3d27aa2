import type { InboxFilter } from './inboxApi';

/** What index.html's inline script started for /inbox before the app's scripts had loaded. */
interface EarlyList { query: string; sent: number; receivedAt?: number; response: Promise<Response | null> }

declare global {
  interface Window { __inboxPrefetch?: EarlyList }
}

/** How long an early answer may be used: it is for the page's first render, not for a later visit. */
const FRESH_MS = 30_000;

/**
 * GET /api/tasks's query for a filter, as index.html's inline script builds it from the page's URL (same keys, same order,
 * URLSearchParams' encoding): equal strings mean the early answer is the one the list would ask for.
 */
export function tasksQuery(filter: InboxFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, page: 1, pageSize: 100 })) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return q.toString();
}

/**
 * The early answer for this query, once: its rows and total, or undefined when there is none, it asked for another
 * query, is stale, or failed (a 401 too: the list then asks itself, and the session check sends the user to sign in).
 */
export async function takeEarlyList(filter: InboxFilter): Promise<{ body: unknown; total: string | null; receivedAt: number } | undefined> {
  const early = typeof window === 'undefined' ? undefined : window.__inboxPrefetch;
  if (!early) return undefined;
  delete window.__inboxPrefetch;
  if (early.query !== tasksQuery(filter) || Date.now() - early.sent > FRESH_MS) return undefined;
  const response = await early.response;
  if (!response?.ok) return undefined;
  try {
    return { body: await response.json(), total: response.headers.get('X-Total-Count'), receivedAt: early.receivedAt ?? Date.now() };
  } catch {
    return undefined;
  }
}
