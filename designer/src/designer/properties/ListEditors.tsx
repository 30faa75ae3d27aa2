import { Button, Checkbox, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ExpressionInput } from './ExpressionInput';

/** A Human task's outcomes: the buttons its assignee chooses from, each a port on the canvas. */
export function OutcomesEditor({ id, value, onChange }: { id: string; value: unknown; onChange: (v: string[]) => void }) {
  const { t } = useTranslation();
  const list = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String((v as { name?: string })?.name ?? ''))) : [];
  return (
    <Space orientation="vertical" className="list-editor" style={{ width: '100%' }}>
      {list.map((name, i) => (
        <Space.Compact key={i} style={{ width: '100%' }}>
          <Input aria-label={t('properties.outcomeName', { n: i + 1 })} value={name} data-testid={`${id}-${i}`}
            onChange={(e) => onChange(list.map((x, j) => (j === i ? e.target.value : x)))} />
          <Button aria-label={t('properties.remove')} icon={<DeleteOutlined />} onClick={() => onChange(list.filter((_, j) => j !== i))} />
        </Space.Compact>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => onChange([...list, t('properties.newOutcome', { n: list.length + 1 })])}>
        {t('properties.addOutcome')}
      </Button>
    </Space>
  );
}

interface Case { name: string; condition: string }

/** A Switch's cases: a name (the port) and a condition (an expression) each. */
export function CasesEditor({ id, value, onChange }: { id: string; value: unknown; onChange: (v: Case[]) => void }) {
  const { t } = useTranslation();
  const list: Case[] = Array.isArray(value)
    ? value.map((c) => ({ name: String((c as Case)?.name ?? ''), condition: String((c as Case)?.condition ?? '') }))
    : [];
  const set = (i: number, patch: Partial<Case>) => onChange(list.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <Space orientation="vertical" className="list-editor" style={{ width: '100%' }}>
      {list.map((c, i) => (
        <div key={i} className="list-row">
          <Space.Compact style={{ width: '100%' }}>
            <Input aria-label={t('properties.caseName', { n: i + 1 })} value={c.name} onChange={(e) => set(i, { name: e.target.value })} />
            <Button aria-label={t('properties.remove')} icon={<DeleteOutlined />} onClick={() => onChange(list.filter((_, j) => j !== i))} />
          </Space.Compact>
          <ExpressionInput id={`${id}-${i}-condition`} kind="expression" value={c.condition}
            label={t('properties.caseCondition', { n: i + 1 })} onChange={(condition) => set(i, { condition })} />
        </div>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => onChange([...list, { name: t('properties.newCase', { n: list.length + 1 }), condition: '' }])}>
        {t('properties.addCase')}
      </Button>
    </Space>
  );
}

interface Field { name: string; label?: string; type?: string; required?: boolean; choices?: string[]; min?: number; max?: number }

const FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'choice'];

/** The form a Human task's assignee fills in. */
export function FormFieldsEditor({ id, value, onChange }: { id: string; value: unknown; onChange: (v: Field[]) => void }) {
  const { t } = useTranslation();
  const list: Field[] = Array.isArray(value) ? (value as Field[]) : [];
  const set = (i: number, patch: Partial<Field>) => onChange(list.map((f, j) => (j === i ? clean({ ...f, ...patch }) : f)));
  return (
    <Space orientation="vertical" className="list-editor" style={{ width: '100%' }}>
      {list.map((f, i) => (
        <fieldset key={i} className="list-row form-field-row">
          <legend>{t('properties.field', { n: i + 1 })}</legend>
          <Space.Compact style={{ width: '100%' }}>
            <Input aria-label={t('properties.fieldName')} placeholder={t('properties.fieldName')} value={f.name}
              onChange={(e) => set(i, { name: e.target.value })} data-testid={`${id}-${i}-name`} />
            <Button aria-label={t('properties.remove')} icon={<DeleteOutlined />} onClick={() => onChange(list.filter((_, j) => j !== i))} />
          </Space.Compact>
          <Input aria-label={t('properties.fieldLabel')} placeholder={t('properties.fieldLabel')} value={f.label ?? ''}
            onChange={(e) => set(i, { label: e.target.value || undefined })} />
          <Space wrap>
            <Select aria-label={t('properties.fieldType')} value={f.type ?? 'text'} style={{ width: 110 }}
              options={FIELD_TYPES.map((x) => ({ value: x, label: t(`fieldType.${x}`) }))} onChange={(type) => set(i, { type })} />
            <Checkbox checked={!!f.required} onChange={(e) => set(i, { required: e.target.checked || undefined })}>{t('properties.required')}</Checkbox>
          </Space>
          {f.type === 'choice' && (
            <Select mode="tags" aria-label={t('properties.choices')} placeholder={t('properties.choices')} value={f.choices ?? []}
              onChange={(choices) => set(i, { choices })} style={{ width: '100%' }} />
          )}
          {f.type === 'number' && (
            <Space>
              <InputNumber aria-label={t('properties.min')} placeholder={t('properties.min')} value={f.min} onChange={(min) => set(i, { min: min ?? undefined })} />
              <InputNumber aria-label={t('properties.max')} placeholder={t('properties.max')} value={f.max} onChange={(max) => set(i, { max: max ?? undefined })} />
            </Space>
          )}
        </fieldset>
      ))}
      <Button icon={<PlusOutlined />} onClick={() => onChange([...list, { name: `field${list.length + 1}`, type: 'text' }])}>
        {t('properties.addField')}
      </Button>
    </Space>
  );
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
