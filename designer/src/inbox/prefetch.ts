import type { InboxFilter } from './inboxApi';

/** The early answer as read: the rows' JSON, X-Total-Count, when it arrived. */
export interface EarlyAnswer { body: unknown; total: string | null; receivedAt: number }

/** What index.html's inline script started for /inbox before the app's scripts had loaded. */
interface EarlyList { query: string; sent: number; receivedAt?: number; response: Promise<Response | null>; answer?: Promise<EarlyAnswer | undefined> }

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

/** The early answer read once (a body is read only once); undefined when it failed (a 401 too). */
function answerOf(early: EarlyList): Promise<EarlyAnswer | undefined> {
  early.answer ??= early.response.then(async (response) => {
    if (!response?.ok) return undefined;
    try {
      return { body: await response.json(), total: response.headers.get('X-Total-Count'), receivedAt: early.receivedAt ?? Date.now() };
    } catch {
      return undefined;
    }
  });
  return early.answer;
}

function usable(early: EarlyList | undefined, filter: InboxFilter): early is EarlyList {
  return !!early && early.query === tasksQuery(filter) && Date.now() - early.sent <= FRESH_MS;
}

/**
 * The early answer for this query, once: its rows and total, or undefined when there is none, it asked for another
 * query, is stale, or failed (a 401 too: the list then asks itself, and the session check sends the user to sign in).
 */
export async function takeEarlyList(filter: InboxFilter): Promise<EarlyAnswer | undefined> {
  const early = typeof window === 'undefined' ? undefined : window.__inboxPrefetch;
  if (!early) return undefined;
  delete window.__inboxPrefetch;
  return usable(early, filter) ? answerOf(early) : undefined;
}

/**
 * The early answer for this query when it has already arrived, without taking it: src/main.tsx puts it in the list's query
 * before the first render, so the first frame has rows; the list's own first fetch then takes the same answer (no second
 * request). Undefined while it is still on its way (the list waits for it then).
 */
export async function arrivedEarlyList(filter: InboxFilter): Promise<EarlyAnswer | undefined> {
  const early = typeof window === 'undefined' ? undefined : window.__inboxPrefetch;
  return usable(early, filter) && early.receivedAt !== undefined ? answerOf(early) : undefined;
}
