import { useState } from 'react';
import { App, Button, Card, Progress, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useMe } from '../auth/useSession';

type ReminderView = components['schemas']['ReminderView'];
type PmRunView = components['schemas']['PmRunView'];

const DAY_CHOICES = [7, 14, 30, 90];
const runKeys = { runs: ['pm-runs'] as const, reminders: (days: number) => ['reminders', days] as const };

/** /scheduling: what falls due soon (PM visits, callbacks) and the PM generation runs, with a progress bar for a running one. */
export function SchedulingPage() {
  const { t } = useTranslation();
  return (
    <main className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t('scheduling.title')}</Typography.Title>
      </div>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Reminders />
        <Runs />
      </Space>
    </main>
  );
}

function Reminders() {
  const { t } = useTranslation();
  const [days, setDays] = useState(7);
  const reminders = useQuery({
    queryKey: runKeys.reminders(days),
    queryFn: async () => unwrap(await api.GET('/api/reminders', { params: { query: { days: String(days), pageSize: 200 } } })),
  });
  return (
    <Card
      title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('scheduling.reminders.title')}</Typography.Title>}
      extra={
        <Space>
          <span id="reminder-days">{t('scheduling.reminders.within')}</span>
          <Segmented<number>
            aria-labelledby="reminder-days"
            value={days}
            onChange={setDays}
            options={DAY_CHOICES.map((d) => ({ value: d, label: t('scheduling.reminders.days', { count: d }) }))}
          />
        </Space>
      }
    >
      <Table<ReminderView>
        rowKey={(r) => `${r.kind}-${r.source}-${r.planId ?? ''}-${r.requestId ?? ''}-${r.callbackId ?? ''}`}
        size="small"
        loading={reminders.isLoading}
        dataSource={reminders.data?.items}
        locale={{ emptyText: t('scheduling.reminders.empty') }}
        pagination={false}
        data-testid="reminders"
        columns={[
          {
            title: t('scheduling.reminders.due'), dataIndex: 'dueDate',
            render: (due: string, r) => (
              <Space size={4}>
                <span>{due}</span>
                {r.overdue && <Tag color="red">{t('scheduling.reminders.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('scheduling.reminders.kind'), dataIndex: 'kind',
            render: (kind: string) => <Tag color={kind === 'pm' ? 'blue' : 'purple'}>{t(`scheduling.reminders.kinds.${kind}`)}</Tag>,
          },
          { title: t('scheduling.reminders.source'), dataIndex: 'source', render: (s: string) => t(`scheduling.reminders.sources.${s}`) },
          { title: t('scheduling.reminders.customer'), dataIndex: 'customerName' },
          {
            title: t('scheduling.reminders.request'), dataIndex: 'requestNumber',
            render: (n: string | null, r) => n ?? (r.kind === 'pm' ? <Typography.Text type="secondary">{t('scheduling.reminders.notOpened')}</Typography.Text> : '—'),
          },
          { title: t('scheduling.reminders.product'), dataIndex: 'serialNumber', render: (s: string | null, r) => s ?? r.contractCode ?? '—' },
        ]}
      />
    </Card>
  );
}

function Runs() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const me = useMe();
  const isAdmin = me.data?.roles.includes('Admin') ?? false;
  const runs = useQuery({
    queryKey: runKeys.runs,
    queryFn: async () => unwrap(await api.GET('/api/pm-runs', { params: { query: { pageSize: 20 } } })),
    // while a run is under way, follow its progress
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'Queued' || r.status === 'Running') ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/pm-runs', { body: { contractId: null } })),
    onSuccess: async () => {
      void message.success(t('scheduling.runs.started'));
      await client.invalidateQueries({ queryKey: runKeys.runs });
      await client.invalidateQueries({ queryKey: ['reminders'] });
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Card
      title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('scheduling.runs.title')}</Typography.Title>}
      extra={
        <Tooltip title={isAdmin ? undefined : t('scheduling.runs.adminOnly')}>
          <Button type="primary" icon={<PlayCircleOutlined />} disabled={!isAdmin} loading={start.isPending} onClick={() => start.mutate()}>
            {t('scheduling.runs.start')}
          </Button>
        </Tooltip>
      }
    >
      <Table<PmRunView>
        rowKey="id"
        size="small"
        loading={runs.isLoading}
        dataSource={runs.data?.items}
        pagination={false}
        data-testid="pm-runs"
        columns={[
          { title: t('scheduling.runs.when'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          {
            title: t('scheduling.runs.trigger'), dataIndex: 'trigger',
            render: (tr: string, r) => `${t(`scheduling.runs.triggers.${tr}`)}${r.createdBy ? ` (${r.createdBy})` : ''}`,
          },
          {
            title: t('scheduling.runs.status'), dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'Succeeded' ? 'green' : s === 'Failed' ? 'red' : 'blue'}>{t(`scheduling.runs.statuses.${s}`)}</Tag>,
          },
          {
            title: t('scheduling.runs.progress'), dataIndex: 'percent', width: 220,
            render: (percent: number, r) => (
              <Tooltip title={t('scheduling.runs.scanned', { scanned: r.scanned, total: r.total })}>
                <Progress
                  percent={percent}
                  size="small"
                  status={r.status === 'Failed' ? 'exception' : r.status === 'Running' ? 'active' : undefined}
                  aria-label={t('scheduling.runs.scanned', { scanned: r.scanned, total: r.total })}
                />
              </Tooltip>
            ),
          },
          { title: t('scheduling.runs.counts'), key: 'counts', render: (_, r) => `${r.created} / ${r.existing} / ${r.failed}` },
          {
            title: t('scheduling.runs.message'), dataIndex: 'message',
            render: (m: string | null, r) => (
              <Space orientation="vertical" size={0}>
                <span>{m ?? '—'}</span>
                {r.errors.length > 0 && (
                  <Typography.Text type="danger">{`${t('scheduling.runs.errors')}: ${r.errors.map((e) => e.message).join('; ')}`}</Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
