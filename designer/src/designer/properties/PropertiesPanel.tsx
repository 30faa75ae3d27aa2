import { tx } from '../../i18n';
import { useEffect, useState } from 'react';
import { Button, Checkbox, Divider, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor, ActivityNode, WorkflowDefinition } from '../../api/types';
import { activityLabel, edgeId, outcomePorts, renameActivity, setInput, setOutcomeTarget, updateActivity } from '../model/graph';
import type { Selection } from '../model/editor';
import { InputEditor } from './InputEditor';

interface Props {
  definition: WorkflowDefinition;
  descriptors: Map<string, ActivityDescriptor>;
  selection: Selection;
  readOnly?: boolean;
  onChange: (definition: WorkflowDefinition, key?: string, select?: Selection) => void;
  onDelete: () => void;
}

/** The right-hand panel: the selected activity's inputs (generated from its descriptor), a connection, or the flow itself. */
export function PropertiesPanel(props: Props) {
  const { t } = useTranslation();
  const { definition, selection } = props;
  const activity = selection.nodes.length === 1 && selection.edges.length === 0
    ? (definition.activities ?? []).find((a) => a.id === selection.nodes[0]) : undefined;
  const connection = selection.edges.length === 1 && selection.nodes.length === 0
    ? (definition.connections ?? []).find((c) => edgeId(c) === selection.edges[0]) : undefined;
  const count = selection.nodes.length + selection.edges.length;
  return (
    <aside className="properties" aria-label={t('properties.title')} data-testid="properties">
      {activity ? <ActivityProperties {...props} activity={activity} />
        : connection ? (
          <div>
            <Typography.Title level={2} className="panel-title">{t('properties.connection')}</Typography.Title>
            <Typography.Paragraph>{t('properties.connectionText', { source: connection.source, outcome: connection.outcome, target: connection.target })}</Typography.Paragraph>
            {!props.readOnly && <Button danger icon={<DeleteOutlined />} onClick={props.onDelete}>{t('common.delete')}</Button>}
          </div>
        ) : count > 1 ? (
          <div>
            <Typography.Title level={2} className="panel-title">{t('properties.many', { count })}</Typography.Title>
            {!props.readOnly && <Button danger icon={<DeleteOutlined />} onClick={props.onDelete}>{t('common.delete')}</Button>}
          </div>
        ) : <FlowProperties {...props} />}
    </aside>
  );
}

function ActivityProperties({ definition, descriptors, activity, onChange, onDelete, readOnly }: Props & { activity: ActivityNode }) {
  const { t } = useTranslation();
  const descriptor = descriptors.get(activity.type);
  const ports = outcomePorts(activity, descriptor, definition.connections);
  const others = (definition.activities ?? []).filter((a) => a.id !== activity.id && a.type !== 'Start');
  const key = (what: string) => `${activity.id}:${what}`;
  return (
    <fieldset className="properties-body" disabled={readOnly}>
      <Typography.Title level={2} className="panel-title">{activityLabel(activity, descriptor)}</Typography.Title>
      <Typography.Text type="secondary" className="activity-description">
        {descriptor ? tx(`activityDescription.${descriptor.type}`, descriptor.description) : t('properties.unknownType', { type: activity.type })}
      </Typography.Text>
      <IdField activity={activity} definition={definition} onRename={(to) => onChange(renameActivity(definition, activity.id, to), undefined, { nodes: [to], edges: [] })} />
      <div className="input-editor">
        <label htmlFor={`name-${activity.id}`} className="input-label">{t('properties.displayName')}</label>
        <Input id={`name-${activity.id}`} value={activity.displayName ?? ''} data-testid="display-name"
          onChange={(e) => onChange(updateActivity(definition, activity.id, (a) => ({ ...a, displayName: e.target.value || null })), key('displayName'))} />
      </div>
      {(descriptor?.inputs ?? []).map((input) => (
        <InputEditor key={input.name} activityId={activity.id} input={input} value={activity.inputs?.[input.name]}
          activities={(definition.activities ?? []).filter((a) => a.id !== activity.id).map((a) => ({ id: a.id, label: a.displayName || a.id }))}
          onChange={(v) => onChange(setInput(definition, activity.id, input.name, v), key(`input.${input.name}`))} />
      ))}
      {ports.length > 0 && (
        <>
          <Divider />
          <Typography.Title level={3} className="panel-subtitle">{t('properties.next')}</Typography.Title>
          {ports.map((port) => {
            const targets = (definition.connections ?? []).filter((c) => c.source === activity.id && c.outcome === port.name).map((c) => c.target);
            return (
              <div key={port.name} className="input-editor">
                <label htmlFor={`next-${activity.id}-${port.name}`} className="input-label">
                  {t('properties.whenOutcome', { outcome: port.name })}{port.required ? ' *' : ''}
                </label>
                <Select id={`next-${activity.id}-${port.name}`} data-testid={`next-${port.name}`} allowClear style={{ width: '100%' }}
                  placeholder={t('properties.endsHere')} value={targets[0]}
                  aria-label={t('properties.whenOutcome', { outcome: port.name })}
                  options={others.map((a) => ({ value: a.id, label: `${activityLabel(a, descriptors.get(a.type))} (${a.id})` }))}
                  onChange={(target) => onChange(setOutcomeTarget(definition, activity.id, port.name, target ?? null))} />
                {targets.length > 1 && <Typography.Text type="secondary">{t('properties.parallel', { count: targets.length })}</Typography.Text>}
              </div>
            );
          })}
        </>
      )}
      {!readOnly && (
        <>
          <Divider />
          <Button danger icon={<DeleteOutlined />} onClick={onDelete}>{t('properties.deleteActivity')}</Button>
        </>
      )}
    </fieldset>
  );
}

