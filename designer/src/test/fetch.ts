import { vi } from 'vitest';

type Handler = (path: string, init: { method: string; body?: unknown }) => Response | Promise<Response> | undefined;

/** Stubs fetch for both call styles (a URL string, or openapi-fetch's Request), routing by path. */
export function stubFetch(handler: Handler) {
  const fn = vi.fn(async (input: string | Request, init?: RequestInit) => {
    const request = typeof input === 'string' ? undefined : input;
    const url = new URL(typeof input === 'string' ? input : input.url, 'http://localhost');
    const method = request?.method ?? init?.method ?? 'GET';
    const text = request ? await request.clone().text() : (init?.body as string | undefined);
    const answer = await handler(url.pathname + url.search, { method, body: text ? JSON.parse(text) : undefined });
    // signed in unless the handler says otherwise
    if (!answer && url.pathname === '/api/auth/me') return json(SIGNED_IN);
    return answer ?? new Response(JSON.stringify({ status: 404 }), { status: 404 });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

export const SIGNED_IN = {
  username: 'analyst', displayName: 'Ana Lyst', roles: ['Analyst'], teams: [], locale: 'en', authenticatedBy: 'session', antiforgeryToken: 'token-1',
};

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
