import { lazy, memo, type RefObject, startTransition, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Badge, Button, Checkbox, Empty, Input, Modal, Segmented, Select, Space, Spin, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { totalText } from './total';
import { useSearchParams } from 'react-router';
import { useMe } from '../auth/useSession';
import { fieldErrors } from '../intake/api';
import { formatDateTime } from '../intake/format';
import { AssigneePicker, choiceOf, DirectoryFilter } from './AssigneePicker';
import { bulk, deleteView, filterOf, type InboxFilter, type InboxRow, type InboxView, nextTask, saveView, taskAction, updateView, useInbox, useTaskStream, useViews } from './inboxApi';
import { Chip, SlaCountdown } from './SlaCountdown';
import { Slot } from '../shell/Slot';
import { useAfterFirstFrame } from '../shell/afterFirstFrame';
import './inbox.css';

const VIEWS = ['mine', 'team', 'unassigned', 'breaching-soon', 'all'] as const;
const TYPES = ['Installation', 'InWarrantyRepair', 'OutOfWarrantyRepair', 'Complaint', 'Return', 'PreventiveMaintenance'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const SORTS = ['due', '-due', 'priority', '-priority', 'created', '-created', 'title', '-title'];
/** The optional columns (the title is always shown), as the saved views name them (docs/inbox.md). */
const COLUMNS = ['priority', 'assignee', 'status', 'slaRemaining', 'dueAt', 'requestType', 'customerName', 'createdAt'] as const;
/**
 * Rows in the first frame: a screenful below the header, heading and filters (~300 px; a row with its second line is 62 px
 * high: 10 rows at 900 px); the rest follows in a transition.
 */
const FIRST_ROWS = typeof window === 'undefined' ? 25 : Math.max(8, Math.min(25, Math.ceil((window.innerHeight - 300) / 60)));
const DEFAULT_COLUMNS = ['priority', 'assignee', 'status', 'slaRemaining'];
const SHORTCUTS: [string, string][] = [
  ['j / ↓', 'inbox.keys.down'], ['k / ↑', 'inbox.keys.up'], ['Enter / o', 'inbox.keys.open'], ['c', 'inbox.keys.claim'],
  ['x', 'inbox.keys.select'], ['n', 'inbox.keys.next'], ['1–9', 'inbox.keys.outcome'], ['/', 'inbox.keys.search'], ['?', 'inbox.keys.help'],
  ['Esc', 'inbox.keys.close'],
];

function typing(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable || !!el.closest?.('.ant-select, .ant-modal'));
}

// Not needed for the list's first frame: the open task's detail (with its form, attachments and comments) and the date
// picker (with dayjs) load in their own chunks, asked for as soon as the list is on screen (docs/benchmarks.md, inbox page).
const loadTaskDetail = () => import('./TaskDetail');
const TaskDetail = lazy(() => loadTaskDetail().then((m) => ({ default: m.TaskDetail })));
const loadDatePicker = () => import('antd/es/date-picker');
const DatePicker = lazy(loadDatePicker);
/** The due-before filter's width, the same while its picker loads. */
const DUE_WIDTH = 150;

/**
 * The list's filters, sort and columns. Rendered again only when they change: moving the cursor, the live badge or a
 * saved view arriving does not render these controls again (docs/benchmarks.md, inbox page).
 */
const InboxFilters = memo(function InboxFilters({ filter, columns, supervisor, update, search, mounted }: {
  filter: InboxFilter; columns: string[]; supervisor: boolean; search: RefObject<HTMLInputElement | null>;
  update: (changes: Record<string, string | string[] | undefined>) => void; mounted: boolean;
}) {
  const { t } = useTranslation();
  const views = (
    <Segmented value={filter.view} onChange={(v) => update({ view: String(v), saved: undefined })} data-testid="inbox-view"
      options={VIEWS.filter((v) => v !== 'all' || supervisor).map((v) => ({ value: v, label: t(`inbox.views.${v}`) }))} />
  );
  const searchBox = (
    <Input.Search ref={search as never} allowClear placeholder={t('inbox.search')} aria-label={t('inbox.search')} defaultValue={filter.q} key={filter.q ?? ''}
      onSearch={(v) => update({ q: v || undefined })} style={{ width: 220 }} data-testid="inbox-search"
      onKeyDown={(e) => { if (e.key === 'Escape') (e.target as HTMLInputElement).blur(); }} />
  );
  // the first frame (with the first rows) shows the Selects as boxes of their size; they mount right after it
  if (!mounted) {
    return (
      <Space wrap className="filters">
        {views}
        {searchBox}
        <Slot label={t('inbox.type')} minWidth={160} />
        <Slot label={t('inbox.priority')} minWidth={140} />
        <Slot label={t('inbox.status')} width={130} />
        <Slot label={t('inbox.assignee')} minWidth={160} />
        <Slot label={t('inbox.team')} minWidth={160} />
        <Slot label={t('inbox.dueBefore')} width={DUE_WIDTH} />
        <Slot label={t('inbox.sort')} width={170} />
        <Slot label={t('inbox.columnsLabel')} minWidth={200} />
      </Space>
    );
  }
  return (
    <Space wrap className="filters">
      {views}
      {searchBox}
      <Select mode="multiple" allowClear placeholder={t('inbox.type')} aria-label={t('inbox.type')} value={filter.type} style={{ minWidth: 160 }}
        onChange={(v) => update({ type: v })} options={TYPES.map((v) => ({ value: v, label: t(`ws.requestType.${v}`) }))} data-testid="filter-type" />
      <Select mode="multiple" allowClear placeholder={t('inbox.priority')} aria-label={t('inbox.priority')} value={filter.priority} style={{ minWidth: 140 }}
        onChange={(v) => update({ priority: v })} options={PRIORITIES.map((v) => ({ value: v, label: t(`inbox.priorities.${v}`) }))} data-testid="filter-priority" />
      <Select allowClear placeholder={t('inbox.status')} aria-label={t('inbox.status')} value={filter.status} style={{ width: 130 }}
        onChange={(v) => update({ status: v })} options={['Open', 'Completed', 'Cancelled'].map((v) => ({ value: v, label: t(`inbox.statuses.${v}`) }))} />
      <DirectoryFilter kind="user" label={t('inbox.assignee')} value={filter.assignee ?? []} onChange={(v) => update({ assignee: v })} testId="filter-assignee"
        extra={[{ value: 'me', label: t('inbox.filterMe') }, { value: 'none', label: t('inbox.unassigned') }]} />
      <DirectoryFilter kind="team" label={t('inbox.team')} value={filter.team ?? []} onChange={(v) => update({ team: v })} testId="filter-team" />
      <Suspense fallback={<Input readOnly aria-label={t('inbox.dueBefore')} placeholder={t('inbox.dueBefore')} style={{ width: DUE_WIDTH }} />}>
        <DatePicker aria-label={t('inbox.dueBefore')} placeholder={t('inbox.dueBefore')} data-testid="filter-due-before" style={{ width: DUE_WIDTH }}
          value={filter.dueBefore ? dayjs(filter.dueBefore).subtract(1, 'ms') : null}
          onChange={(d) => update({ dueBefore: d ? (d as Dayjs).endOf('day').add(1, 'ms').toISOString() : undefined })} />
      </Suspense>
      <Select placeholder={t('inbox.sort')} aria-label={t('inbox.sort')} value={filter.sort} style={{ width: 170 }} allowClear
        onChange={(v) => update({ sort: v })} options={SORTS.map((v) => ({ value: v, label: t(`inbox.sorts.${v}`) }))} data-testid="sort" />
      <Select mode="multiple" aria-label={t('inbox.columnsLabel')} placeholder={t('inbox.columnsLabel')} value={columns} style={{ minWidth: 200 }} maxTagCount="responsive"
        onChange={(v) => update({ cols: v.join(',') || ',' })} options={COLUMNS.map((c) => ({ value: c, label: t(`inbox.columns.${c}`) }))} />
    </Space>
  );
});

/** A row's checkbox (bulk actions), rendered again only when it is checked or unchecked, not when the cursor moves. */
const RowCheck = memo(function RowCheck({ id, checked, label, onToggle }: { id: string; checked: boolean; label: string; onToggle: (id: string) => void }) {
  return <Checkbox checked={checked} aria-label={label} onChange={() => onToggle(id)} onClick={(e) => e.stopPropagation()} />;
});

/**
 * /inbox: the agent's tasks beside the open one (split view), most urgent SLA first; views, filters, sort, columns,
 * saved views, bulk actions, unread markers, Next task, live over the task stream, keyboard first (`?` lists the keys).
 * /inbox?phone=… opens the phone intake (routes.tsx).
 */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useMe();
  const supervisor = !!me.data?.roles.some((r) => r === 'Admin' || r === 'Supervisor');
  const [params, setParams] = useSearchParams();
  const filter: InboxFilter = useMemo(() => filterOf(params), [params]);
  const cols = params.get('cols');
  const columns = useMemo(() => (cols ?? DEFAULT_COLUMNS.join(',')).split(',').filter(Boolean), [cols]);
  const selectedId = params.get('task') ?? undefined;
  const live = useTaskStream();
  const inbox = useInbox(filter, live);
  const views = useViews();
  const rows = useMemo(() => inbox.data?.rows ?? [], [inbox.data]);
  const loading = inbox.isLoading;
  // the page's own timeline (docs/benchmarks.md reads it): when its rows were first in the document
  const marked = useRef(false);
  useEffect(() => {
    if (rows.length > 0 && !marked.current && typeof performance !== 'undefined') {
      marked.current = true;
      performance.mark('inbox:rows');
      requestAnimationFrame(() => performance.mark('inbox:painted')); // the frame that shows them
    }
  }, [rows]);
  // the first screenful of rows at once, the rest of the page after that frame as a transition: React renders them in
  // slices of a few milliseconds, so keys and clicks are answered meanwhile (a table row costs this machine's Chromium
  // ~5 ms to render; 100 at once kept the list blank, and the page deaf, for half a second: docs/benchmarks.md, inbox page)
  const [shown, setShown] = useState(FIRST_ROWS);
  useEffect(() => {
    if (shown >= rows.length) return undefined;
    let timer = 0;
    const frame = requestAnimationFrame(() => { timer = window.setTimeout(() => startTransition(() => setShown(rows.length)), 0); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [shown, rows.length]);
  // the controls the first frame does without (the filters' and saved views' Selects) mount after it, in a transition too
  const controls = useAfterFirstFrame();
  const shownRows = useMemo(() => (shown >= rows.length ? rows : rows.slice(0, shown)), [rows, shown]);
  // with the rows on screen, the chunks the next actions need (a task's detail, the date filter)
  const listShown = rows.length > 0;
  useEffect(() => {
    if (!listShown) return undefined;
    const timer = window.setTimeout(() => { void loadTaskDetail(); void loadDatePicker(); }, 0);
    return () => clearTimeout(timer);
  }, [listShown]);
  const [cursor, setCursor] = useState(0);
  const [checked, setChecked] = useState<string[]>([]);
  const toggle = useCallback((id: string) => setChecked((c) => (c.includes(id) ? c.filter((i) => i !== id) : [...c, id])), []);
  const [help, setHelp] = useState(false);
  const [saving, setSaving] = useState<{ name: string; share: boolean }>();
  const [reassignTo, setReassignTo] = useState<string>();
  const [editing, setEditing] = useState<{ view: InboxView; name: string; share: boolean }>();
  const search = useRef<HTMLInputElement>(null);
  const client = useQueryClient();
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ['inbox'] }), [client]);

  const update = useCallback((changes: Record<string, string | string[] | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (Array.isArray(value)) value.forEach((v) => next.append(key, v));
      else if (value) next.set(key, value);
    }
    setParams(next, { replace: 'q' in changes || 'task' in changes });
  }, [params, setParams]);
  const open = useCallback((id?: string) => update({ task: id }), [update]);
  // the rows' cells render once per row (below); their buttons call the current `open` through this
  const openRef = useRef(open);
  openRef.current = open;

  const claim = useMutation({
    mutationFn: (row: InboxRow) => taskAction(row.id, 'claim', row.version),
    onSuccess: (row) => { void message.success(t('inbox.claimed', { title: row.title })); refresh(); },
    onError: (e) => { void message.error((e as Error).message); refresh(); },
  });
  const next = useMutation({
    mutationFn: nextTask,
    onSuccess: (row) => {
      if (!row) void message.info(t('inbox.noNext'));
      else open(row.id);
      refresh();
    },
    onError: (e) => void message.error((e as Error).message),
  });
  const bulkAction = useMutation({
    mutationFn: bulk,
    onSuccess: (r) => {
      void message.info(t('inbox.bulkDone', { succeeded: r.succeeded, failed: r.failed }));
      setChecked([]);
      refresh();
    },
    onError: (e) => void message.error((e as Error).message),
  });
  /** What a saved view keeps of the screen: the list's query, the columns, the sort. */
  const onScreen = () => {
    const { sort, status, ...rest } = filter; // the sort is the view's own field; status is a list there
    const filters = Object.fromEntries(Object.entries({ ...rest, ...(status ? { status: [status] } : {}) })
      .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
    return { filters, columns, sort };
  };
  const viewError = (e: unknown) => void message.error([(e as Error).message, ...fieldErrors(e).flatMap((f) => f.errors.map((m) => `${f.name}: ${m}`))].join(' '));
  const save = useMutation({
    mutationFn: (v: { name: string; share: boolean }) => saveView({ name: v.name, ...onScreen(), sharedWithTeam: v.share ? me.data?.teams[0] ?? null : null }),
    onSuccess: (view) => { setSaving(undefined); void client.invalidateQueries({ queryKey: ['inbox-views'] }); update({ saved: view.id }); },
    onError: viewError,
  });
  const change = useMutation({
    mutationFn: ({ view, name, share, current }: { view: InboxView; name?: string; share?: boolean; current?: boolean }) => updateView(view.id, view.version, {
      name: name ?? view.name,
      ...(current ? onScreen() : { filters: view.filters as Record<string, unknown>, columns: [...view.columns], sort: view.sort }),
      sharedWithTeam: share === undefined ? view.sharedWithTeam : share ? view.sharedWithTeam ?? me.data?.teams[0] ?? null : null,
    }),
    onSuccess: (view, v) => {
      setEditing(undefined);
      // the new version at once, so a second change right after is not refused as stale
      client.setQueryData<InboxView[]>(['inbox-views'], (old) => old?.map((o) => (o.id === view.id ? view : o)));
      void client.invalidateQueries({ queryKey: ['inbox-views'] });
      // one notice per view: a second change replaces the first instead of stacking under it
      void message.success({ key: `inbox-view-${view.id}`, content: v.current ? t('inbox.viewUpdated', { name: view.name }) : t('inbox.viewSaved', { name: view.name }) });
    },
    onError: (e) => { viewError(e); void client.invalidateQueries({ queryKey: ['inbox-views'] }); },
  });
  const remove = useMutation({
    mutationFn: deleteView,
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['inbox-views'] }); update({ saved: undefined }); },
    onError: (e) => void message.error((e as Error).message),
  });
  const confirmDelete = (view: InboxView) => modal.confirm({
    title: t('inbox.deleteViewTitle', { name: view.name }), okText: t('inbox.deleteView'), okButtonProps: { danger: true, 'data-testid': 'delete-view-ok' } as never,
    cancelText: t('common.cancel'), onOk: () => remove.mutateAsync(view.id),
  });
  const applyView = (id?: string) => {
    const view = views.data?.find((v) => v.id === id);
    if (!view) return update({ saved: undefined });
    const f = view.filters as InboxFilter;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
    update({
      saved: view.id, view: f.view ?? 'mine', type: list(f.type), priority: list(f.priority), status: list(f.status)[0],
      assignee: list(f.assignee), team: list(f.team), dueBefore: typeof f.dueBefore === 'string' ? f.dueBefore : undefined,
      q: typeof f.q === 'string' ? f.q : undefined, sort: view.sort ?? undefined, cols: view.columns.length ? view.columns.join(',') : undefined, task: undefined,
    });
  };

  useEffect(() => {
    if (cursor >= rows.length && rows.length > 0) setCursor(rows.length - 1);
  }, [rows.length, cursor]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (help || saving || editing || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const row = rows[cursor];
      switch (e.key) {
        case 'j': case 'ArrowDown': setCursor((c) => Math.min(c + 1, rows.length - 1)); break;
        case 'k': case 'ArrowUp': setCursor((c) => Math.max(c - 1, 0)); break;
        case 'Enter': case 'o': if (row) open(row.id); break;
        case 'c': if (selectedId) return; if (row) claim.mutate(row); break; // with a task open, its detail claims it
        case 'x': if (row) toggle(row.id); break;
        case 'n': next.mutate(); break;
        case '/': search.current?.focus(); break;
        case '?': setHelp(true); break;
        case 'Escape': if (!selectedId) return; open(undefined); break;
        default: return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursor, open, claim, next, help, saving, editing, selectedId, toggle]);

  const lng = i18n.language;
  const zone = me.data?.timeZone;
  // The columns change with the language, the time zone and the columns chosen only. A cell is rendered again only when
  // its row changed (shouldCellUpdate): moving the cursor, checking a row or the next rows arriving leave the other rows'
  // cells as they are (the table is keyed by language and zone, so a switch renders them all in the new one).
  const tableColumns: ColumnsType<InboxRow> = useMemo(() => {
    const optional: Record<string, ColumnsType<InboxRow>[number]> = {
      priority: { title: t('inbox.priority'), key: 'priority', render: (_, r) => (r.priority ? <Chip tone={r.priority === 'urgent' ? 'red' : r.priority === 'high' ? 'orange' : undefined}>{t(`inbox.priorities.${r.priority}`, r.priority)}</Chip> : '') },
      assignee: { title: t('inbox.assignee'), key: 'assignee', render: (_, r) => r.assignee ?? <span className="muted">{r.team ?? r.role ?? ''}</span> },
      status: { title: t('inbox.status'), key: 'status', render: (_, r) => t(`inbox.statuses.${r.status}`) },
      slaRemaining: { title: t('inbox.sla'), key: 'sla', render: (_, r) => <SlaCountdown row={r} /> },
      dueAt: { title: t('inbox.columns.dueAt'), key: 'dueAt', render: (_, r) => formatDateTime(r.dueAt, lng, zone) },
      requestType: { title: t('inbox.type'), key: 'requestType', render: (_, r) => (r.requestType ? t(`ws.requestType.${r.requestType}`, r.requestType) : '') },
      customerName: { title: t('inbox.columns.customerName'), key: 'customerName', render: (_, r) => r.customerName ?? '' },
      createdAt: { title: t('inbox.columns.createdAt'), key: 'createdAt', render: (_, r) => formatDateTime(r.createdAt, lng, zone) },
    };
    const rowChanged = (next: InboxRow, previous: InboxRow) => next !== previous;
    const title: ColumnsType<InboxRow>[number] = {
      title: t('inbox.task'), key: 'title',
      render: (_, r) => (
        <div className="task-cell">
          {r.unread && <span className="unread-dot" role="img" aria-label={t('inbox.unread')} title={t('inbox.unread')} />}
          <button type="button" className="link-button task-title" onClick={(e) => { e.stopPropagation(); openRef.current(r.id); }}>{r.title}</button>
          <div className="task-sub">{[r.requestNumber, r.requestType && t(`ws.requestType.${r.requestType}`, r.requestType), r.customerName, r.productName].filter(Boolean).join(' · ')}</div>
        </div>
      ),
    };
    return [title, ...columns.filter((c) => c in optional).map((c) => optional[c])].map((c) => ({ ...c, shouldCellUpdate: rowChanged }));
  }, [t, lng, zone, columns]);

  // The table is rendered again when its rows, columns, checks or open task change, not when the cursor moves: the cursor's
  // class moves from row to row in the document (below), so `j` and `k` cost a class change instead of the table's render.
  const cursorRef = useRef(cursor);
  cursorRef.current = cursor;
  const list = useRef<HTMLElement>(null);
  const table = useMemo(() => (
    <Table<InboxRow>
      key={`${lng}|${zone ?? ''}`} rowKey="id" size="small" pagination={false} dataSource={shownRows} loading={loading} data-testid="inbox-table"
      locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
      rowSelection={{
        selectedRowKeys: checked, onChange: (keys) => setChecked(keys as string[]), columnTitle: undefined,
        renderCell: (value, r) => <RowCheck id={r.id} checked={value} label={t('inbox.selectTask', { title: r.title })} onToggle={toggle} />,
      }}
      rowClassName={(r, i) => [r.unread ? 'unread' : '', i === cursorRef.current ? 'cursor' : '', r.id === selectedId ? 'open' : ''].join(' ')}
      onRow={(r, i) => ({ onClick: () => { setCursor(i ?? 0); openRef.current(r.id); }, 'data-testid': `task-${r.requestNumber ?? r.id}` } as never)}
      columns={tableColumns}
    />
  ), [lng, zone, shownRows, loading, t, checked, toggle, selectedId, tableColumns]);
  useLayoutEffect(() => {
    list.current?.querySelectorAll('tbody tr.ant-table-row').forEach((row, i) => row.classList.toggle('cursor', i === cursor));
  }, [cursor, table]);

  const viewOptions = (views.data ?? []).map((v) => ({ value: v.id, label: v.mine ? v.name : `${v.name} (${v.owner})` }));
  const savedId = params.get('saved') ?? undefined;
  const savedView = views.data?.find((v) => v.id === savedId);
  return (
    <main className="page inbox-page">
      <div className="page-heading">
        <Typography.Title level={1}>{t('inbox.title')}</Typography.Title>
        <Space wrap>
          <Badge status={live ? 'success' : 'default'} text={live ? t('inbox.live') : t('inbox.notLive')} data-testid="inbox-live" />
          <Button type="primary" onClick={() => next.mutate()} loading={next.isPending} data-testid="next-task" aria-keyshortcuts="n">{t('inbox.next')}</Button>
          <Button onClick={() => setHelp(true)} aria-keyshortcuts="?">{t('inbox.shortcuts')}</Button>
        </Space>
      </div>
      <InboxFilters filter={filter} columns={columns} supervisor={supervisor} update={update} search={search} mounted={controls} />
      <Space wrap className="filters" aria-label={t('inbox.savedViews')} role="group">
        {controls ? (
          <Select allowClear placeholder={t('inbox.savedViews')} aria-label={t('inbox.savedViews')} value={savedView?.id} style={{ minWidth: 220 }}
            onChange={(v) => applyView(v)} options={viewOptions} data-testid="saved-views" loading={views.isLoading} />
        ) : <Slot label={t('inbox.savedViews')} minWidth={220} />}
        <Button onClick={() => setSaving({ name: '', share: false })} data-testid="save-view">{t('inbox.saveView')}</Button>
        {savedView?.mine && (
          <>
            <Button onClick={() => change.mutate({ view: savedView, current: true })} loading={change.isPending && !!change.variables?.current}
              data-testid="update-view">{t('inbox.updateView')}</Button>
            <Button onClick={() => setEditing({ view: savedView, name: savedView.name, share: !!savedView.sharedWithTeam })} data-testid="edit-view">
              {t('inbox.editView')}
            </Button>
            <Button danger onClick={() => confirmDelete(savedView)} data-testid="delete-view">{t('inbox.deleteView')}</Button>
          </>
        )}
        {savedView && !savedView.mine && <span className="muted" data-testid="shared-view-owner">{t('inbox.sharedBy', { owner: savedView.owner })}</span>}
      </Space>
      {checked.length > 0 && (
        <Space wrap className="bulk-bar" data-testid="bulk-bar" role="region" aria-label={t('inbox.bulk')}>
          <strong>{t('inbox.selected', { count: checked.length })}</strong>
          <Button onClick={() => bulkAction.mutate({ action: 'claim', ids: checked })} data-testid="bulk-claim">{t('inbox.claim')}</Button>
          {supervisor && (
            <Space.Compact>
              <AssigneePicker value={reassignTo} onChange={setReassignTo} testId="bulk-assignee" />
              <Button disabled={!reassignTo} onClick={() => bulkAction.mutate({ action: 'reassign', ids: checked, ...choiceOf(reassignTo) })} data-testid="bulk-reassign">{t('inbox.reassign')}</Button>
            </Space.Compact>
          )}
          <Select placeholder={t('inbox.setPriority')} aria-label={t('inbox.setPriority')} style={{ width: 150 }} value={null} data-testid="bulk-priority"
            onChange={(v) => v && bulkAction.mutate({ action: 'priority', ids: checked, priority: v })}
            options={PRIORITIES.map((v) => ({ value: v, label: t(`inbox.priorities.${v}`) }))} />
          <Button onClick={() => setChecked([])}>{t('common.cancel')}</Button>
        </Space>
      )}
      {inbox.isError && <Alert type="error" showIcon title={(inbox.error as Error).message} />}
      <div className={selectedId ? 'inbox-split' : 'inbox-split no-detail'}>
        <section className="inbox-list" aria-label={t('inbox.list')} ref={list}>
          {table}
          <div className="inbox-total" aria-live="polite">{totalText(t, i18n.language, inbox.data?.total)}</div>
        </section>
        {selectedId && (
          <section className="inbox-detail" aria-label={t('inbox.detail')}>
            <Suspense fallback={<Spin className="page-loading" />}>
              <TaskDetail id={selectedId} onClose={() => open(undefined)} keys={!help && !saving && !editing} supervisor={supervisor} />
            </Suspense>
          </section>
        )}
      </div>
      <Modal open={help} onCancel={() => setHelp(false)} footer={null} title={t('inbox.shortcuts')}>
        <dl className="shortcuts" data-testid="shortcuts">
          {SHORTCUTS.map(([key, label]) => (<div key={key}><dt><kbd>{key}</kbd></dt><dd>{t(label)}</dd></div>))}
        </dl>
      </Modal>
      <Modal open={!!saving} onCancel={() => setSaving(undefined)} title={t('inbox.saveView')} okText={t('inbox.save')}
        okButtonProps={{ disabled: !saving?.name.trim(), loading: save.isPending, 'data-testid': 'save-view-ok' } as never}
        onOk={() => saving && save.mutate({ name: saving.name.trim(), share: saving.share })}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input autoFocus aria-label={t('inbox.viewName')} placeholder={t('inbox.viewName')} value={saving?.name} data-testid="view-name"
            onChange={(e) => setSaving((s) => s && { ...s, name: e.target.value })}
            onPressEnter={() => saving?.name.trim() && save.mutate({ name: saving.name.trim(), share: saving.share })} />
          <Checkbox checked={saving?.share} disabled={!me.data?.teams.length} onChange={(e) => setSaving((s) => s && { ...s, share: e.target.checked })}>
            {t('inbox.shareWithTeam', { team: me.data?.teams[0] ?? '—' })}
          </Checkbox>
        </Space>
      </Modal>
      <Modal open={!!editing} onCancel={() => setEditing(undefined)} title={t('inbox.editView')} okText={t('inbox.save')}
        okButtonProps={{ disabled: !editing?.name.trim(), loading: change.isPending, 'data-testid': 'edit-view-ok' } as never}
        onOk={() => editing && change.mutate({ view: editing.view, name: editing.name.trim(), share: editing.share })}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input autoFocus aria-label={t('inbox.viewName')} placeholder={t('inbox.viewName')} value={editing?.name} data-testid="edit-view-name"
            onChange={(e) => setEditing((s) => s && { ...s, name: e.target.value })}
            onPressEnter={() => editing?.name.trim() && change.mutate({ view: editing.view, name: editing.name.trim(), share: editing.share })} />
          <Checkbox checked={editing?.share} disabled={!editing?.view.sharedWithTeam && !me.data?.teams.length} data-testid="edit-view-share"
            onChange={(e) => setEditing((s) => s && { ...s, share: e.target.checked })}>
            {t('inbox.shareWithTeam', { team: editing?.view.sharedWithTeam ?? me.data?.teams[0] ?? '—' })}
          </Checkbox>
        </Space>
      </Modal>
    </main>
  );
}

