import { useState } from 'react';
import { Button, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCanEditSla, useSlaDiff, useSlaVersion, useSlaVersions, type SlaVersionView } from './api';
import { SlaApplyModal } from './SlaApplyModal';
import type { PolicyDoc } from './model';
import { SlaDraftEditor } from './SlaDraftEditor';

const changeColor: Record<string, string> = { Added: 'green', Removed: 'red', Changed: 'gold', Moved: 'blue' };

/** Every version (who published it, when, with which note), any older one opened read-only, and the diff of two. */
export function SlaVersionsPanel({ policyId }: { policyId: string }) {
  const { t } = useTranslation();
  const versions = useSlaVersions(policyId);
  const [open, setOpen] = useState<number>();
  const [applying, setApplying] = useState<number>();
  const canEdit = useCanEditSla();
  const list = versions.data ?? [];
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const a = from ?? list[1]?.version;
  const b = to ?? list[0]?.version;
  const diff = useSlaDiff(policyId, a, b);
  const opened = useSlaVersion(policyId, open);
  const options = list.map((v) => ({ value: v.version, label: `v${v.version} · ${t(`sla.versions.${v.status}`)}` }));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Table<SlaVersionView>
        rowKey="version" size="small" pagination={false} loading={versions.isLoading} dataSource={list} data-testid="sla-versions"
        columns={[
          { title: t('sla.versions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('sla.versions.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'Draft' ? 'gold' : 'green'}>{t(`sla.versions.${s}`)}</Tag> },
          { title: t('sla.effectiveFrom'), dataIndex: 'effectiveFrom', render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—') },
          { title: t('sla.versions.by'), dataIndex: 'publishedBy', render: (by: string | null) => by ?? '—' },
          { title: t('sla.versions.at'), dataIndex: 'publishedAt', render: (at: string | null) => (at ? new Date(at).toLocaleString() : '—') },
          { title: t('sla.versions.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '—' },
          {
            title: '', key: 'open', render: (_, v) => (
              <Space>
                <Button size="small" onClick={() => setOpen(v.version)}>{t('sla.versions.open')}</Button>
                {canEdit && v.status === 'Published' && (!v.effectiveFrom || new Date(v.effectiveFrom) <= new Date()) && (
                  <Button size="small" data-testid={`sla-apply-${v.version}`} onClick={() => setApplying(v.version)}>
                    {t('sla.apply.button', { version: v.version })}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {list.length > 1 && (
        <section aria-labelledby="sla-diff-title">
          <Typography.Title level={2} id="sla-diff-title" className="sla-card-title">{t('sla.versions.compare')}</Typography.Title>
          <Space style={{ marginBottom: 8 }}>
            <Select aria-label={t('sla.versions.from')} value={a} onChange={setFrom} options={options} style={{ width: 180 }} data-testid="sla-diff-from" />
            →
            <Select aria-label={t('sla.versions.to')} value={b} onChange={setTo} options={options} style={{ width: 180 }} data-testid="sla-diff-to" />
            {diff.data && <Typography.Text>{t('sla.versions.changes', { count: diff.data.changes.length })}</Typography.Text>}
          </Space>
          <Table
            rowKey={(c) => `${c.section}:${c.key}:${c.change}`} size="small" pagination={false} loading={diff.isLoading} data-testid="sla-diff"
            dataSource={diff.data?.changes ?? []} locale={{ emptyText: t('sla.versions.noChanges') }}
            columns={[
              { title: t('sla.versions.section'), dataIndex: 'section' },
              { title: t('sla.versions.key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
              { title: t('sla.versions.change'), dataIndex: 'change', render: (c: string) => <Tag color={changeColor[c]}>{t(`sla.versions.${c}`)}</Tag> },
              { title: t('sla.versions.before'), dataIndex: 'before', render: (v: unknown) => <Json value={v} /> },
              { title: t('sla.versions.after'), dataIndex: 'after', render: (v: unknown) => <Json value={v} /> },
            ]}
          />
        </section>
      )}
      {applying !== undefined && <SlaApplyModal policyId={policyId} version={applying} onClose={() => setApplying(undefined)} />}
      <Drawer open={open !== undefined} size="large" onClose={() => setOpen(undefined)} title={t('sla.versions.readOnlyTitle', { version: open })}>
        {opened.data && <SlaDraftEditor doc={(opened.data.document ?? {}) as PolicyDoc} readOnly errors={undefined} onChange={() => undefined} />}
      </Drawer>
    </Space>
  );
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <>—</>;
  return <pre className="sla-json">{typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value, null, 1)}</pre>;
}
