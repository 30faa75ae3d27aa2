import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Progress, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap } from '../api/client';
import { slaKeys, useSlaJob, type SlaImpactResult } from './api';
import { Chart } from './Chart';

/** The impact preview of the draft: a durable job, its progress, then open requests that change and closed ones replayed. */
export function SlaImpactPanel({ policyId }: { policyId: string }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(90, 'day').startOf('day'), dayjs()]);
  const [jobId, setJobId] = useState<string>();
  const start = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/sla-policies/{policyId}/impact', {
      params: { path: { policyId } },
      body: { closedFrom: range[0].toISOString(), closedTo: range[1].toISOString() },
    })),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useSlaJob(jobId);
  const queries = useQueryClient();
  const cancel = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/api/sla-jobs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (cancelled) => queries.setQueryData(slaKeys.job(cancelled.id), cancelled),
  });
  const running = job.data && ['Queued', 'Running'].includes(job.data.status);
  const result = job.data?.status === 'Succeeded' ? (job.data.result as unknown as SlaImpactResult) : undefined;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('sla.impact.intro')}</Typography.Paragraph>
      <Space wrap>
        <span id="sla-impact-period">{t('sla.impact.period')}</span>
        <DatePicker.RangePicker aria-labelledby="sla-impact-period" value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
        <Button type="primary" onClick={() => start.mutate()} loading={start.isPending || running} data-testid="sla-impact-run">{t('sla.impact.start')}</Button>
      </Space>
      {start.error && <Alert type="error" showIcon title={start.error.message} />}
      {job.data && running && (
        <div aria-live="polite">
          <Space style={{ width: '100%' }} align="center">
            <Progress style={{ minWidth: 320 }} percent={job.data.percent} status="active" aria-label={t('sla.impact.running', { done: job.data.done, total: job.data.total })} />
            <Button danger onClick={() => cancel.mutate(job.data!.id)} loading={cancel.isPending} data-testid="sla-impact-cancel">{t('sla.impact.cancel')}</Button>
          </Space>
          <Typography.Text type="secondary">{t('sla.impact.running', { done: job.data.done, total: job.data.total })}</Typography.Text>
        </div>
      )}
      {cancel.error && <Alert type="error" showIcon title={cancel.error.message} />}
      {job.data?.status === 'Cancelled' && (
        <Alert type="info" showIcon title={t('sla.impact.cancelled')} data-testid="sla-impact-cancelled"
          action={<Button onClick={() => start.mutate()} loading={start.isPending} data-testid="sla-impact-again">{t('sla.impact.again')}</Button>} />
      )}
      {job.data?.status === 'Failed' && <Alert type="error" showIcon title={t('sla.impact.failed', { error: job.data.error })} />}
      {result && <ImpactResult result={result} />}
    </Space>
  );
}

function ImpactResult({ result }: { result: SlaImpactResult }) {
  const { t } = useTranslation();
  const [dimension, setDimension] = useState<'type' | 'priority' | 'team'>('type');
  const groups = result.closed.groups.filter((g) => g.dimension === dimension);
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: groups.map((g) => (dimension === 'team' ? g.key : t(`sla.enum.${g.key}`, { defaultValue: g.key }))) },
    yAxis: { type: 'value' },
    series: [
      { name: t('sla.impact.breachedBefore'), type: 'bar', data: groups.map((g) => g.breachedBefore), itemStyle: { color: '#cf1322' } },
      { name: t('sla.impact.breachedUnder'), type: 'bar', data: groups.map((g) => g.breachedUnderDraft), itemStyle: { color: '#fa8c16' } },
      { name: t('sla.impact.metBefore'), type: 'bar', data: groups.map((g) => g.metBefore), itemStyle: { color: '#389e0d' } },
      { name: t('sla.impact.metUnderDraft'), type: 'bar', data: groups.map((g) => g.metUnderDraft), itemStyle: { color: '#1677ff' } },
    ],
  }), [groups, dimension, t]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="sla-impact-result">
      <Row gutter={16}>
        <Col span={12}>
          <Card size="small" title={<h3 className="sla-subtitle">{t('sla.impact.open')}</h3>}>
            <Space size="large" wrap>
              <Statistic title={t('sla.impact.open')} value={result.open.open} />
              <Statistic title={t('sla.impact.changed')} value={result.open.changed} styles={{ content: { color: '#d46b08' } }} />
              <Statistic title={t('sla.impact.breachedUnderDraft')} value={result.open.breachedUnderDraft} />
              <Statistic title={t('sla.impact.breachedNow')} value={result.open.breachedNow} />
            </Space>
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={<h3 className="sla-subtitle">{t('sla.impact.closed')}</h3>}>
            <Space size="large" wrap>
              <Statistic title={t('sla.impact.closed')} value={result.closed.closed} />
              <Statistic title={t('sla.impact.breachedBefore')} value={result.closed.breachedBefore} />
              <Statistic title={t('sla.impact.breachedUnder')} value={result.closed.breachedUnderDraft} />
            </Space>
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary">{t('sla.impact.seconds', { seconds: result.seconds.toFixed(2) })}</Typography.Text>
      <Segmented value={dimension} onChange={(v) => setDimension(v as typeof dimension)}
        options={(['type', 'priority', 'team'] as const).map((d) => ({ value: d, label: `${t('sla.impact.by')} ${t(`sla.impact.dimension.${d}`)}` }))} />
      <Chart option={option} label={t('sla.impact.closed')} testId="sla-impact-chart" />
      <Typography.Title level={3} className="sla-subtitle">{t('sla.impact.examples')}</Typography.Title>
      <Table rowKey={(x) => `${x.requestId}${x.target}`} size="small" dataSource={result.open.examples} pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('sla.impact.number'), dataIndex: 'number' },
          { title: t('sla.escalations.target'), dataIndex: 'target', render: (k: string) => t(`sla.target.${k}`) },
          { title: t('sla.impact.current'), dataIndex: 'currentDue', render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—') },
          { title: t('sla.impact.draftDue'), dataIndex: 'draftDue', render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—') },
        ]} />
    </Space>
  );
}
