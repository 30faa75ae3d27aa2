import { useState } from 'react';
import { Alert, Button, Modal, Progress, Space, Statistic, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { slaKeys, useSlaJob } from './api';

type Change = components['schemas']['SlaApplyChange'];

/**
 * Applying a published version to the open requests still under older versions: the preview (how many move, by version,
 * whose due times change), then an explicit confirmation naming that number; the job's progress, then what it did.
 */
export function SlaApplyModal({ policyId, version, onClose }: { policyId: string; version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string>();
  const preview = useQuery({
    queryKey: ['sla-policies', policyId, 'apply', version],
    queryFn: async () => unwrap(await api.GET('/api/sla-policies/{policyId}/versions/{version}/apply', { params: { path: { policyId, version } } })),
    staleTime: 0,
    gcTime: 0,
  });
  const apply = useMutation({
    mutationFn: async (expectedRequests: number) => unwrap(await api.POST('/api/sla-policies/{policyId}/versions/{version}/apply', {
      params: { path: { policyId, version } }, body: { expectedRequests },
    })),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useSlaJob(jobId);
  const running = !!job.data && ['Queued', 'Running'].includes(job.data.status);
  const result = job.data?.status === 'Succeeded' ? (job.data.result as unknown as { retargeted: number; changed: number }) : undefined;
  const p = preview.data;
  const close = () => {
    if (result) void client.invalidateQueries({ queryKey: slaKeys.versions(policyId) });
    onClose();
  };
  const when = (at: string | null | undefined) => (at ? new Date(at).toLocaleString() : '—');

  return (
    <Modal open width={860} title={t('sla.apply.title', { version })} onCancel={close} data-testid="sla-apply-dialog"
      footer={result || job.data?.status === 'Failed'
        ? [<Button key="close" type="primary" onClick={close}>{t('sla.apply.close')}</Button>]
        : [
            <Button key="cancel" onClick={close} disabled={running}>{t('common.cancel')}</Button>,
            <Button key="ok" type="primary" danger data-testid="sla-apply-ok" disabled={!p || p.requests === 0 || running || !!jobId}
              loading={apply.isPending || running} onClick={() => p && apply.mutate(p.requests)}>
              {t('sla.apply.ok', { count: p?.requests ?? 0 })}
            </Button>,
          ]}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph type="secondary">{t('sla.apply.intro')}</Typography.Paragraph>
        {preview.isLoading && <Progress percent={100} status="active" showInfo={false} aria-label={t('sla.apply.previewing')} />}
        {preview.error && <Alert type="error" showIcon title={preview.error.message} />}
        {p && (
          <>
            <Space size="large" wrap data-testid="sla-apply-preview">
              <Statistic title={t('sla.apply.requests')} value={p.requests} />
              <Statistic title={t('sla.apply.changed')} value={p.changed} styles={{ content: { color: '#d46b08' } }} />
              <Statistic title={t('sla.apply.breachedNow')} value={p.breachedNow} />
              <Statistic title={t('sla.apply.breachedAfter')} value={p.breachedAfter} />
            </Space>
            {p.byVersion.length > 0 && (
              <Typography.Text>{t('sla.apply.byVersion', { list: p.byVersion.map((v) => `v${v.version}: ${v.requests}`).join(', ') })}</Typography.Text>
            )}
            {p.audited > 0 && <Alert type="info" showIcon title={t('sla.apply.audited', { count: p.audited })} />}
            {p.requests === 0 && <Alert type="success" showIcon title={t('sla.apply.nothing')} />}
            {p.examples.length > 0 && (
              <Table<Change> size="small" pagination={{ pageSize: 8, hideOnSinglePage: true }} dataSource={p.examples}
                rowKey={(c) => `${c.requestId}:${c.target}`} data-testid="sla-apply-examples"
                columns={[
                  { title: t('sla.impact.number'), dataIndex: 'number' },
                  { title: t('sla.apply.from'), dataIndex: 'fromVersion', render: (v: number) => `v${v}` },
                  { title: t('sla.escalations.target'), dataIndex: 'target', render: (k: string) => t(`sla.target.${k}`) },
                  { title: t('sla.impact.current'), dataIndex: 'currentDue', render: when },
                  { title: t('sla.apply.newDue'), dataIndex: 'newDue', render: when },
                ]} />
            )}
          </>
        )}
        {apply.error && (
          <Alert type="error" showIcon title={apply.error.message}
            action={<Button onClick={() => { apply.reset(); void preview.refetch(); }}>{t('sla.apply.again')}</Button>} />
        )}
        {job.data && running && (
          <div aria-live="polite">
            <Progress percent={job.data.percent} status="active" aria-label={t('sla.apply.running', { done: job.data.done, total: job.data.total })} />
            <Typography.Text type="secondary">{t('sla.apply.running', { done: job.data.done, total: job.data.total })}</Typography.Text>
          </div>
        )}
        {job.data?.status === 'Failed' && <Alert type="error" showIcon title={job.data.error ?? ''} />}
        {result && (
          <Alert type="success" showIcon role="status" data-testid="sla-apply-done"
            title={t('sla.apply.done', { count: result.retargeted, changed: result.changed, version })} />
        )}
      </Space>
    </Modal>
  );
}
