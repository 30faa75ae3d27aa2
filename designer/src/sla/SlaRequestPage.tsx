import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, ApiError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useMe } from '../auth/useSession';
import { TargetExplained } from './SlaTryPanel';
import './sla.css';

type S = components['schemas'];

/**
 * /admin/sla/requests/:key — one request's SLA: each target's due time with the clock explained, the overrides, the
 * versions it was moved between and its escalation steps. Supervisors and Admins set a due time by hand, with a reason.
 */
export function SlaRequestPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const canOverride = !!me.data?.roles.some((r) => r === 'Admin' || r === 'Supervisor');
  const [number, setNumber] = useState(key);
  const [overriding, setOverriding] = useState<S['SlaTargetView']>();
  const sla = useQuery({
    queryKey: ['service-requests', key, 'sla'],
    enabled: key.length > 0,
    retry: false,
    queryFn: async () => unwrap(await api.GET('/api/service-requests/{key}/sla', { params: { path: { key } } })),
  });
  const units = { d: t('sla.units.d'), h: t('sla.units.h'), min: t('sla.units.min') };
  const when = (at: string | null | undefined) => (at ? new Date(at).toLocaleString() : '—');
  const view = sla.data;
  return (
    <main className="page">
      <div className="page-heading">
        <Space orientation="vertical" size={0}>
          <Typography.Text type="secondary"><Link to="/admin/sla">{t('sla.title')}</Link></Typography.Text>
          <Typography.Title level={1}>{t('sla.request.title')}</Typography.Title>
        </Space>
      </div>
      <form onSubmit={(e) => { e.preventDefault(); if (number.trim()) navigate(`/admin/sla/requests/${encodeURIComponent(number.trim())}`); }}>
        <Space>
          <label htmlFor="sla-request-number">{t('sla.request.number')}</label>
          <Input id="sla-request-number" value={number} onChange={(e) => setNumber(e.target.value)} style={{ width: 240 }} data-testid="sla-request-number" />
          <Button htmlType="submit" type="primary">{t('sla.request.show')}</Button>
        </Space>
      </form>
      {sla.error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={sla.error.message} />}
      {view && (
        <Space orientation="vertical" size="middle" style={{ width: '100%', marginTop: 16 }} data-testid="sla-request">
          <Typography.Paragraph>
            <strong>{view.number}</strong>{' · '}{t(`sla.enum.${view.status}`, { defaultValue: view.status })}{' · '}
            {view.policyId ? t('sla.request.runsUnder', { policy: view.policyId, version: view.version, rule: view.ruleId }) : t('sla.enum.NoSla')}
          </Typography.Paragraph>
          {view.targets.map((target) => (
            <div key={target.target}>
              <TargetExplained target={target} units={units} />
              {canOverride && target.state !== 'NoSla' && (
                <Space style={{ marginTop: 4 }}>
                  <Button size="small" data-testid={`sla-override-${target.target}`} onClick={() => setOverriding(target)}>
                    {t('sla.request.override', { target: t(`sla.target.${target.target}`) })}
                  </Button>
                  {target.override && <Tag color="purple">{t('sla.request.overridden', { computed: when(target.computedDue) })}</Tag>}
                </Space>
              )}
            </div>
          ))}
          {view.overrides.length > 0 && (
            <section aria-labelledby="sla-overrides-title">
              <Typography.Title level={2} id="sla-overrides-title" className="sla-card-title">{t('sla.request.overrides')}</Typography.Title>
              <Table<S['SlaOverrideView']> size="small" pagination={false} rowKey={(o) => `${o.at}${o.due}`} dataSource={view.overrides}
                columns={[
                  { title: t('sla.versions.at'), dataIndex: 'at', render: when },
                  { title: t('sla.request.by'), dataIndex: 'by' },
                  { title: t('sla.request.due'), dataIndex: 'due', render: (d: string | null) => (d ? when(d) : t('sla.request.removed')) },
                  { title: t('sla.request.computed'), dataIndex: 'computedDue', render: when },
                  { title: t('sla.request.reason'), dataIndex: 'reason' },
                ]} />
            </section>
          )}
          {view.retargets.length > 0 && (
            <Typography.Paragraph data-testid="sla-request-retargets">
              {view.retargets.map((r) => t('sla.request.moved', { from: r.fromVersion, to: r.toVersion, at: when(r.at), by: r.by })).join(' ')}
            </Typography.Paragraph>
          )}
          {view.escalations.length > 0 && (
            <section aria-labelledby="sla-escalations-title">
              <Typography.Title level={2} id="sla-escalations-title" className="sla-card-title">{t('sla.escalations.title')}</Typography.Title>
              <Table<S['SlaEscalationView']> size="small" pagination={false} rowKey={(e) => `${e.policyVersion}:${e.step}`} dataSource={view.escalations}
                columns={[
                  { title: t('sla.versions.version'), dataIndex: 'policyVersion', render: (v: number) => `v${v}` },
                  { title: t('sla.escalations.target'), dataIndex: 'target', render: (k: string) => t(`sla.target.${k}`) },
                  { title: t('sla.request.action'), dataIndex: 'action' },
                  { title: t('sla.request.dueAt'), dataIndex: 'dueAt', render: when },
                  { title: t('sla.versions.status'), dataIndex: 'status' },
                  { title: t('sla.request.outcome'), dataIndex: 'outcome', render: (o: string | null) => o ?? '' },
                ]} />
            </section>
          )}
        </Space>
      )}
      {overriding && view && <OverrideModal requestKey={view.number} target={overriding} onClose={() => setOverriding(undefined)} />}
    </main>
  );
}

