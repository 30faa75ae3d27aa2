import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import {
  ACTIONS, CLOCKS, CONTRACT_LEVELS, DAYS, PRIORITIES, REQUEST_TYPES, STATUSES, TARGETS, TARGET_KINDS, TIERS,
  duration, errorsUnder, formatIntervals, mergeHolidays, move, newRuleId, parseIntervals,
  type CalendarDoc, type EscalationDoc, type MatchDoc, type PolicyDoc, type RuleDoc, type TargetsDoc,
} from './model';
import { DragHandle, SortableRow, SortableRows } from './SortableRows';

type Errors = Record<string, string[]> | undefined;

interface Props { doc: PolicyDoc; onChange: (doc: PolicyDoc) => void; errors: Errors; readOnly: boolean }

/** The draft of a policy: rules in order, default rule, calendar with holidays, pauses, escalation steps. */
export function SlaDraftEditor({ doc, onChange, errors, readOnly }: Props) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <RulesCard doc={doc} onChange={onChange} errors={errors} readOnly={readOnly} />
      <CalendarCard calendar={doc.calendar ?? {}} onChange={(calendar) => onChange({ ...doc, calendar })} errors={errors} readOnly={readOnly} />
      <Card title={<h2 className="sla-card-title">{t('sla.pauses.title')}</h2>} size="small">
        <Typography.Paragraph type="secondary" id="sla-pauses-help">{t('sla.pauses.help')}</Typography.Paragraph>
        <Select mode="tags" style={{ width: '100%' }} disabled={readOnly} aria-label={t('sla.pauses.title')} aria-describedby="sla-pauses-help"
          data-testid="sla-pauses" value={doc.pauseStatuses ?? []} onChange={(v) => onChange({ ...doc, pauseStatuses: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`sla.enum.${s}`) }))} />
        <FieldErrors errors={errorsUnder(errors, 'document.pauseStatuses')} />
      </Card>
      <EscalationsCard steps={doc.escalations ?? []} onChange={(escalations) => onChange({ ...doc, escalations })} errors={errors} readOnly={readOnly} />
    </Space>
  );
}

function FieldErrors({ errors }: { errors: { field: string; messages: string[] }[] }) {
  if (errors.length === 0) return null;
  return (
    <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }}
      title={<ul className="sla-errors">{errors.flatMap((e) => e.messages.map((m) => <li key={e.field + m}>{e.field && <code>{e.field}</code>} {m}</li>))}</ul>} />
  );
}

function useTargetText() {
  const { t } = useTranslation();
  const units = { d: t('sla.units.d'), h: t('sla.units.h'), min: t('sla.units.min') };
  return (targets: TargetsDoc | null | undefined) =>
    TARGETS.map((k) => {
      const target = targets?.[k];
      return target?.minutes
        ? `${t(`sla.target.${k}`)} ${duration(target.minutes, units)} (${t(`sla.target.${target.clock ?? 'BusinessHours'}`)})`
        : null;
    }).filter(Boolean).join(' · ') || t('sla.target.none');
}

