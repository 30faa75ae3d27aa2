import { Alert, Descriptions, List, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../api/client';
import { useMe } from '../auth/useSession';
import { Attachments } from '../attachments/Attachments';
import { CommentThread } from '../inbox/CommentThread';
import { formatDateTime, formatMoney } from './format';
import './intake.css';

/** A task or visit of the request that is done (GET /api/requests/{key} doneTasks). */
interface DoneTask {
  id: string; kind: 'task' | 'field-task'; title: string; status: string; outcome?: string | null;
  completedBy?: string | null; completedByName?: string | null; completedAt?: string | null;
}

/** One line of the request's timeline: a change of the request (audit) or a task done on it. */
interface Moment { key: string; at: string; what: string; who?: string | null; kind: 'request' | 'task' }

/**
 * /requests/{number or id}: the request as the agent follows it — status, warranty, SLA due times, costs, open tasks,
 * the timeline (status changes and each task done: who, outcome, when) and the comment thread.
 */
export function RequestPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { key = '' } = useParams();
  const request = useQuery({
    queryKey: ['requests', key],
    queryFn: async () => unwrap(await api.GET('/api/requests/{key}', { params: { path: { key } } })),
    refetchInterval: 5000,
  });
  if (request.isLoading) return <main className="page"><Spin /></main>;
  if (request.isError) {
    const notFound = request.error instanceof ApiError && request.error.status === 404;
    return <main className="page"><Alert type="error" showIcon title={notFound ? t('request.notFound', { key }) : (request.error as Error).message} /></main>;
  }
  const r = request.data!;
  // the host's document names two records RequestSlaView; this one is the request's due times
  const sla = r.sla as unknown as { policyId: string | null; version: number | null; firstResponseDue: string | null; onSiteDue: string | null; resolutionDue: string | null };
  const lng = i18n.language;
  const zone = me.data?.timeZone;
  const done = ((r as unknown as { doneTasks?: DoneTask[] }).doneTasks ?? []);
  const outcome = (d: DoneTask) => (d.kind === 'field-task' ? t(`myDay.status.${d.outcome}`, d.outcome ?? '') : d.outcome ?? '');
  const timeline: Moment[] = [
    ...r.history.map((h, i): Moment => {
      const status = Array.isArray(h.changes) ? (h.changes as { field: string; old?: unknown; new?: unknown }[]).find((c) => c.field === 'status') : undefined;
      const file = Array.isArray(h.changes) ? (h.changes as { field: string; new?: { name?: string } }[]).find((c) => c.field === 'attachment') : undefined;
      const what = h.action === 'Created' ? t('request.created') : file ? t('attachments.attachedFile', { name: file.new?.name ?? '' })
        : status ? t('request.statusChange', { change: [status.old, status.new].filter((v) => v !== undefined && v !== null).map((v) => t(`ws.requestStatus.${String(v)}`, String(v))).join(' → ') })
          : t('request.updated');
      return { key: `h${i}`, at: h.at, what, who: h.actor, kind: 'request' };
    }),
    ...done.filter((d) => d.completedAt).map((d): Moment => ({
      key: d.id, at: d.completedAt!, kind: 'task', who: d.completedByName ?? d.completedBy,
      what: d.status === 'Cancelled' ? t('request.taskCancelled', { title: d.title }) : d.kind === 'field-task'
        ? t('request.visitDone', { outcome: outcome(d) }) : t('request.taskDone', { title: d.title, outcome: outcome(d) }),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <main className="page request-page">
      <Typography.Title level={1} data-testid="request-number">{t('request.title', { number: r.number })}</Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={[
        { key: 'status', label: t('request.status'), children: <Tag data-testid="request-status">{t(`ws.requestStatus.${r.status}`)}</Tag> },
        { key: 'type', label: t('request.type'), children: <span data-testid="request-type-value">{t(`ws.requestType.${r.type}`)}</span> },
        { key: 'priority', label: t('request.priority'), children: t(`ws.priority.${r.priority}`) },
        { key: 'channel', label: t('request.channel'), children: t(`ws.channel.${r.channel}`) },
        { key: 'customer', label: t('request.customer'), children: r.customerName },
        { key: 'product', label: t('request.product'), children: r.serialNumber ?? '' },
        { key: 'opened', label: t('request.opened'), children: formatDateTime(r.openedAt, lng, zone) },
        {
          key: 'warranty', label: t('request.warranty'),
          children: r.warranty.remedy ? <Space wrap><Tag color="blue">{t(`ws.remedy.${r.warranty.remedy}`)}</Tag>{r.warranty.reason}</Space> : '',
        },
        { key: 'symptom', label: t('request.symptom'), children: r.symptom, span: 'filled' },
      ]} />
      <Descriptions title={t('request.sla')} bordered size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={[
        { key: 'policy', label: t('request.sla'), children: sla.policyId ? t('request.policy', { id: sla.policyId, version: sla.version }) : '' },
        { key: 'fr', label: t('request.firstResponseDue'), children: formatDateTime(sla.firstResponseDue, lng, zone) },
        { key: 'os', label: t('request.onSiteDue'), children: formatDateTime(sla.onSiteDue, lng, zone) },
        { key: 'rd', label: t('request.resolutionDue'), children: formatDateTime(sla.resolutionDue, lng, zone) },
      ]} />
      <Descriptions title={t('request.costs')} bordered size="small" column={{ xs: 1, sm: 2, lg: 4 }} items={[
        { key: 'parts', label: t('request.parts'), children: <span data-testid="cost-parts">{formatMoney(r.costs.parts, lng)}</span> },
        { key: 'labour', label: t('request.labour'), children: formatMoney(r.costs.labour, lng) },
        { key: 'travel', label: t('request.travel'), children: formatMoney(r.costs.travel, lng) },
        { key: 'total', label: t('request.total'), children: <strong data-testid="cost-total">{formatMoney(r.costs.total, lng)}</strong> },
      ]} />
      {r.instance && (
        <p>{t('request.flow')}: <Link to={`/instances/${r.instance.id}`}>{r.instance.definitionId} v{r.instance.definitionVersion}</Link></p>
      )}
      <Typography.Title level={2} className="intake-subtitle">{t('request.openTasks')}</Typography.Title>
      <Table size="small" rowKey="id" pagination={false} dataSource={r.openTasks} locale={{ emptyText: t('request.noOpenTasks') }}
        columns={[
          { title: t('intake.what'), dataIndex: 'title' },
          { title: t('inbox.assignee'), dataIndex: 'assignee', render: (v: string | null, o) => v ?? o.role ?? '' },
          { title: t('intake.due'), dataIndex: 'dueAt', render: (v: string | null) => formatDateTime(v, lng, zone) },
        ]} />
      <Typography.Title level={2} className="intake-subtitle">{t('request.history')}</Typography.Title>
      <List size="small" dataSource={timeline} data-testid="request-timeline" locale={{ emptyText: t('request.noHistory') }}
        renderItem={(m) => (
          <List.Item data-testid={m.kind === 'task' ? `done-${m.key}` : undefined} className={`moment ${m.kind}`}>
            <Space wrap>
              <time dateTime={m.at}>{formatDateTime(m.at, lng, zone)}</time>
              {m.kind === 'task' ? <Tag color="green">{m.what}</Tag> : <span>{m.what}</span>}
              {m.who && <span className="muted">{t('request.by', { who: m.who })}</span>}
            </Space>
          </List.Item>
        )} />
      <Attachments requestKey={r.number} />
      <CommentThread requestKey={r.number} />
    </main>
  );
}
