import { type Early, freshEarly, readEarly } from '../api/early';
import type { InboxFilter } from './inboxApi';

/** The early answer as read: the rows' JSON, X-Total-Count, when it arrived. */
export interface EarlyAnswer { body: unknown; total: string | null; receivedAt: number }

/** What index.html's inline script started for /inbox before the app's scripts had loaded: GET /api/tasks with this query. */
interface EarlyList extends Early { query: string }

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

/** The early answer as the list takes it: undefined when it failed (a 401 too). */
async function answerOf(early: EarlyList): Promise<EarlyAnswer | undefined> {
  const read = await readEarly(early);
  return read?.ok ? { body: read.body, total: read.headers.get('X-Total-Count'), receivedAt: read.receivedAt } : undefined;
}

function usable(early: EarlyList | undefined, filter: InboxFilter): early is EarlyList {
  return freshEarly(early, FRESH_MS)?.query === tasksQuery(filter);
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