function RulesCard({ doc, onChange, errors, readOnly }: Props) {
  const { t } = useTranslation();
  const targetText = useTargetText();
  const rules = doc.rules ?? [];
  const [editing, setEditing] = useState<{ index: number; rule: RuleDoc } | null>(null);
  const setRules = (next: RuleDoc[]) => onChange({ ...doc, rules: next });
  // row keys by position (a rule's id may be duplicated or empty while it is edited): drag ids and antd row keys
  const rowKeys = rules.map((_, i) => `rule-${i + 1}`);
  const matchText = (m: MatchDoc | null | undefined) => {
    const parts = (['requestTypes', 'priorities', 'customerTiers', 'contractLevels', 'regions', 'productLines'] as const)
      .filter((k) => m?.[k]?.length)
      .map((k) => `${t(`sla.rules.${k}`)}: ${m![k]!.map((v) => (t(`sla.enum.${v}`, { defaultValue: v }))).join(', ')}`);
    return parts.length ? parts.join('; ') : t('sla.rules.anything');
  };
  return (
    <Card size="small" title={<h2 className="sla-card-title">{t('sla.rules.title')}</h2>}
      extra={!readOnly && <Button icon={<PlusOutlined />} data-testid="sla-add-rule"
        onClick={() => setEditing({ index: rules.length, rule: { id: newRuleId(rules), match: {}, targets: {} } })}>{t('sla.rules.add')}</Button>}>
      <Typography.Paragraph type="secondary">{t('sla.rules.help')}</Typography.Paragraph>
      <SortableRows ids={rowKeys} labels={Object.fromEntries(rules.map((r, i) => [rowKeys[i], r.id ?? '']))}
        onMove={(from, to) => setRules(move(rules, from, to - from))}>
      <Table<RuleDoc & { index: number }>
        rowKey={(r) => rowKeys[r.index]} size="small" pagination={false} data-testid="sla-rules"
        components={readOnly ? undefined : { body: { row: SortableRow } }}
        dataSource={rules.map((r, index) => ({ ...r, index }))}
        rowClassName={(r) => (errorsUnder(errors, `document.rules[${r.index}]`).length ? 'sla-row-error' : '')}
        columns={[
          ...(readOnly ? [] : [{
            title: <span className="sla-visually-hidden">{t('sla.drag.column')}</span>, key: 'drag', width: 40,
            render: (_: unknown, r: RuleDoc & { index: number }) => <DragHandle label={t('sla.drag.handle', { id: r.id })} testId={`sla-drag-${r.id}`} />,
          }]),
          { title: t('sla.rules.order'), dataIndex: 'index', width: 48, render: (i: number) => i + 1 },
          {
            title: t('sla.rules.id'), dataIndex: 'id',
            render: (id: string, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text code>{id}</Typography.Text>
                <FieldErrors errors={errorsUnder(errors, `document.rules[${r.index}]`)} />
              </Space>
            ),
          },
          { title: t('sla.rules.match'), key: 'match', render: (_, r) => matchText(r.match) },
          { title: t('sla.rules.targets'), key: 'targets', render: (_, r) => (r.noSla ? <Tag>{t('sla.rules.noSla')}</Tag> : targetText(r.targets)) },
          ...(readOnly ? [] : [{
            title: '', key: 'actions', width: 170,
            render: (_: unknown, r: RuleDoc & { index: number }) => (
              <Space size={0}>
                <Button type="text" icon={<ArrowUpOutlined />} aria-label={t('sla.rules.up', { id: r.id })} disabled={r.index === 0}
                  onClick={() => setRules(move(rules, r.index, -1))} />
                <Button type="text" icon={<ArrowDownOutlined />} aria-label={t('sla.rules.down', { id: r.id })} disabled={r.index === rules.length - 1}
                  onClick={() => setRules(move(rules, r.index, 1))} />
                <Button type="text" icon={<EditOutlined />} aria-label={t('sla.rules.edit', { id: r.id })} data-testid={`sla-edit-rule-${r.id}`}
                  onClick={() => setEditing({ index: r.index, rule: rules[r.index] })} />
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('sla.rules.remove', { id: r.id })}
                  onClick={() => setRules(rules.filter((_, i) => i !== r.index))} />
              </Space>
            ),
          }]),
        ]}
      />
      </SortableRows>
      <div className="sla-default-rule" data-testid="sla-default-rule">
        <Typography.Text strong>{t('sla.rules.default')}: </Typography.Text>
        {targetText(doc.defaultTargets)}
        {!readOnly && <Button type="link" icon={<EditOutlined />} aria-label={t('sla.rules.edit', { id: t('sla.rules.default') })}
          onClick={() => setEditing({ index: -1, rule: { id: 'default', targets: doc.defaultTargets ?? {} } })} />}
        <FieldErrors errors={errorsUnder(errors, 'document.defaultTargets')} />
        <FieldErrors errors={errorsUnder(errors, 'document.rules').filter((e) => e.field === '')} />
      </div>
      {editing && (
        <RuleModal rule={editing.rule} isDefault={editing.index < 0} onCancel={() => setEditing(null)}
          onOk={(rule) => {
            if (editing.index < 0) onChange({ ...doc, defaultTargets: rule.targets });
            else setRules(editing.index >= rules.length ? [...rules, rule] : rules.map((r, i) => (i === editing.index ? rule : r)));
            setEditing(null);
          }} />
      )}
    </Card>
  );
}

