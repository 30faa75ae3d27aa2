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

/** Who is signed in; null when nobody is (the host answered 401). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
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
