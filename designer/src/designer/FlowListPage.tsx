import { useState } from 'react';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, unwrap } from '../api/client';
import { keys, useFlows } from '../api/queries';
import type { DefinitionSummary } from '../api/types';

/** /designer: every flow with its published version, draft state and running instances. */
export function FlowListPage() {
  const { t } = useTranslation();
  const flows = useFlows();
  const [creating, setCreating] = useState(false);
  return (
    <main className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t('flows.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('flows.new')}</Button>
      </div>
      <Table<DefinitionSummary>
        rowKey="definitionId"
        loading={flows.isLoading}
        dataSource={flows.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('flows.empty') }}
        columns={[
          {
            title: t('flows.name'), dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name),
            render: (name: string, f) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/designer/${encodeURIComponent(f.definitionId)}`} data-testid={`open-${f.definitionId}`}>{name}</Link>
                {f.description && <Typography.Text type="secondary" className="flow-description">{f.description}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('flows.id'), dataIndex: 'definitionId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          {
            title: t('flows.published'), dataIndex: 'publishedVersion',
            render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Typography.Text type="secondary">{t('flows.notPublished')}</Typography.Text>),
          },
          {
            title: t('flows.draft'), dataIndex: 'draftVersion',
            render: (v: number | null, f) => (v ? <Tag color="gold">{t('flows.draftTag', { version: v, revision: f.draftRevision })}</Tag> : '—'),
          },
          {
            title: t('flows.running'), dataIndex: 'runningInstances', align: 'right',
            render: (n: number, f) => (n > 0 ? <Link to={`/instances?definitionId=${encodeURIComponent(f.definitionId)}`}>{n}</Link> : 0),
          },
          { title: t('flows.updated'), dataIndex: 'updatedAt', render: (at: string) => new Date(at).toLocaleString() },
        ]}
      />
      <NewFlowModal open={creating} onClose={() => setCreating(false)} />
    </main>
  );
}

function NewFlowModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<{ definitionId: string; name: string }>();
  const create = useMutation({
    mutationFn: async (v: { definitionId: string; name: string }) => unwrap(await api.POST('/api/definitions', {
      body: {
        definitionId: v.definitionId, name: v.name,
        activities: [{ id: 'start', type: 'Start', displayName: t('flows.startLabel'), inputs: {}, position: { x: 40, y: 120 } }],
        connections: [],
      },
    })),
    onSuccess: async (doc) => {
      await client.invalidateQueries({ queryKey: keys.flows });
      onClose();
      navigate(`/designer/${encodeURIComponent(doc.definitionId)}`);
    },
    onError: (e) => void message.error(e instanceof ApiError ? e.message : String(e)),
  });
  return (
    <Modal open={open} title={t('flows.new')} okText={t('common.create')} cancelText={t('common.cancel')}
      onOk={() => form.submit()} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="name" label={t('flows.name')} rules={[{ required: true, message: t('flows.nameRequired') }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="definitionId" label={t('flows.id')} extra={t('flows.idHelp')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,100}$/, message: t('flows.idInvalid') }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
