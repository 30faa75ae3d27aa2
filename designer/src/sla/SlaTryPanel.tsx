import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, unwrap } from '../api/client';
import type { SlaTargetView } from './api';
import { CONTRACT_LEVELS, PRIORITIES, REQUEST_TYPES, TIERS, countedTotal, duration } from './model';

interface TryForm { requestType: string; priority: string; customerTier?: string; contractLevel?: string; region?: string; productLine?: string; openedAt?: Dayjs }

/** Try the draft on a hypothetical request: the rule that matches, each target's due time and its clock explained. */
export function SlaTryPanel({ policyId }: { policyId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TryForm>();
  const run = useMutation({
    mutationFn: async (v: TryForm) => unwrap(await api.POST('/api/sla-policies/{policyId}/try', {
      params: { path: { policyId } },
      body: {
        version: null, requestType: v.requestType, priority: v.priority, customerTier: v.customerTier ?? null, contractLevel: v.contractLevel ?? null,
        region: v.region || null, productLine: v.productLine || null, openedAt: (v.openedAt ?? dayjs()).toISOString(), workStartedAt: null,
      },
    })),
    onError: (e) => {
      const errs = e instanceof ApiError ? (e.problem.errors as Record<string, string[]> | undefined) : undefined;
      if (errs) form.setFields(Object.entries(errs).map(([name, errors]) => ({ name: name as keyof TryForm, errors })));
    },
  });
  const opts = (values: string[]) => values.map((v) => ({ value: v, label: t(`sla.enum.${v}`) }));
  const units = { d: t('sla.units.d'), h: t('sla.units.h'), min: t('sla.units.min') };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('sla.tryIt.intro')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ requestType: 'InWarrantyRepair', priority: 'Normal', customerTier: 'Standard' }}
        onFinish={(v) => run.mutate(v)} data-testid="sla-try-form">
        <Form.Item name="requestType" label={t('sla.tryIt.requestType')}><Select style={{ width: 190 }} options={opts(REQUEST_TYPES)} /></Form.Item>
        <Form.Item name="priority" label={t('sla.tryIt.priority')}><Select style={{ width: 110 }} options={opts(PRIORITIES)} /></Form.Item>
        <Form.Item name="customerTier" label={t('sla.tryIt.customerTier')}><Select style={{ width: 120 }} allowClear options={opts(TIERS)} /></Form.Item>
        <Form.Item name="contractLevel" label={t('sla.tryIt.contractLevel')}><Select style={{ width: 120 }} allowClear options={opts(CONTRACT_LEVELS)} /></Form.Item>
        <Form.Item name="region" label={t('sla.tryIt.region')}><Input style={{ width: 120 }} /></Form.Item>
        <Form.Item name="productLine" label={t('sla.tryIt.productLine')}><Input style={{ width: 120 }} /></Form.Item>
        <Form.Item name="openedAt" label={t('sla.tryIt.openedAt')}><DatePicker showTime data-testid="sla-try-opened" /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" loading={run.isPending} data-testid="sla-try-run">{t('sla.tryIt.run')}</Button></Form.Item>
      </Form>
      {run.error && !(run.error instanceof ApiError && run.error.status === 400) && <Alert type="error" showIcon title={run.error.message} />}
      {run.data && (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="sla-try-result">
          <Typography.Text>{t('sla.tryIt.rule')}: <Typography.Text code data-testid="sla-try-rule">{run.data.ruleId}</Typography.Text>
            {' '}v{run.data.version} · {run.data.calendar}</Typography.Text>
          {run.data.targets.map((target) => <TargetExplained key={target.target} target={target} units={units} />)}
        </Space>
      )}
    </Space>
  );
}

/** One target: its due time and the stretches of the clock up to it (shared by try-it and the request's SLA view). */
export function TargetExplained({ target, units }: { target: SlaTargetView; units: { d: string; h: string; min: string } }) {
  const { t } = useTranslation();
  const segments = target.explanation ?? [];
  return (
    <Card size="small" title={<h3 className="sla-subtitle">{t(`sla.target.${target.target}`)}</h3>} data-testid={`sla-target-${target.target}`}
      extra={<Tag>{t(`sla.enum.${target.state}`)}</Tag>}>
      {target.due ? (
        <Typography.Paragraph>
          {t('sla.tryIt.due')}: <strong data-testid={`sla-due-${target.target}`}>{new Date(target.due).toLocaleString()}</strong>
          {' · '}{duration(target.targetMinutes, units)} ({t(`sla.target.${target.clock ?? 'BusinessHours'}`)})
        </Typography.Paragraph>
      ) : <Typography.Paragraph type="secondary">{t('sla.target.none')}</Typography.Paragraph>}
      {segments.length > 0 && (
        <>
          <Table rowKey={(s) => `${s.kind}${s.from}`} size="small" pagination={false} dataSource={segments}
            columns={[
              { title: t('sla.tryIt.segment'), dataIndex: 'kind', render: (k: string) => t(`sla.tryIt.kind.${k}`, { defaultValue: k }) },
              { title: t('sla.tryIt.from'), dataIndex: 'from', render: (at: string) => new Date(at).toLocaleString() },
              { title: t('sla.tryIt.to'), dataIndex: 'to', render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—') },
              { title: t('sla.tryIt.counted'), dataIndex: 'countedMinutes', align: 'right', render: (m: number) => (m ? duration(m, units) : '') },
              { title: t('sla.tryIt.reason'), dataIndex: 'reason', render: (r: string | null) => (r ? t(`sla.enum.${r}`, { defaultValue: r }) : '') },
            ]} />
          <Typography.Text type="secondary" data-testid={`sla-counted-${target.target}`}>
            {t('sla.tryIt.adds', { total: duration(countedTotal(segments), units) })}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}
