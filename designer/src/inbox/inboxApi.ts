import { useEffect, useState } from 'react';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { arrivedEarlyList, type EarlyAnswer, takeEarlyList } from './prefetch';
import { totalOf } from './total';

type S = components['schemas'];
/** A task as the inbox API answers it (docs/inbox.md). */
export type InboxRow = Omit<S['InboxRow'], 'formFields'> & { formFields: FormField[] | null; /** when the browser received it (Date.now()) */ receivedAt?: number };
export type TaskDetailView = Omit<S['TaskDetailView'], 'task'> & { task: InboxRow };
export type InboxView = S['InboxViewView'];

/** One field of a Human task's form (docs/workflow-format.md). */
export interface FormField {
  name: string; label?: string | null; type?: string; required?: boolean; choices?: string[] | null;
  min?: number | null; max?: number | null; maxLength?: number | null;
}

/** The list's query: GET /api/tasks parameters, also what a saved view keeps as its filters. */
export interface InboxFilter {
  view?: string; type?: string[]; priority?: string[]; status?: string; q?: string; sort?: string; assignee?: string[]; team?: string[];
  /** ISO 8601: tasks due strictly before it (the start of the day after the date picked). */
  dueBefore?: string;
}

/** The list's query as the page's URL says it (/inbox?view=team&priority=high&priority=urgent…). */
export function filterOf(params: URLSearchParams): InboxFilter {
  return {
    view: params.get('view') ?? 'mine',
    type: params.getAll('type'),
    priority: params.getAll('priority'),
    status: params.get('status') ?? undefined,
    assignee: params.getAll('assignee'),
    team: params.getAll('team'),
    dueBefore: params.get('dueBefore') ?? undefined,
    q: params.get('q') ?? undefined,
    sort: params.get('sort') ?? undefined,
  };
}

/** openapi-fetch's untyped escape hatch for paths whose path or header parameters the document leaves open. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const raw = api as any;
const ifMatch = (version?: number) => (version === undefined ? {} : { 'If-Match': `"${version}"` });

/** The list's query key (one per filter). */
export const inboxListKey = (filter: InboxFilter) => ['inbox', 'list', filter] as const;

function earlyList(early: EarlyAnswer) {
  const rows = (early.body as InboxRow[]).map((r) => ({ ...r, receivedAt: early.receivedAt }));
  return { rows, total: totalOf(early.total, rows.length) };
}