function RuleModal({ rule, isDefault, onOk, onCancel }: { rule: RuleDoc; isDefault: boolean; onOk: (r: RuleDoc) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const options = (values: string[]) => values.map((v) => ({ value: v, label: t(`sla.enum.${v}`, { defaultValue: v }) }));
  const noSla = Form.useWatch('noSla', form);
  return (
    <Modal open title={isDefault ? t('sla.rules.default') : t('sla.rules.editTitle')} onCancel={onCancel} onOk={() => form.submit()} width={760}
      okText="OK" cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={rule} onFinish={(v: RuleDoc) => onOk({ ...rule, ...v, targets: v.noSla ? null : clean(v.targets) })}>
        {!isDefault && (
          <>
            <Form.Item name="id" label={t('sla.rules.id')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]+$/ }]}><Input /></Form.Item>
            <Space wrap style={{ width: '100%' }} className="sla-match">
              {([['requestTypes', REQUEST_TYPES], ['priorities', PRIORITIES], ['customerTiers', TIERS], ['contractLevels', CONTRACT_LEVELS]] as const).map(([k, values]) => (
                <Form.Item key={k} name={['match', k]} label={t(`sla.rules.${k}`)} style={{ minWidth: 320 }}>
                  <Select mode="multiple" allowClear options={options([...values])} />
                </Form.Item>
              ))}
              {(['regions', 'productLines'] as const).map((k) => (
                <Form.Item key={k} name={['match', k]} label={t(`sla.rules.${k}`)} extra={t('sla.rules.typeToAdd')} style={{ minWidth: 320 }}>
                  <Select mode="tags" open={false} suffixIcon={null} />
                </Form.Item>
              ))}
            </Space>
            <Form.Item name="noSla" label={t('sla.rules.noSla')} valuePropName="checked" extra={t('sla.rules.noSlaHelp')}><Switch /></Form.Item>
          </>
        )}
        {!noSla && TARGETS.map((k) => (
          <fieldset key={k} className="sla-target">
            <legend>{t(`sla.target.${k}`)}</legend>
            <Space wrap>
              <Form.Item name={['targets', k, 'minutes']} label={t('sla.target.minutes')}><InputNumber min={1} max={525600} /></Form.Item>
              <Form.Item name={['targets', k, 'clock']} label={t('sla.target.clock')}>
                <Select style={{ width: 180 }} allowClear placeholder={t('sla.target.BusinessHours')}
                  options={CLOCKS.map((c) => ({ value: c, label: t(`sla.target.${c}`) }))} />
              </Form.Item>
              <Form.Item name={['targets', k, 'startsAt']} label={t('sla.target.startsAt')}>
                <Select style={{ width: 180 }} allowClear placeholder={t('sla.target.Opened')}
                  options={['Opened', 'WorkStarted'].map((c) => ({ value: c, label: t(`sla.target.${c}`) }))} />
              </Form.Item>
            </Space>
          </fieldset>
        ))}
      </Form>
    </Modal>
  );
}

/** Targets without minutes are no targets. */
function clean(targets: TargetsDoc | null | undefined): TargetsDoc {
  const out: TargetsDoc = {};
  for (const k of TARGETS) if (targets?.[k]?.minutes) out[k] = { ...targets[k], clock: targets[k]!.clock ?? null, startsAt: targets[k]!.startsAt ?? null };
  return out;
}

