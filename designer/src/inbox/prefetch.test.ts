import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { filterOf, inboxListKey, listTasks, primeInboxList } from './inboxApi';
import { takeEarlyList, tasksQuery } from './prefetch';
import { meKey, primeSession, takeEarlyMe } from '../auth/useSession';
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

describe('the first render, with the early answers already in the queries', () => {
  const me = { username: 'ann', displayName: 'Ann', roles: ['Agent'], teams: ['south'], locale: 'en', antiforgeryToken: 'tok' };
  const rows = [{ id: 't1', title: 'Call back' }, { id: 't2', title: 'Visit' }];
  const answers = (url: string) => Promise.resolve(url.startsWith('/api/tasks')
    ? new Response(JSON.stringify(rows), { status: 200, headers: { 'X-Total-Count': '2' } })
    : new Response(JSON.stringify(me), { status: 200 }));

  it('knows who is signed in before the app renders, so its first frame is the page and not the session check', async () => {
    loadPage('/inbox', () => answers('/api/auth/me'));
    const client = new QueryClient();
    await primeSession(client, 1000);
    expect(client.getQueryData(meKey)).toEqual(me);
    expect(await takeEarlyMe()).toBeUndefined(); // taken: the session query does not ask again
  });

  it('renders without waiting longer than it was told when the answer is late, and the query still takes that answer', async () => {
    const waiting: ((r: Response) => void)[] = [];
    loadPage('/inbox', () => new Promise<Response>((resolve) => { waiting.push(resolve); }));
    const client = new QueryClient();
    await primeSession(client, 20);
    expect(client.getQueryData(meKey)).toBeUndefined();
    waiting.forEach((answer) => answer(new Response(JSON.stringify(me), { status: 200 })));
    expect(await takeEarlyMe()).toEqual(me);
  });

  it("has /inbox's rows in the list's query for the first frame, and the list's first fetch asks the host nothing more", async () => {
    const fetch = loadPage('/inbox?view=team', (url?: unknown) => answers(String(url)));
    await Promise.resolve(); // the inline script's answer has arrived
    await new Promise((resolve) => setTimeout(resolve, 0));
    const client = new QueryClient();
    await primeInboxList(client, '?view=team');
    const filter = filterOf(new URLSearchParams('view=team'));
    const primed = client.getQueryData<{ rows: { id: string }[]; total: { count: number } }>(inboxListKey(filter));
    expect(primed?.rows.map((r) => r.id)).toEqual(['t1', 't2']);
    expect(primed?.total.count).toBe(2);
    const first = await listTasks(filter); // the query's own fetch on mount
    expect(first.rows.map((r) => r.id)).toEqual(['t1', 't2']);
    expect((fetch.mock.calls as unknown[][]).filter(([url]) => String(url).startsWith('/api/tasks'))).toHaveLength(1);
  });
});
