import { afterEach, describe, expect, it, vi } from 'vitest';
import { filterOf } from './inboxApi';
import { takeEarlyList, tasksQuery } from './prefetch';
import { takeEarlyMe } from '../auth/useSession';
import html from '../../index.html?raw';

/** index.html's inline script, run as the browser runs it on a page load at `url`. */
function loadPage(url: string, answer: () => Promise<Response>) {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
  window.history.replaceState(null, '', url);
  const fetch = vi.fn(answer);
  vi.stubGlobal('fetch', fetch);
  new Function(script)();
  return fetch;
}

const ok = (rows: unknown[]) => () => Promise.resolve(new Response(JSON.stringify(rows), { status: 200, headers: { 'X-Total-Count': '42' } }));

afterEach(() => {
  vi.unstubAllGlobals();
  delete window.__inboxPrefetch;
  delete window.__mePrefetch;
});

describe('the inbox asked for early by index.html', () => {
  it.each([
    '/inbox',
    '/inbox?view=team',
    '/inbox?view=all&priority=high&priority=urgent&type=Installation&sort=-created&cols=priority,dueAt&task=abc',
    '/inbox?q=SR-2026%20noise&assignee=ann&assignee=-&team=T-SOUTH&dueBefore=2026-11-27T16%3A00%3A00.000Z&status=Open',
  ])('asks for the same query as the list at %s', (url) => {
    const fetch = loadPage(url, ok([]));
    const filter = filterOf(new URLSearchParams(url.split('?')[1] ?? ''));
    expect(fetch).toHaveBeenCalledWith(`/api/tasks?${tasksQuery(filter)}`, expect.anything());
    expect(window.__inboxPrefetch?.query).toBe(tasksQuery(filter));
  });

  it('is used once by the list that asks the same, with its total', async () => {
    loadPage('/inbox?view=team', ok([{ id: 't1', title: 'Call back' }]));
    const early = await takeEarlyList(filterOf(new URLSearchParams('view=team')));
    expect(early?.body).toEqual([{ id: 't1', title: 'Call back' }]);
    expect(early?.total).toBe('42');
    expect(await takeEarlyList(filterOf(new URLSearchParams('view=team')))).toBeUndefined();
  });

  it('is not used for another query, nor when the host refused it (the session check then sends to sign in)', async () => {
    loadPage('/inbox?view=team', ok([]));
    expect(await takeEarlyList(filterOf(new URLSearchParams('view=mine')))).toBeUndefined();
    loadPage('/inbox', () => Promise.resolve(new Response('{"status":401}', { status: 401 })));
    expect(await takeEarlyList(filterOf(new URLSearchParams('')))).toBeUndefined();
  });

  it('is not asked for on other pages nor for the phone intake', () => {
    const lists = (fetch: ReturnType<typeof vi.fn>) => fetch.mock.calls.filter(([url]) => String(url).startsWith('/api/tasks'));
    expect(lists(loadPage('/designer', ok([])))).toEqual([]);
    expect(lists(loadPage('/inbox?phone=13800138000', ok([])))).toEqual([]);
  });
});

describe('the session asked for early by index.html', () => {
  const me = { username: 'ann', displayName: 'Ann', roles: ['Agent'], teams: ['south'], locale: 'en', antiforgeryToken: 'tok' };

  it('is asked for on every page but the login page, and used once', async () => {
    const fetch = loadPage('/designer', () => Promise.resolve(new Response(JSON.stringify(me), { status: 200 })));
    expect(fetch).toHaveBeenCalledWith('/api/auth/me', expect.anything());
    expect(await takeEarlyMe()).toEqual(me);
    expect(await takeEarlyMe()).toBeUndefined();
    expect(loadPage('/login', ok([]))).not.toHaveBeenCalled();
  });

  it('says nobody is signed in on a 401, and leaves other failures to the query', async () => {
    loadPage('/inbox', () => Promise.resolve(new Response('{"status":401}', { status: 401 })));
    expect(await takeEarlyMe()).toBeNull();
    loadPage('/inbox', () => Promise.resolve(new Response('{"status":503}', { status: 503 })));
    expect(await takeEarlyMe()).toBeUndefined();
  });
});
