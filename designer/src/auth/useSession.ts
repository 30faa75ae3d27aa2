import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../api/client';
import { setAntiforgeryToken } from './session';
import { type Early, freshEarly, readEarly } from '../api/early';

export const meKey = ['auth', 'me'] as const;

export interface Me {
  username: string;
  displayName: string;
  roles: string[];
  teams: string[];
  locale: string;
  timeZone?: string | null;
  antiforgeryToken?: string | null;
}

declare global {
  interface Window { __mePrefetch?: Early }
}

/** How long an early answer may be used: it is for the page's first render, not for a later visit. */
const FRESH_MS = 10_000;

/** index.html's early GET /api/auth/me as the session's answer: the user, null on 401, undefined when it failed otherwise. */
async function meOf(early: Early): Promise<Me | null | undefined> {
  const read = await readEarly(early);
  if (read?.status === 401) return null;
  return read?.ok ? (read.body as Me) : undefined;
}

/**
 * index.html's early GET /api/auth/me, once and while fresh: the user (or null on 401), or undefined when there is none,
 * it is stale or it failed otherwise (the query then asks itself).
 */
export async function takeEarlyMe(): Promise<Me | null | undefined> {
  const early = typeof window === 'undefined' ? undefined : window.__mePrefetch;
  if (!early) return undefined;
  delete window.__mePrefetch;
  return freshEarly(early, FRESH_MS) ? meOf(early) : undefined;
}

/**
 * Before the app's first render (src/main.tsx): puts index.html's early answer in the session's query, waiting for it at
 * most `waitMs`, so the first frame is the page itself rather than the session check's spinner followed by a second render
 * (docs/benchmarks.md, inbox page). Without an answer in time the query takes it, or asks, itself.
 */
export async function primeSession(client: QueryClient, waitMs: number): Promise<void> {
  const early = freshEarly(typeof window === 'undefined' ? undefined : window.__mePrefetch, FRESH_MS);
  if (!early) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), waitMs); });
  const me = await Promise.race([meOf(early), late]);
  clearTimeout(timer);
  if (me === 'late' || me === undefined) return;
  delete window.__mePrefetch;
  setAntiforgeryToken(me?.antiforgeryToken);
  client.setQueryData(meKey, me);
}

/** Who is signed in; null when nobody is (the host answered 401). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      const early = await takeEarlyMe();
      if (early !== undefined) {
        setAntiforgeryToken(early?.antiforgeryToken);
        return early;
      }
      try {
        const me = unwrap(await api.GET('/api/auth/me')) as Me;
        setAntiforgeryToken(me.antiforgeryToken);
        return me;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) =>
      unwrap(await api.POST('/api/auth/login', { body })) as Me,
    onSuccess: (me) => {
      setAntiforgeryToken(me.antiforgeryToken);
      client.clear();
      client.setQueryData(meKey, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.POST('/api/auth/logout');
    },
    onSettled: () => {
      setAntiforgeryToken(undefined);
      client.clear();
      client.setQueryData(meKey, null);
    },
  });
}
