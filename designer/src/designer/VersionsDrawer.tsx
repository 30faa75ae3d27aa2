import { useState } from 'react';
import { Button, Drawer, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useVersions } from '../api/queries';
import type { VersionSummary } from '../api/types';

const statusColour = { Draft: 'gold', Published: 'green', Retired: 'default' } as const;

/** Every version of the flow: pick two to compare, or restore one as the draft. */
export function VersionsDrawer({ definitionId, open, onClose, onCompare, onRestore }: {
  definitionId: string; open: boolean; onClose: () => void;
  onCompare: (from: number, to: number) => void; onRestore: (version: number) => void;
}) {
  const { t } = useTranslation();
  const versions = useVersions(definitionId, open);
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const list = versions.data ?? [];
  const left = from ?? list[1]?.version;
  const right = to ?? list[0]?.version;
  return (
    <Drawer open={open} onClose={onClose} title={t('versions.title')} size="large" data-testid="versions">
      <Table<VersionSummary>
        size="small"
        rowKey="version"
        loading={versions.isLoading}
        dataSource={list}
        pagination={false}
        columns={[
          { title: t('versions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('versions.status'), dataIndex: 'status', render: (s: VersionSummary['status']) => <Tag color={statusColour[s]}>{t(`status.${s}`)}</Tag> },
          {
            title: t('versions.when'), key: 'when',
            render: (_, v) => new Date(v.publishedAt ?? v.createdAt).toLocaleString(),
          },
          { title: t('versions.comment'), dataIndex: 'comment', render: (c: string | null) => c ?? '' },
          {
            title: t('versions.compareFrom'), key: 'from',
            render: (_, v) => <Radio checked={left === v.version} onChange={() => setFrom(v.version)} aria-label={t('versions.pickFrom', { version: v.version })} />,
          },
          {
            title: t('versions.compareTo'), key: 'to',
            render: (_, v) => <Radio checked={right === v.version} onChange={() => setTo(v.version)} aria-label={t('versions.pickTo', { version: v.version })} />,
          },
          {
            title: '', key: 'restore',
            render: (_, v) => v.status !== 'Draft' && (
              <Popconfirm title={t('versions.restoreConfirm', { version: v.version })} okText={t('versions.restore')} cancelText={t('common.cancel')}
                onConfirm={() => onRestore(v.version)}>
                <Button size="small" data-testid={`restore-${v.version}`}>{t('versions.restore')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Space className="drawer-actions">
        <Button type="primary" disabled={left === undefined || right === undefined || left === right}
          onClick={() => onCompare(left!, right!)} data-testid="compare">
          {t('versions.compare', { from: left ?? '–', to: right ?? '–' })}
        </Button>
        <Typography.Text type="secondary">{t('versions.compareHelp')}</Typography.Text>
      </Space>
    </Drawer>
  );
}