function IdField({ activity, definition, onRename }: { activity: ActivityNode; definition: WorkflowDefinition; onRename: (id: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(activity.id);
  useEffect(() => setText(activity.id), [activity.id]);
  const taken = text !== activity.id && (definition.activities ?? []).some((a) => a.id === text);
  const bad = !/^[A-Za-z0-9_-]+$/.test(text) || taken;
  const commit = () => {
    if (!bad && text !== activity.id) onRename(text);
    else setText(activity.id);
  };
  return (
    <div className="input-editor">
      <label htmlFor={`id-${activity.id}`} className="input-label">{t('properties.id')}</label>
      <Input id={`id-${activity.id}`} value={text} status={bad ? 'error' : undefined} aria-invalid={bad}
        onChange={(e) => setText(e.target.value)} onBlur={commit} onPressEnter={commit} />
      {bad && <Typography.Text type="danger" role="alert">{taken ? t('properties.idTaken') : t('properties.idInvalid')}</Typography.Text>}
    </div>
  );
}

interface Named { name: string; type?: string; required?: boolean; default?: unknown; description?: string | null }

function FlowProperties({ definition, onChange, readOnly }: Props) {
  const { t } = useTranslation();
  const lists = (field: 'inputs' | 'variables') => (definition[field] ?? []) as Named[];
  const setList = (field: 'inputs' | 'variables', list: Named[]) => onChange({ ...definition, [field]: list } as WorkflowDefinition, `flow.${field}`);
  return (
    <fieldset className="properties-body" disabled={readOnly}>
      <Typography.Title level={2} className="panel-title">{t('properties.flow')}</Typography.Title>
      <Typography.Text type="secondary">{t('properties.flowHelp')}</Typography.Text>
      <div className="input-editor">
        <label htmlFor="flow-name" className="input-label">{t('flows.name')}</label>
        <Input id="flow-name" value={definition.name} onChange={(e) => onChange({ ...definition, name: e.target.value }, 'flow.name')} />
      </div>
      <div className="input-editor">
        <label htmlFor="flow-description" className="input-label">{t('properties.description')}</label>
        <Input.TextArea id="flow-description" value={definition.description ?? ''} autoSize={{ minRows: 2 }}
          onChange={(e) => onChange({ ...definition, description: e.target.value || null }, 'flow.description')} />
      </div>
      {(['inputs', 'variables'] as const).map((field) => (
        <div key={field} className="input-editor">
          <Typography.Title level={3} className="panel-subtitle">{t(`properties.${field}`)}</Typography.Title>
          <Typography.Text type="secondary" className="input-help">{t(`properties.${field}Help`)}</Typography.Text>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {lists(field).map((item, i) => (
              <Space.Compact key={i} style={{ width: '100%' }}>
                <Input aria-label={t('properties.itemName', { n: i + 1 })} value={item.name} placeholder={t('properties.name')}
                  onChange={(e) => setList(field, lists(field).map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
                {field === 'variables' ? (
                  <Input aria-label={t('properties.itemDefault', { n: i + 1 })} placeholder={t('properties.defaultValue')}
                    value={item.default === undefined || item.default === null ? '' : JSON.stringify(item.default)}
                    onChange={(e) => {
                      let v: unknown = e.target.value;
                      try { v = e.target.value === '' ? null : JSON.parse(e.target.value); } catch { /* a plain string */ }
                      setList(field, lists(field).map((x, j) => (j === i ? { ...x, default: v } : x)));
                    }} />
                ) : (
                  <Checkbox className="compact-check" checked={!!item.required}
                    onChange={(e) => setList(field, lists(field).map((x, j) => (j === i ? { ...x, required: e.target.checked } : x)))}>
                    {t('properties.required')}
                  </Checkbox>
                )}
                <Button aria-label={t('properties.remove')} icon={<DeleteOutlined />} onClick={() => setList(field, lists(field).filter((_, j) => j !== i))} />
              </Space.Compact>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => setList(field, [...lists(field), { name: `${field === 'inputs' ? 'input' : 'variable'}${lists(field).length + 1}` }])}>
              {t(`properties.add_${field}`)}
            </Button>
          </Space>
        </div>
      ))}
    </fieldset>
  );
}
