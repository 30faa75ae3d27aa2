import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, unwrap } from '../api/client';
import { setAntiforgeryToken } from './session';

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
  interface Window { __mePrefetch?: { sent: number; response: Promise<Response | null> } }
}

/**
 * index.html's early GET /api/auth/me, once and while fresh: the user (or null on 401), or undefined when there is none,
 * it is stale or it failed otherwise (the query then asks itself).
 */
export async function takeEarlyMe(): Promise<Me | null | undefined> {
  const early = typeof window === 'undefined' ? undefined : window.__mePrefetch;
  if (!early) return undefined;
  delete window.__mePrefetch;
  if (Date.now() - early.sent > 10_000) return undefined;
  const response = await early.response;
  if (response?.status === 401) return null;
  if (!response?.ok) return undefined;
  try {
    return (await response.json()) as Me;
  } catch {
    return undefined;
  }
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