function OverrideModal({ requestKey, target, onClose }: { requestKey: string; target: S['SlaTargetView']; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ due?: Dayjs; reason: string; remove: string }>();
  const save = useMutation({
    mutationFn: async (v: { due?: Dayjs; reason: string; remove: string }) => unwrap(await api.POST('/api/service-requests/{key}/sla/override', {
      params: { path: { key: requestKey } },
      body: { target: target.target, due: v.remove === 'remove' ? null : v.due!.toISOString(), reason: v.reason },
    })),
    onSuccess: async () => {
      void message.success(t('sla.request.saved'));
      await client.invalidateQueries({ queryKey: ['service-requests'] });
      onClose();
    },
    onError: (e) => {
      const errs = e instanceof ApiError ? (e.problem.errors as Record<string, string[]> | undefined) : undefined;
      if (errs) form.setFields(Object.entries(errs).map(([name, errors]) => ({ name: name as 'due' | 'reason', errors })));
      else void message.error(e instanceof Error ? e.message : String(e));
    },
  });
  const remove = Form.useWatch('remove', form);
  return (
    <Modal open title={t('sla.request.overrideOf', { target: t(`sla.target.${target.target}`) })} okText={t('sla.request.save')}
      cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'sla-override-ok' } as never}>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} initialValues={{ remove: 'set' }}>
        <Typography.Paragraph type="secondary">
          {t('sla.request.computedIs', { due: target.computedDue ? new Date(target.computedDue).toLocaleString() : '—' })}
        </Typography.Paragraph>
        {target.override && (
          <Form.Item name="remove" label={t('sla.request.kind')}>
            <Select options={[{ value: 'set', label: t('sla.request.setNew') }, { value: 'remove', label: t('sla.request.remove') }]} />
          </Form.Item>
        )}
        {remove !== 'remove' && (
          <Form.Item name="due" label={t('sla.request.due')} rules={[{ required: true, message: t('sla.request.dueRequired') }]}>
            <DatePicker showTime style={{ width: '100%' }} data-testid="sla-override-due" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('sla.request.reason')} rules={[{ required: true, whitespace: true, message: t('sla.request.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="sla-override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
