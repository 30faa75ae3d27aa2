import { useMemo, useState } from 'react';
import { Empty, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useDiff, useVersion } from '../api/queries';
import type { ActivityDescriptor } from '../api/types';
import { colouring } from './model/diff';
import { FlowCanvas } from './canvas/FlowCanvas';

/** Two versions side by side, each drawn with what changed: removed on the left, added on the right, changed on both. */
export function DiffModal({ definitionId, from, to, descriptors, onClose }: {
  definitionId: string; from: number; to: number; descriptors: Map<string, ActivityDescriptor>; onClose: () => void;
}) {
  const { t } = useTranslation();
  const diff = useDiff(definitionId, from, to);
  const left = useVersion(definitionId, from);
  const right = useVersion(definitionId, to);
  const colours = useMemo(() => diff.data && { from: colouring(diff.data, 'from'), to: colouring(diff.data, 'to') }, [diff.data]);
  // the canvases fit their view once the modal has finished opening (while it animates it has no size)
  const [opened, setOpened] = useState(false);
  const ready = opened && diff.data && left.data && right.data && colours;
  return (
    <Modal open width="96vw" style={{ top: 16 }} footer={null} onCancel={onClose} title={t('diff.title', { from, to })} destroyOnHidden
      afterOpenChange={setOpened}>
      {!ready ? <Spin /> : (
        <div className="diff-view" data-testid="diff">
          <Space className="diff-legend" wrap>
            {(['added', 'removed', 'changed', 'moved'] as const).map((c) => <Tag key={c} className={`legend legend-${c}`}>{t(`diff.${c}`)}</Tag>)}
            {diff.data!.isEmpty && <Typography.Text>{t('diff.none')}</Typography.Text>}
          </Space>
          <div className="diff-panes">
            {[{ side: 'from' as const, doc: left.data!, v: from }, { side: 'to' as const, doc: right.data!, v: to }].map(({ side, doc, v }) => (
              <section key={side} className="diff-pane" aria-label={t('diff.version', { version: v })}>
                <Typography.Title level={3} className="panel-subtitle">{t('diff.version', { version: v })} · {t(`status.${doc.status}`)}</Typography.Title>
                <ReactFlowProvider>
                  <FlowCanvas definition={doc.definition} descriptors={descriptors} diff={colours![side]} label={t('diff.version', { version: v })} testId={`diff-${side}`} compact />
                </ReactFlowProvider>
              </section>
            ))}
          </div>
          {diff.data!.activities.length + diff.data!.connections.length === 0 ? <Empty description={t('diff.none')} /> : (
            <List size="small" className="diff-list"
              dataSource={[
                ...diff.data!.activities.map((a) => ({ key: `a-${a.activityId}`, change: a.change, text: `${a.activityId}${a.fields.length ? ` (${a.fields.join(', ')})` : ''}` })),
                ...diff.data!.connections.map((c, i) => ({ key: `c-${i}`, change: c.change, text: `${c.connection.source}.${c.connection.outcome} → ${c.connection.target}` })),
              ]}
              renderItem={(item) => <List.Item key={item.key}><Tag className={`legend legend-${item.change}`}>{t(`diff.${item.change}`)}</Tag>{item.text}</List.Item>} />
          )}
        </div>
      )}
    </Modal>
  );
}
