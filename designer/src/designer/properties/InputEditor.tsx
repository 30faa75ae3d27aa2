import { tx } from '../../i18n';
import { useEffect, useState } from 'react';
import { Input, InputNumber, Segmented, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFlows } from '../../api/queries';
import type { InputDescriptor } from '../../api/types';
import { convert, isDuration, modeOf, scriptOf, type ValueMode } from '../model/values';
import { ExpressionInput } from './ExpressionInput';
import { CasesEditor, FormFieldsEditor, OutcomesEditor } from './ListEditors';
import { DirectoryPicker, type DirectoryKind } from './DirectoryPicker';

const LIST_HINTS = new Set(['outcomes', 'cases', 'form-fields']);

/** One input of an activity: the editor its descriptor's uiHint and type ask for, literal or expression/template. */
export function InputEditor({ activityId, input, value, onChange, activities = [] }: {
  activityId: string; input: InputDescriptor; value: unknown; onChange: (value: unknown) => void;
  /** The flow's other activities, for inputs that name one (a milestone). */
  activities?: { id: string; label: string }[];
}) {
  const { t } = useTranslation();
  const id = `input-${activityId}-${input.name}`;
  const mode = modeOf(value);
  const label = tx(`input.${input.name}`, input.displayName);
  const scriptFirst = input.uiHint === 'expression';
  const shownMode: ValueMode = value === undefined && scriptFirst && input.expressionAllowed ? 'expression' : mode;
  const modes: { value: ValueMode; label: string }[] = [
    { value: 'literal', label: t('properties.literal') },
    { value: 'expression', label: t('properties.expression') },
  ];
  if (input.type === 'string' || input.type === 'datetime') modes.push({ value: 'template', label: t('properties.template') });

  return (
    <div className="input-editor" data-testid={id}>
      <div className="input-label-row">
        <label htmlFor={id} className="input-label">
          {label}
          {input.required && <span className="required-mark" aria-label={t('properties.required')}> *</span>}
        </label>
        {input.expressionAllowed && !LIST_HINTS.has(input.uiHint) && (
          <Segmented size="small" aria-label={t('properties.modeFor', { name: label })} value={shownMode} options={modes}
            onChange={(m) => onChange(convert(value, m as ValueMode))} data-testid={`${id}-mode`} />
        )}
      </div>
      {input.description && (
        <Typography.Text type="secondary" className="input-help">{tx(`inputHelp.${input.name}`, input.description, { example: '{{ input.customerName }}' })}</Typography.Text>
      )}
      {shownMode === 'literal'
        ? <LiteralEditor id={id} input={input} value={value} onChange={onChange} label={label} activities={activities} />
        : <ExpressionInput id={id} label={label} kind={shownMode} value={scriptOf(value)}
            onChange={(text) => onChange(shownMode === 'template' ? { template: text } : { expression: text })} />}
      {input.default !== undefined && input.default !== null && (
        <Typography.Text type="secondary" className="input-default">
          {t('properties.default', { value: typeof input.default === 'string' ? input.default : JSON.stringify(input.default) })}
        </Typography.Text>
      )}
    </div>
  );
}