function CalendarCard({ calendar, onChange, errors, readOnly }: { calendar: CalendarDoc; onChange: (c: CalendarDoc) => void; errors: Errors; readOnly: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const hours = calendar.hours ?? {};
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(DAYS.map((d) => [d, formatIntervals(hours[d])])));
  const [bad, setBad] = useState<Record<string, string | undefined>>({});
  const setDay = (day: string, text: string) => {
    setTexts({ ...texts, [day]: text });
    const { intervals, error } = parseIntervals(text);
    setBad({ ...bad, [day]: error });
    if (error) return;
    const next = { ...hours };
    if (text.trim() === '') delete next[day];
    else next[day] = intervals;
    onChange({ ...calendar, hours: next });
  };
  const importIcs = async (file: File) => {
    try {
      const text = await file.text();
      const answer = unwrap(await api.POST('/api/sla-policies/holidays/read-ics', {
        params: { query: { timeZone: calendar.timeZone ?? undefined } },
        body: text as never,
        bodySerializer: (b) => b as string,
        headers: { 'Content-Type': 'text/calendar' },
      }));
      const merged = mergeHolidays(calendar.holidays, answer.holidays.map((h) => h.date));
      onChange({ ...calendar, holidays: merged.holidays });
      void message.success(t('sla.calendar.imported', { added: merged.added, count: answer.count }));
    } catch (e) {
      const problem = e instanceof ApiError ? e.problem : undefined;
      const errs = (problem?.errors ?? {}) as Record<string, string[]>;
      void message.error(errs.file?.[0] ?? (e instanceof Error ? e.message : String(e)));
    }
    return false;
  };
  const regional = calendar.regional ?? [];
  return (
    <Card size="small" title={<h2 className="sla-card-title">{t('sla.calendar.title')}</h2>}>
      <Space wrap>
        <label>{t('sla.calendar.name')} <Input style={{ width: 220 }} disabled={readOnly} value={calendar.name ?? ''} onChange={(e) => onChange({ ...calendar, name: e.target.value })} /></label>
        <label>{t('sla.calendar.timeZone')} <Input style={{ width: 220 }} disabled={readOnly} value={calendar.timeZone ?? ''} data-testid="sla-timezone"
          onChange={(e) => onChange({ ...calendar, timeZone: e.target.value })} /></label>
      </Space>
      <FieldErrors errors={errorsUnder(errors, 'document.calendar').filter((e) => !e.field.startsWith('regional'))} />
      <h3 className="sla-subtitle">{t('sla.calendar.hours')}</h3>
      <Typography.Paragraph type="secondary" id="sla-hours-help">{t('sla.calendar.hoursHelp')}</Typography.Paragraph>
      <div className="sla-hours">
        {DAYS.map((day) => (
          <div key={day} className="sla-hours-row">
            <label htmlFor={`sla-hours-${day}`}>{t(`sla.calendar.day.${day}`)}</label>
            <Input id={`sla-hours-${day}`} data-testid={`sla-hours-${day}`} disabled={readOnly} value={texts[day]} status={bad[day] ? 'error' : undefined}
              aria-describedby="sla-hours-help" aria-invalid={!!bad[day]} placeholder="09:00-12:00, 13:00-18:00" onChange={(e) => setDay(day, e.target.value)} />
            {bad[day] && <Typography.Text type="danger" role="alert">{t('sla.calendar.badIntervals', { part: bad[day] })}</Typography.Text>}
          </div>
        ))}
      </div>
      <h3 className="sla-subtitle">{t('sla.calendar.holidays')}</h3>
      <Space wrap data-testid="sla-holidays">
        {(calendar.holidays ?? []).map((d) => (
          <Tag key={d} closable={!readOnly} closeIcon={!readOnly ? <DeleteOutlined aria-label={t('sla.calendar.removeHoliday', { date: d })} /> : undefined}
            onClose={() => onChange({ ...calendar, holidays: (calendar.holidays ?? []).filter((x) => x !== d) })}>{d}</Tag>
        ))}
      </Space>
      {!readOnly && (
        <Space style={{ marginTop: 8 }}>
          <DatePicker aria-label={t('sla.calendar.addHoliday')} placeholder={t('sla.calendar.addHoliday')}
            onChange={(d) => d && onChange({ ...calendar, holidays: mergeHolidays(calendar.holidays, [d.format('YYYY-MM-DD')]).holidays })} />
          <Upload accept=".ics,text/calendar" showUploadList={false} beforeUpload={importIcs}>
            <Button icon={<UploadOutlined />} data-testid="sla-import-ics">{t('sla.calendar.importIcs')}</Button>
          </Upload>
        </Space>
      )}
      <h3 className="sla-subtitle">{t('sla.calendar.regional')}</h3>
      <Typography.Paragraph type="secondary">{t('sla.calendar.regionalHelp')}</Typography.Paragraph>
      {regional.map((r, i) => (
        <Space key={i} wrap className="sla-regional" align="start">
          <Input aria-label={t('sla.calendar.regionalName')} placeholder={t('sla.calendar.regionalName')} disabled={readOnly} value={r.name ?? ''} style={{ width: 160 }}
            onChange={(e) => onChange({ ...calendar, regional: regional.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
          <Select mode="tags" open={false} aria-label={t('sla.calendar.regionalRegions')} placeholder={t('sla.calendar.regionalRegions')} disabled={readOnly}
            value={r.regions ?? []} style={{ minWidth: 200 }} onChange={(v) => onChange({ ...calendar, regional: regional.map((x, j) => (j === i ? { ...x, regions: v } : x)) })} />
          <Select mode="tags" open={false} aria-label={t('sla.calendar.holidays')} placeholder="2026-10-08" disabled={readOnly}
            value={r.holidays ?? []} style={{ minWidth: 260 }} onChange={(v) => onChange({ ...calendar, regional: regional.map((x, j) => (j === i ? { ...x, holidays: v } : x)) })} />
          {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('sla.calendar.removeRegional', { name: r.name ?? i + 1 })}
            onClick={() => onChange({ ...calendar, regional: regional.filter((_, j) => j !== i) })} />}
          <FieldErrors errors={errorsUnder(errors, `document.calendar.regional[${i}]`)} />
        </Space>
      ))}
      {!readOnly && <Button icon={<PlusOutlined />} onClick={() => onChange({ ...calendar, regional: [...regional, { name: '', regions: [], holidays: [] }] })}>
        {t('sla.calendar.addRegional')}</Button>}
    </Card>
  );
}

function EscalationsCard({ steps, onChange, errors, readOnly }: { steps: EscalationDoc[]; onChange: (s: EscalationDoc[]) => void; errors: Errors; readOnly: boolean }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<EscalationDoc>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Card size="small" title={<h2 className="sla-card-title">{t('sla.escalations.title')}</h2>}
      extra={!readOnly && <Button icon={<PlusOutlined />} onClick={() => onChange([...steps, { target: 'FirstResponse', atPercent: 75, action: 'sla.warning' }])}>{t('sla.escalations.add')}</Button>}>
      <Table<EscalationDoc & { index: number }>
        rowKey="index" size="small" pagination={false} data-testid="sla-escalations"
        dataSource={steps.map((s, index) => ({ ...s, index }))}
        columns={[
          {
            title: t('sla.escalations.target'), dataIndex: 'target',
            render: (v: string, s) => <Select disabled={readOnly} value={v} style={{ width: 150 }} aria-label={`${t('sla.escalations.target')} ${s.index + 1}`}
              onChange={(target) => set(s.index, { target })} options={TARGET_KINDS.map((k) => ({ value: k, label: t(`sla.target.${k}`) }))} />,
          },
          {
            title: t('sla.escalations.when'), key: 'when',
            render: (_, s) => {
              const percent = s.minutesBeforeDue == null;
              return (
                <Space.Compact>
                  <InputNumber disabled={readOnly} min={0} max={1000} value={percent ? s.atPercent : s.minutesBeforeDue} style={{ width: 90 }}
                    aria-label={`${t('sla.escalations.when')} ${s.index + 1}`}
                    onChange={(n) => set(s.index, percent ? { atPercent: n, minutesBeforeDue: null } : { minutesBeforeDue: n, atPercent: null })} />
                  <Select disabled={readOnly} value={percent ? 'p' : 'm'} style={{ width: 150 }} aria-label={`${t('sla.escalations.when')} ${s.index + 1} unit`}
                    onChange={(u) => set(s.index, u === 'p' ? { atPercent: s.minutesBeforeDue ?? 75, minutesBeforeDue: null } : { minutesBeforeDue: s.atPercent ?? 30, atPercent: null })}
                    options={[{ value: 'p', label: t('sla.escalations.atPercent') }, { value: 'm', label: t('sla.escalations.minutesBeforeDue') }]} />
                </Space.Compact>
              );
            },
          },
          {
            title: t('sla.escalations.action'), dataIndex: 'action',
            render: (v: string, s) => <Select disabled={readOnly} value={v} style={{ width: 190 }} aria-label={`${t('sla.escalations.action')} ${s.index + 1}`}
              onChange={(action) => set(s.index, { action })}
              options={[...new Set([...ACTIONS, v])].map((a) => ({ value: a, label: t(`sla.escalations.actions.${a}`, { defaultValue: a }) }))} />,
          },
          {
            title: t('sla.escalations.detail'), key: 'detail',
            render: (_, s) => s.action === 'email' ? (
              <Input disabled={readOnly} value={s.emailTo ?? ''} placeholder={t('sla.escalations.emailHelp')} aria-label={`${t('sla.escalations.detail')} ${s.index + 1}`}
                onChange={(e) => set(s.index, { emailTo: e.target.value })} />
            ) : s.action === 'raise-priority' ? (
              <Select disabled={readOnly} allowClear value={s.priority ?? undefined} style={{ width: 140 }} aria-label={`${t('sla.escalations.detail')} ${s.index + 1}`}
                onChange={(priority) => set(s.index, { priority: priority ?? null })} options={PRIORITIES.map((p) => ({ value: p, label: t(`sla.enum.${p}`) }))} />
            ) : s.action === 'reassign' ? (
              <Input disabled={readOnly} value={s.team ?? ''} aria-label={`${t('sla.escalations.detail')} ${s.index + 1}`} onChange={(e) => set(s.index, { team: e.target.value })} />
            ) : null,
          },
          {
            title: '', key: 'x', width: 48,
            render: (_, s) => (
              <Space orientation="vertical" size={0}>
                {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('sla.escalations.remove', { n: s.index + 1 })}
                  onClick={() => onChange(steps.filter((_, j) => j !== s.index))} />}
              </Space>
            ),
          },
        ]}
      />
      <FieldErrors errors={errorsUnder(errors, 'document.escalations')} />
    </Card>
  );
}
