import { tx } from '../i18n';
import { useMemo, useState } from 'react';
import { App, Button, Descriptions, Empty, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { ReactFlowProvider } from '@xyflow/react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { keys, useDescriptors, useInstanceTrace } from '../api/queries';
import type { IncidentView, LogEntry } from '../api/types';
import { FlowCanvas } from '../designer/canvas/FlowCanvas';
import { descriptorMap, outcomePorts } from '../designer/model/graph';
import { pathOverlay } from '../designer/model/overlay';
import { statusColour } from './InstanceListPage';

/** /instances/:id — the path an instance took, drawn on the version it is pinned to; where it waits; its incidents. */
export function InstancePage() {
  const { instanceId = '' } = useParams();
  const { t } = useTranslation();
  const trace = useInstanceTrace(instanceId);
  const descriptors = useDescriptors();
  const map = useMemo(() => descriptorMap(descriptors.data), [descriptors.data]);
  const definition = trace.data?.definition.definition;
  const path = useMemo(() => trace.data && definition
    && pathOverlay(trace.data.log, definition.connections ?? [], trace.data.detail.bookmarks, trace.data.detail.incidents), [trace.data, definition]);
  if (trace.isError) return <main className="page"><Result status="404" title={t('instance.notFound', { id: instanceId })} extra={<Link to="/instances">{t('instance.back')}</Link>} /></main>;
  if (!trace.data || !definition || !descriptors.data) return <main className="page"><Spin /></main>;
  const { detail, log } = trace.data;
  const i = detail.instance;
  return (
    <main className="instance-page" data-testid="instance">
      <div className="designer-toolbar">
        <Space wrap>
          <Link to="/instances">{t('instance.back')}</Link>
          <Typography.Title level={1} className="designer-title">{definition.name}</Typography.Title>
          <Tag data-testid="instance-version">v{i.definitionVersion}</Tag>
          <Tag color={statusColour[i.status]} data-testid="instance-status">{t(`instanceStatus.${i.status}`)}</Tag>
          {i.sandbox && <Tag color="purple">{t('instances.sandbox')}</Tag>}
          <Link to={`/designer/${encodeURIComponent(i.definitionId)}`}>{t('instance.openFlow')}</Link>
        </Space>
      </div>
      <div className="instance-body">
        <div className="designer-centre">
          <ReactFlowProvider>
            <FlowCanvas definition={definition} descriptors={map} path={path} label={t('instance.canvas', { id: i.id })} />
          </ReactFlowProvider>
          <div className="overlay-legend">
            {(['done', 'waiting', 'withdrawn', 'faulted'] as const).map((s) => <Tag key={s} className={`legend legend-step-${s}`}>{t(`step.${s}`)}</Tag>)}
          </div>
        </div>
        <aside className="properties instance-side" aria-label={t('instance.details')}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('instances.id')}><Typography.Text copyable className="mono">{i.id}</Typography.Text></Descriptions.Item>
            <Descriptions.Item label={t('instances.correlation')}>{i.correlationId ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('instances.started')}>{new Date(i.createdAt).toLocaleString()}</Descriptions.Item>
            {i.completedAt && <Descriptions.Item label={t('instance.completed')}>{new Date(i.completedAt).toLocaleString()}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={2} className="panel-subtitle">{t('instance.waiting')}</Typography.Title>
          {detail.bookmarks.length === 0 ? <Typography.Text type="secondary">{t('instance.notWaiting')}</Typography.Text> : (
            <ul className="plain-list" data-testid="waiting">
              {detail.bookmarks.map((b) => (
                <li key={`${b.activityId}-${b.name}`}>
                  <strong>{b.activityId}</strong> — {b.name}{b.dueAt ? ` · ${t('instance.due', { at: new Date(b.dueAt).toLocaleString() })}` : ''}
                </li>
              ))}
            </ul>
          )}
          <Typography.Title level={2} className="panel-subtitle">{t('instance.incidents')}</Typography.Title>
          {detail.incidents.length === 0 ? <Typography.Text type="secondary">{t('instance.noIncidents')}</Typography.Text>
            : detail.incidents.map((x) => <Incident key={x.id} instanceId={i.id} incident={x}
                outcomes={outcomePorts(definition.activities?.find((a) => a.id === x.activityId) ?? { id: x.activityId, type: x.activityType }, map.get(x.activityType)).map((p) => p.name)} />)}
          <Typography.Title level={2} className="panel-subtitle">{t('instance.log')}</Typography.Title>
          <Table<LogEntry> size="small" rowKey="sequence" tableLayout="fixed" dataSource={log} pagination={false} data-testid="log"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('instance.noLog')} /> }}
            columns={[
              { title: t('instance.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleTimeString() },
              { title: t('instance.activity'), dataIndex: 'activityId' },
              { title: t('instance.event'), dataIndex: 'event', render: (e: string) => tx(`logEvent.${e}`, e) },
              { title: t('instance.outcome'), key: 'outcome', render: (_, e) => e.outcome ?? e.message ?? '' },
            ]} />
        </aside>
      </div>
    </main>
  );
}

function Incident({ instanceId, incident, outcomes }: { instanceId: string; incident: IncidentView; outcomes: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState(outcomes[0]);
  const [busy, setBusy] = useState(false);
  const act = async (what: 'retry' | 'skip') => {
    setBusy(true);
    try {
      const path = { path: { id: instanceId, incidentId: incident.id } };
      if (what === 'retry') unwrap(await api.POST('/api/instances/{id}/incidents/{incidentId}/retry', { params: path }));
      else unwrap(await api.POST('/api/instances/{id}/incidents/{incidentId}/skip', { params: path, body: { outcome: outcome ?? 'Done' } }));
      void message.success(t(what === 'retry' ? 'instance.retried' : 'instance.skipped'));
      void client.invalidateQueries({ queryKey: keys.instance(instanceId) });
    } catch (e) {
      void message.error(String((e as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`incident${incident.resolvedAt ? ' resolved' : ''}`} data-testid={`incident-${incident.activityId}`}>
      <Typography.Text strong>{incident.activityId}</Typography.Text>{' '}
      <Typography.Text type="secondary">{t('instance.attempts', { count: Number(incident.attempts) })}</Typography.Text>
      <Typography.Paragraph className="incident-message">{incident.message}</Typography.Paragraph>
      {incident.resolvedAt ? <Tag>{t('instance.resolved', { how: incident.resolution ?? '' })}</Tag> : (
        <Space wrap>
          <Button size="small" type="primary" loading={busy} onClick={() => void act('retry')}>{t('instance.retry')}</Button>
          <Space.Compact>
            <Select size="small" value={outcome} onChange={setOutcome} aria-label={t('instance.skipOutcome')} style={{ minWidth: 100 }}
              options={outcomes.map((o) => ({ value: o, label: o }))} />
            <Button size="small" loading={busy} onClick={() => void act('skip')}>{t('instance.skip')}</Button>
          </Space.Compact>
        </Space>
      )}
    </div>
  );
}