function LiteralEditor({ id, input, value, onChange, label, activities }: {
  id: string; input: InputDescriptor; value: unknown; onChange: (v: unknown) => void; label: string; activities: { id: string; label: string }[];
}) {
  const { t } = useTranslation();
  const placeholder = input.default !== undefined && input.default !== null && typeof input.default !== 'object' ? String(input.default) : undefined;
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  const setText = (s: string) => onChange(s === '' ? undefined : s);
  switch (input.uiHint) {
    case 'outcomes':
      return <OutcomesEditor id={id} value={value ?? input.default} onChange={onChange} />;
    case 'cases':
      return <CasesEditor id={id} value={value} onChange={onChange} />;
    case 'form-fields':
      return <FormFieldsEditor id={id} value={value} onChange={onChange} />;
    case 'multiline':
      return <Input.TextArea id={id} aria-label={label} value={text} placeholder={placeholder} autoSize={{ minRows: 2, maxRows: 8 }} onChange={(e) => setText(e.target.value)} />;
    case 'number':
      return <InputNumber id={id} aria-label={label} value={typeof value === 'number' ? value : null} style={{ width: '100%' }} onChange={(n) => onChange(n ?? undefined)} />;
    case 'checkbox':
      return <Switch id={id} aria-label={label} checked={value === true} onChange={(on) => onChange(on)} />;
    case 'dropdown':
      return (
        <Select id={id} aria-label={label} allowClear value={typeof value === 'string' ? value : undefined} placeholder={placeholder}
          options={(input.choices ?? []).map((c) => ({ value: c, label: tx(`choice.${c}`, c) }))}
          onChange={(v) => onChange(v ?? undefined)} style={{ width: '100%' }} />
      );
    case 'duration': {
      const bad = text !== '' && !isDuration(text);
      return (
        <>
          <Input id={id} aria-label={label} value={text} placeholder={placeholder ?? 'PT4H, 2d, 00:30:00'} status={bad ? 'error' : undefined}
            aria-invalid={bad} onChange={(e) => setText(e.target.value)} />
          {bad && <Typography.Text type="danger" role="alert">{t('properties.badDuration')}</Typography.Text>}
        </>
      );
    }
    case 'datetime':
      return <Input id={id} aria-label={label} value={text} placeholder="2026-12-24T17:00:00Z" onChange={(e) => setText(e.target.value)} />;
    case 'json':
      return <JsonEditor id={id} label={label} value={value} onChange={onChange} />;
    case 'user':
    case 'team':
    case 'role':
      return <DirectoryPicker id={id} kind={input.uiHint as DirectoryKind} label={label} value={typeof value === 'string' ? value : undefined} onChange={onChange} />;
    case 'activity':
      return (
        <Select id={id} aria-label={label} data-testid={`${id}-picker`} showSearch={{ optionFilterProp: 'label' }} allowClear virtual={false}
          value={typeof value === 'string' ? value : undefined} style={{ width: '100%' }}
          options={activities.map((a) => ({ value: a.id, label: a.label === a.id ? a.id : `${a.label} (${a.id})` }))}
          onChange={(v) => onChange(v ?? undefined)} />
      );
    case 'definition':
      return <FlowPicker id={id} label={label} value={typeof value === 'string' ? value : undefined} onChange={onChange} />;
    case 'expression':
      return input.type === 'json' ? <JsonEditor id={id} label={label} value={value} onChange={onChange} /> : (
        <Input id={id} aria-label={label} value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
      );
    default:
      return <Input id={id} aria-label={label} value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />;
  }
}

/** A JSON literal: kept as text while it does not parse, applied when it does. */
function JsonEditor({ id, label, value, onChange }: { id: string; label: string; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText((current) => {
      try {
        return current.trim() !== '' && JSON.stringify(JSON.parse(current)) === JSON.stringify(value) ? current : shown;
      } catch {
        return current;
      }
    });
  }, [shown, value]);
  return (
    <>
      <Input.TextArea id={id} aria-label={label} className="code" value={text} autoSize={{ minRows: 2, maxRows: 10 }} status={bad ? 'error' : undefined}
        aria-invalid={bad} spellCheck={false} onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') { setBad(false); onChange(undefined); return; }
          try { onChange(JSON.parse(e.target.value)); setBad(false); } catch { setBad(true); }
        }} />
      {bad && <Typography.Text type="danger" role="alert">{t('properties.badJson')}</Typography.Text>}
    </>
  );
}

function FlowPicker({ id, label, value, onChange }: { id: string; label: string; value?: string; onChange: (v: unknown) => void }) {
  const flows = useFlows();
  return (
    <Select id={id} aria-label={label} showSearch allowClear value={value} style={{ width: '100%' }} loading={flows.isLoading}
      options={(flows.data ?? []).map((f) => ({ value: f.definitionId, label: `${f.name} (${f.definitionId})` }))}
      onChange={(v) => onChange(v ?? undefined)} />
  );
}
