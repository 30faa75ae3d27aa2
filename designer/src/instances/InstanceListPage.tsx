import { useState } from 'react';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useFlows, useInstances } from '../api/queries';
import type { InstanceStatus, InstanceSummary } from '../api/types';

const STATUSES: InstanceStatus[] = ['Pending', 'Running', 'Suspended', 'Faulted', 'Completed', 'Cancelled'];
export const statusColour: Record<InstanceStatus, string> = {
  Pending: 'default', Running: 'processing', Suspended: 'blue', Faulted: 'red', Completed: 'green', Cancelled: 'default',
};

/** /instances: every instance, filtered by flow and status; open one by id. */
export function InstanceListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const definitionId = params.get('definitionId') ?? undefined;
  const status = (params.get('status') as InstanceStatus | null) ?? undefined;
  const page = Number(params.get('page') ?? 1);
  const flows = useFlows();
  const instances = useInstances({ definitionId, status, page, pageSize: 20 });
  const [openId, setOpenId] = useState('');
  const set = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const validId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(openId.trim());
  return (
    <main className="page">
      <Typography.Title level={1}>{t('instances.title')}</Typography.Title>
      <Space wrap className="filters">
        <Select allowClear showSearch style={{ width: 260 }} placeholder={t('instances.allFlows')} aria-label={t('instances.flow')}
          value={definitionId} onChange={(v) => set('definitionId', v)} data-testid="filter-flow"
          options={(flows.data ?? []).map((f) => ({ value: f.definitionId, label: f.name }))} />
        <Select allowClear style={{ width: 180 }} placeholder={t('instances.allStatuses')} aria-label={t('instances.status')}
          value={status} onChange={(v) => set('status', v)} data-testid="filter-status"
          options={STATUSES.map((s) => ({ value: s, label: t(`instanceStatus.${s}`) }))} />
        <Space.Compact>
          <Input style={{ width: 330 }} placeholder={t('instances.byId')} aria-label={t('instances.byId')} value={openId}
            onChange={(e) => setOpenId(e.target.value)} onPressEnter={() => validId && navigate(`/instances/${openId.trim()}`)} data-testid="open-id" />
          <Button disabled={!validId} onClick={() => navigate(`/instances/${openId.trim()}`)}>{t('instances.open')}</Button>
        </Space.Compact>
      </Space>
      <Table<InstanceSummary>
        rowKey="id"
        loading={instances.isLoading}
        dataSource={instances.data?.items}
        locale={{ emptyText: t('instances.empty') }}
        pagination={{ current: page, pageSize: 20, total: Number(instances.data?.total ?? 0), onChange: (p) => set('page', String(p)), hideOnSinglePage: true }}
        columns={[
          { title: t('instances.id'), dataIndex: 'id', render: (id: string) => <Link to={`/instances/${id}`} data-testid={`instance-${id}`}>{id.slice(0, 8)}</Link> },
          { title: t('instances.flow'), dataIndex: 'definitionId', render: (d: string, i) => <>{d} <Tag>v{i.definitionVersion}</Tag>{i.sandbox && <Tag color="purple">{t('instances.sandbox')}</Tag>}</> },
          { title: t('instances.status'), dataIndex: 'status', render: (s: InstanceStatus) => <Tag color={statusColour[s]}>{t(`instanceStatus.${s}`)}</Tag> },
          { title: t('instances.correlation'), dataIndex: 'correlationId', render: (c: string | null) => c ?? '' },
          { title: t('instances.started'), dataIndex: 'createdAt', render: (at: string) => new Date(at).toLocaleString() },
          { title: t('instances.updated'), dataIndex: 'updatedAt', render: (at: string) => new Date(at).toLocaleString() },
        ]}
      />
    </main>
  );
}
