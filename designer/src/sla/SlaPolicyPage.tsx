import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Space, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, ApiError, unwrap } from '../api/client';
import { slaKeys, useCanEditSla, usePolicy } from './api';
import type { PolicyDoc } from './model';
import { SlaDraftEditor } from './SlaDraftEditor';
import { SlaVersionsPanel } from './SlaVersionsPanel';
import { SlaTryPanel } from './SlaTryPanel';
import { SlaImpactPanel } from './SlaImpactPanel';
import './sla.css';

/** /admin/sla/:policyId — the draft (or the published version), its versions, try it, the impact preview, publish. */
export function SlaPolicyPage() {
  const { policyId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const policy = usePolicy(policyId);
  const canEdit = useCanEditSla();
  const [doc, setDoc] = useState<PolicyDoc | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>();
  const [stale, setStale] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [tab, setTab] = useState('draft');
  const view = policy.data;
  const isDraft = view?.status === 'Draft';

  useEffect(() => {
    if (view) {
      setDoc((view.document ?? {}) as PolicyDoc);
      setDirty(false);
    }
  }, [view]);

  const refresh = async () => {
    setStale(false);
    setErrors(undefined);
    await client.invalidateQueries({ queryKey: slaKeys.policies });
    await client.invalidateQueries({ queryKey: slaKeys.policy(policyId) });
  };

  const save = useMutation({
    mutationFn: async () => unwrap(await api.PUT('/api/sla-policies/{policyId}/draft', {
      params: { path: { policyId }, header: isDraft ? { 'If-Match': `"${view!.revision}"` } : {} } as never,
      body: { document: doc as never, comment: isDraft ? view?.comment ?? null : null },
    })),
    onSuccess: async (saved) => {
      setErrors(undefined);
      client.setQueryData(slaKeys.policy(policyId), saved);
      await client.invalidateQueries({ queryKey: slaKeys.policies });
      await client.invalidateQueries({ queryKey: slaKeys.versions(policyId) });
      void message.success(t('sla.saved'));
    },
    onError: (e) => {
      if (e instanceof ApiError && (e.status === 412 || e.status === 409)) setStale(true);
      else if (e instanceof ApiError && e.status === 400) setErrors(e.problem.errors as Record<string, string[]>);
      else void message.error(e instanceof Error ? e.message : String(e));
    },
  });

  if (!view || !doc) return <main className="page"><Typography.Title level={1}>{policyId}</Typography.Title></main>;
  const editable = canEdit && isDraft;
  const errorCount = errors ? Object.values(errors).reduce((n, m) => n + m.length, 0) : 0;

  const draftTab = (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {!canEdit && <Alert type="info" showIcon title={t('sla.readOnly')} />}
      {canEdit && !isDraft && (
        <Alert type="info" showIcon title={t('sla.noDraft')}
          action={<Button type="primary" data-testid="sla-start-draft" loading={save.isPending} onClick={() => save.mutate()}>{t('sla.startDraft')}</Button>} />
      )}
      {stale && <Alert type="warning" showIcon title={t('sla.stale')} action={<Button onClick={() => void refresh()}>{t('sla.reload')}</Button>} />}
      {errorCount > 0 && <Alert type="error" showIcon role="alert" data-testid="sla-invalid" title={t('sla.invalid', { count: errorCount })} />}
      <SlaDraftEditor doc={doc} readOnly={!editable} errors={errors}
        onChange={(d) => { setDoc(d); setDirty(true); }} />
    </Space>
  );

  return (
    <main className="page">
      <div className="page-heading">
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary"><Link to="/admin/sla">{t('sla.title')}</Link></Typography.Text>
          <Typography.Title level={1}>{doc.name ?? policyId}</Typography.Title>
          <Space>
            <Tag color={isDraft ? 'gold' : 'green'}>v{view.version} · {t(`sla.versions.${view.status}`)}</Tag>
            {dirty && <Tag color="orange">{t('sla.unsaved')}</Tag>}
          </Space>
        </Space>
        {editable && (
          <Space>
            <Button data-testid="sla-save" onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>{t('sla.save')}</Button>
            <Button type="primary" data-testid="sla-publish" disabled={dirty} onClick={() => setPublishing(true)}>{t('sla.publish')}</Button>
          </Space>
        )}
      </div>
      <Tabs
        activeKey={tab === 'impact' && !(canEdit && isDraft) ? 'draft' : tab}
        onChange={setTab}
        items={[
          { key: 'draft', label: t('sla.tabs.draft'), children: draftTab },
          { key: 'versions', label: t('sla.tabs.versions'), children: <SlaVersionsPanel policyId={policyId} /> },
          { key: 'try', label: t('sla.tabs.tryIt'), children: <SlaTryPanel policyId={policyId} /> },
          ...(canEdit && isDraft ? [{ key: 'impact', label: t('sla.tabs.impact'), children: <SlaImpactPanel policyId={policyId} /> }] : []),
        ]}
      />
      {publishing && <PublishModal policyId={policyId} version={view.version} onClose={() => setPublishing(false)} onDone={async () => { setTab('draft'); await refresh(); }} />}
    </main>
  );
}

function PublishModal({ policyId, version, onClose, onDone }: { policyId: string; version: number; onClose: () => void; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ effectiveFrom?: Dayjs; comment: string }>();
  const [error, setError] = useState<string>();
  const publish = useMutation({
    mutationFn: async (v: { effectiveFrom?: Dayjs; comment: string }) => unwrap(await api.POST('/api/sla-policies/{policyId}/publish', {
      params: { path: { policyId } },
      body: { effectiveFrom: v.effectiveFrom ? v.effectiveFrom.toISOString() : null, comment: v.comment },
    })),
    onSuccess: async () => {
      void message.success(t('sla.publishDialog.done', { version }));
      onClose();
      await onDone();
    },
    onError: (e) => {
      const errs = e instanceof ApiError ? (e.problem.errors as Record<string, string[]> | undefined) : undefined;
      if (errs?.effectiveFrom) form.setFields([{ name: 'effectiveFrom', errors: errs.effectiveFrom }]);
      else setError(e instanceof Error ? e.message : String(e));
    },
  });
  return (
    <Modal open title={t('sla.publishDialog.title', { version })} okText={t('sla.publishDialog.ok')} cancelText={t('common.cancel')}
      onOk={() => form.submit()} onCancel={onClose} confirmLoading={publish.isPending} okButtonProps={{ 'data-testid': 'sla-publish-ok' } as never}>
      <Typography.Paragraph type="secondary">{t('sla.publishDialog.help')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} />}
      <Form form={form} layout="vertical" onFinish={(v) => publish.mutate(v)}>
        <Form.Item name="effectiveFrom" label={t('sla.publishDialog.effectiveFrom')}>
          <DatePicker showTime placeholder={t('sla.publishDialog.now')} />
        </Form.Item>
        <Form.Item name="comment" label={t('sla.publishDialog.comment')} rules={[{ required: true, whitespace: true, message: t('sla.publishDialog.commentRequired') }]}>
          <Input.TextArea rows={3} autoFocus data-testid="sla-publish-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