export async function listTasks(filter: InboxFilter) {
  if (typeof performance !== 'undefined') performance.mark('inbox:list');
  const early = await takeEarlyList(filter); // index.html asked for /inbox's first page already
  if (early) {
    if (typeof performance !== 'undefined') performance.mark('inbox:early-used');
    return earlyList(early);
  }
  const query = Object.fromEntries(Object.entries({ ...filter, page: 1, pageSize: 100 })
    .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
  const result = await raw.GET('/api/tasks', { params: { query } });
  const receivedAt = Date.now();
  const rows = (unwrap(result) as InboxRow[]).map((r) => ({ ...r, receivedAt }));
  return { rows, total: totalOf(result.response.headers.get('X-Total-Count'), rows.length) };
}

export async function taskAction(id: string, action: 'claim' | 'unclaim', version?: number): Promise<InboxRow> {
  return unwrap(await raw.POST(`/api/tasks/{id}/${action}`, { params: { path: { id } }, headers: ifMatch(version) }));
}

export async function completeTask(id: string, version: number, outcome: string, data: Record<string, unknown>) {
  return unwrap(await raw.POST('/api/tasks/{id}/complete', { params: { path: { id } }, headers: ifMatch(version), body: { outcome, data } }));
}

export async function nextTask(): Promise<InboxRow | null> {
  const result = await raw.POST('/api/tasks/next', {});
  if (result.response.status === 204) return null;
  return unwrap(result) as InboxRow;
}

export async function reassignTask(id: string, version: number, to: { assignee?: string; team?: string }): Promise<InboxRow> {
  return unwrap(await raw.POST('/api/tasks/{id}/reassign', { params: { path: { id } }, headers: ifMatch(version), body: { assignee: to.assignee ?? null, team: to.team ?? null } }));
}

export async function bulk(body: { action: string; ids: string[]; assignee?: string; team?: string; priority?: string }) {
  return unwrap(await api.POST('/api/tasks/bulk', { body: body as never })) as { succeeded: number; failed: number };
}

export async function recordArticleUse(articleId: string) {
  return unwrap(await api.POST('/api/knowledge/{articleId}/used', { params: { path: { articleId } } }));
}

export function useInbox(filter: InboxFilter, live: boolean) {
  // the stream keeps the list current; without it (a proxy that buffers, a restart) a slow poll does
  return useQuery({ queryKey: inboxListKey(filter), queryFn: () => listTasks(filter), refetchInterval: live ? 60_000 : 5_000, placeholderData: (p) => p });
}

/**
 * Before the app's first render on /inbox (src/main.tsx): the rows index.html asked for, when they have arrived, in the
 * list's query, so the first frame shows them (docs/benchmarks.md, inbox page).
 */
export async function primeInboxList(client: QueryClient, search: string): Promise<void> {
  const filter = filterOf(new URLSearchParams(search));
  const early = await arrivedEarlyList(filter);
  if (!early) return;
  client.setQueryData(inboxListKey(filter), earlyList(early));
  if (typeof performance !== 'undefined') performance.mark('inbox:primed');
}

/** The task with its request, customer, product and warranty, SLA, history and suggestions; reading it marks it read. */
export function useTaskDetail(id: string | undefined) {
  return useQuery({
    queryKey: ['inbox', 'detail', id],
    enabled: !!id,
    queryFn: async () => {
      const detail = unwrap(await api.GET('/api/tasks/{id}/detail', { params: { path: { id: id! } } })) as unknown as TaskDetailView;
      return { ...detail, task: { ...detail.task, receivedAt: Date.now() } };
    },
  });
}

export function useViews() {
  return useQuery({ queryKey: ['inbox-views'], queryFn: async () => unwrap(await api.GET('/api/inbox-views')) });
}

export async function saveView(body: { name: string; filters: Record<string, unknown>; columns: string[]; sort?: string; sharedWithTeam?: string | null }) {
  return unwrap(await api.POST('/api/inbox-views', { body: { ...body, sort: body.sort ?? null, sharedWithTeam: body.sharedWithTeam ?? null, filters: body.filters as never } }));
}

/** PUT /api/inbox-views/{id}: the whole view (name, filters, columns, sort, sharing), guarded by the version the screen shows. */
export async function updateView(id: string, version: number, body: { name: string; filters: Record<string, unknown>; columns: string[]; sort?: string | null; sharedWithTeam?: string | null }) {
  return unwrap(await raw.PUT('/api/inbox-views/{id}', {
    params: { path: { id } }, headers: ifMatch(version),
    body: { ...body, sort: body.sort ?? null, sharedWithTeam: body.sharedWithTeam ?? null },
  })) as InboxView;
}

export async function deleteView(id: string) {
  return unwrap(await api.DELETE('/api/inbox-views/{id}', { params: { path: { id } } }));
}

/**
 * Live updates: GET /api/tasks/stream (Server-Sent Events, sent after commit). Each event refreshes the inbox's
 * queries; `reset` (the host restarted or the id is too old) too. EventSource reconnects with Last-Event-ID itself.
 */
export function useTaskStream() {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/tasks/stream');
    let pending: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      // a burst (a bulk reassign) is one refresh
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        void client.invalidateQueries({ queryKey: ['inbox'] });
      }, 150);
    };
    const events = ['task.created', 'task.claimed', 'task.unclaimed', 'task.reassigned', 'task.updated', 'task.completed', 'task.cancelled', 'reset'];
    events.forEach((e) => source.addEventListener(e, refresh));
    source.onopen = () => setLive(true);
    source.onerror = () => setLive(source.readyState === EventSource.OPEN);
    return () => {
      if (pending) clearTimeout(pending);
      source.close();
    };
  }, [client]);
  return live;
}
