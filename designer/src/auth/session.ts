import { api } from '../api/client';

/**
 * The browser session: the host's cookie carries it; this module keeps the antiforgery token the
 * host hands out with /api/auth/me and the login answer, sends it on every write, and sends the
 * browser to /login (returning to the same page afterwards) when an API call answers 401.
 */
let antiforgeryToken: string | undefined;

export function setAntiforgeryToken(token: string | null | undefined) {
  antiforgeryToken = token ?? undefined;
}

/** Where /login goes back to: a path of this app, never another site. */
export function safeReturnUrl(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/login')) return '/';
  return raw;
}

export function loginUrl(returnTo: string) {
  return `/login?returnUrl=${encodeURIComponent(safeReturnUrl(returnTo))}`;
}

/** Calls the auth endpoints make themselves and whose 401 is an answer, not an expired session. */
const OWN_ANSWERS = ['/api/auth/login', '/api/auth/me'];

let onExpired: (returnTo: string) => void = (returnTo) => window.location.assign(loginUrl(returnTo));

/** Tests and the router replace the browser navigation. */
export function onSessionExpired(handler: (returnTo: string) => void) {
  onExpired = handler;
}

api.use({
  onRequest({ request }) {
    if (antiforgeryToken && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) request.headers.set('X-XSRF-TOKEN', antiforgeryToken);
    return request;
  },
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !OWN_ANSWERS.includes(path) && typeof window !== 'undefined') {
      setAntiforgeryToken(undefined);
      onExpired(window.location.pathname + window.location.search);
    }
    return response;
  },
});
