import { tx } from '../../i18n';
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { NODE_WIDTH, nodeHeight, portOffset } from '../model/graph';
import type { ActivityData, ActivityFlowNode } from '../model/elements';

export type { ActivityData, ActivityFlowNode };

function ActivityNodeViewInner({ data, selected }: NodeProps<ActivityFlowNode>) {
  const { t } = useTranslation();
  const { activity, descriptor, ports, errors, change, step } = data;
  const classes = ['activity-node', `kind-${(descriptor?.kind ?? 'Action').toLowerCase()}`];
  if (selected) classes.push('selected');
  if (errors.length) classes.push('has-errors');
  if (change) classes.push(`diff-${change}`);
  if (step) classes.push(`step-${step.state}`);
  const typeLabel = descriptor ? tx(`activity.${descriptor.type}`, descriptor.displayName) : activity.type;
  return (
    <div
      className={classes.join(' ')}
      style={{ width: NODE_WIDTH, height: nodeHeight(ports.length) }}
      data-testid={`node-${activity.id}`}
      data-step={step?.state}
      data-change={change}
      title={errors.join('\n') || (step?.state === 'withdrawn' ? `${t('step.withdrawn')}: ${step.reason ?? ''}` : undefined)}
    >
      {activity.type !== 'Start' && <Handle type="target" position={Position.Left} className="target-handle" isConnectable={!data.readOnly} />}
      <div className="activity-header">
        <div className="activity-title">{data.label}</div>
        {step?.lastAt ? (
          <div className="activity-step" data-testid={`step-${activity.id}`}>
            {new Date(step.lastAt).toLocaleTimeString()}
            {step.durationMs !== undefined && ` · ${formatMs(step.durationMs)}`}
            {step.state === 'withdrawn' ? ` · ${t('step.withdrawn')}` : step.outcomes.length > 0 && ` → ${step.outcomes.join(', ')}`}
          </div>
        ) : (
          <div className="activity-type">
            {typeLabel}
            {data.label !== activity.id && <span className="activity-id"> · {activity.id}</span>}
          </div>
        )}
        {errors.length > 0 && (
          <span className="badge error-badge" aria-label={t('validate.errorsOnActivity', { count: errors.length })}>
            {errors.length}
          </span>
        )}
        {change && <span className={`badge change-badge change-${change}`}>{t(`diff.${change}`)}</span>}
        {step && step.runs > 1 && <span className="badge runs-badge">×{step.runs}</span>}
      </div>
      {ports.map((port, i) => {
        const taken = step?.outcomes.includes(port.name);
        return (
          <div key={port.name} className={`port${port.missing ? ' missing' : ''}${taken ? ' taken' : ''}`} style={{ top: portOffset(i) - 11 }}>
            <span className="port-label">
              {port.name}
              {port.required ? ' *' : ''}
            </span>
            <Handle
              type="source"
              id={port.name}
              position={Position.Right}
              style={{ top: 11 }}
              className="source-handle"
              isConnectable={!data.readOnly}
              data-testid={`port-${activity.id}-${port.name}`}
              title={t('canvas.port', { outcome: port.name })}
            />
          </div>
        );
      })}
    </div>
  );
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export const ActivityNodeView = memo(ActivityNodeViewInner);
