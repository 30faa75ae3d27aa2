import { Button, Space, Table, Tag, Typography } from 'antd';
import { BarChartOutlined, FieldTimeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePolicies, type SlaPolicySummary } from './api';

/** /admin/sla: every policy with its published version, when it took effect and its draft. */
export function SlaPolicyListPage() {
  const { t } = useTranslation();
  const policies = usePolicies();
  return (
    <main className="page">
      <div className="page-heading">
        <Typography.Title level={1}>{t('sla.title')}</Typography.Title>
        <Space>
          <Link to="/admin/sla/requests"><Button icon={<FieldTimeOutlined />}>{t('sla.request.title')}</Button></Link>
          <Link to="/admin/sla/compliance"><Button icon={<BarChartOutlined />}>{t('sla.compliance')}</Button></Link>
        </Space>
      </div>
      <Table<SlaPolicySummary>
        rowKey="policyId"
        loading={policies.isLoading}
        dataSource={policies.data}
        pagination={false}
        columns={[
          {
            title: t('sla.policy'), dataIndex: 'name',
            render: (name: string, p) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/admin/sla/${encodeURIComponent(p.policyId)}`} data-testid={`sla-open-${p.policyId}`}>{name}</Link>
                {p.description && <Typography.Text type="secondary">{p.description}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('sla.id'), dataIndex: 'policyId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          {
            title: t('sla.published'), dataIndex: 'publishedVersion',
            render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Typography.Text type="secondary">{t('sla.notPublished')}</Typography.Text>),
          },
          { title: t('sla.effectiveFrom'), dataIndex: 'effectiveFrom', render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—') },
          {
            title: t('sla.draft'), dataIndex: 'draftVersion',
            render: (v: number | null, p) => (v ? <Tag color="gold">{t('sla.draftTag', { version: v, revision: p.draftRevision })}</Tag> : '—'),
          },
        ]}
      />
    </main>
  );
}
