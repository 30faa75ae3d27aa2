import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { useMe } from '../auth/useSession';
import { fieldErrors } from '../intake/api';
import { formatDate, formatDateTime } from '../intake/format';
import { AssigneePicker, choiceOf } from './AssigneePicker';
import { Attachments } from '../attachments/Attachments';
import { CommentThread } from './CommentThread';
import { completeTask, type FormField, type InboxRow, reassignTask, recordArticleUse, taskAction, useTaskDetail } from './inboxApi';
import { SlaCountdown } from './SlaCountdown';

/** A form field rendered by its type: text, number, boolean, date, choice. */
function FieldInput({ field, ...rest }: { field: FormField }) {
  switch (field.type) {
    case 'number': return <InputNumber {...rest} min={field.min ?? undefined} max={field.max ?? undefined} style={{ width: '100%' }} />;
    case 'boolean': return <Checkbox {...rest} />;
    case 'date': return <DatePicker {...rest} style={{ width: '100%' }} />;
    case 'choice': return <Select {...rest} options={(field.choices ?? []).map((c) => ({ value: c, label: c }))} />;
    default: return <Input {...rest} maxLength={field.maxLength ?? undefined} />;
  }
}

/**
 * One task beside the list: its form (from formFields, the server's messages on the fields), its outcomes as buttons
 * (1–9 from the keyboard), claim/give back, the conflict when someone else got there first, and the request with its
 * customer, product and warranty, SLA and knowledge-base suggestions ("use" records the use).
 */
export function TaskDetail({ id, onClose, keys = true, supervisor = false }: { id: string; onClose: () => void; keys?: boolean; supervisor?: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const detail = useTaskDetail(id);
  const me = useMe();
  const [form] = Form.useForm();
  const client = useQueryClient();
  const [conflict, setConflict] = useState<{ detail: string; task?: InboxRow }>();
  const [used, setUsed] = useState<string[]>([]);
  const [reassignTo, setReassignTo] = useState<string>();
  const row = detail.data?.task;
  const refresh = () => void client.invalidateQueries({ queryKey: ['inbox'] });

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      setConflict({ detail: e.message, task: (e.problem as unknown as { task?: InboxRow }).task });
      refresh(); // the task as it is now replaces the stale one on screen
      return;
    }
    const errors = fieldErrors(e);
    if (errors.length) form.setFields(errors.map((f) => ({ name: f.name.replace(/^data\./, ''), errors: f.errors })));
    if (!errors.length || errors.some((f) => !f.name.startsWith('data.'))) void message.error((e as Error).message);
  };
  const complete = useMutation({
    mutationFn: async (outcome: string) => {
      const values = await form.validateFields();
      const data = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [k, typeof v === 'object' && v && 'format' in (v as object) ? (v as { format: (f: string) => string }).format('YYYY-MM-DD') : v]));
      return completeTask(id, row!.version, outcome, data);
    },
    onSuccess: (_, outcome) => {
      void message.success(t('inbox.completed', { outcome }));
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError || e instanceof Error) fail(e); // a form validation error is already on its field
    },
  });
  const claim = useMutation({
    mutationFn: (action: 'claim' | 'unclaim') => taskAction(id, action, row!.version),
    onSuccess: refresh,
    onError: fail,
  });
  const reassign = useMutation({
    mutationFn: (to: string) => reassignTask(id, row!.version, choiceOf(to)!),
    onSuccess: (task) => {
      setReassignTo(undefined);
      void message.success(t('inbox.reassigned', { who: task.assignee ?? task.team ?? '' }));
      refresh();
    },
    onError: fail,
  });
  const use = useMutation({
    mutationFn: recordArticleUse,
    onSuccess: (_, articleId) => { setUsed((u) => [...u, articleId]); void message.success(t('inbox.kbUsed')); },
    onError: (e) => void message.error((e as Error).message),
  });

  useEffect(() => { setConflict(undefined); setUsed([]); setReassignTo(undefined); form.resetFields(); }, [id, form]);
  // reading the detail marked the task read: the list drops its unread marker
  const readAt = detail.dataUpdatedAt;
  useEffect(() => { if (readAt) void client.invalidateQueries({ queryKey: ['inbox', 'list'] }); }, [readAt, client]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (!keys || !row || row.status !== 'Open' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      const n = Number(e.key);
      if (n >= 1 && n <= row.outcomes.length) {
        e.preventDefault();
        complete.mutate(row.outcomes[n - 1]);
      } else if (e.key === 'c' && !row.assignee) {
        e.preventDefault();
        claim.mutate('claim');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [row, complete, claim, keys]);

  if (detail.isLoading) return <Spin />;
  if (detail.isError || !row || !detail.data) return <Alert type="error" showIcon title={(detail.error as Error)?.message ?? ''} />;
  const { request: r, customer, product, suggestions } = detail.data;
  const lng = i18n.language;
  const zone = me.data?.timeZone;
  const fields = row.formFields ?? [];
  return (
    <div className="task-detail" data-testid="task-detail">
      <div className="page-heading">
        <Typography.Title level={2} className="task-detail-title">{row.title}</Typography.Title>
        <Button onClick={onClose} aria-keyshortcuts="Escape">{t('inbox.close')}</Button>
      </div>
      <Space wrap className="task-facts">
        <Tag data-testid="task-status">{t(`inbox.statuses.${row.status}`)}</Tag>
        <SlaCountdown row={row} />
        <span data-testid="task-assignee">{row.assignee ? t('inbox.assignedTo', { user: row.assignee }) : t('inbox.unassigned')}</span>
        {row.status === 'Open' && (row.assignee
          ? <Button size="small" onClick={() => claim.mutate('unclaim')}>{t('inbox.unclaim')}</Button>
          : <Button size="small" type="primary" onClick={() => claim.mutate('claim')} data-testid="claim" aria-keyshortcuts="c">{t('inbox.claim')}</Button>)}
      </Space>
      {supervisor && row.status === 'Open' && (
        <Space.Compact className="task-reassign">
          <AssigneePicker value={reassignTo} onChange={setReassignTo} testId="task-reassign-to" width={260} />
          <Button disabled={!reassignTo} loading={reassign.isPending} onClick={() => reassignTo && reassign.mutate(reassignTo)}
            data-testid="task-reassign">{t('inbox.reassign')}</Button>
        </Space.Compact>
      )}
      {conflict && (
        <Alert type="warning" showIcon role="alert" className="intake-alert" data-testid="conflict"
          title={t('inbox.conflict')} description={<>
            <div>{conflict.detail}</div>
            {conflict.task && <div>{t('inbox.conflictNow', { status: t(`inbox.statuses.${conflict.task.status}`), who: conflict.task.completedBy ?? conflict.task.assignee ?? '—' })}</div>}
          </>} />
      )}
      {row.description && <Typography.Paragraph>{row.description}</Typography.Paragraph>}
      {row.status === 'Open' ? (
        <Form form={form} layout="vertical" data-testid="task-form">
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={f.label ?? f.name} valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
              rules={f.required && f.type !== 'boolean' ? [{ required: true, message: t('inbox.required', { field: f.label ?? f.name }) }] : []}>
              <FieldInput field={f} />
            </Form.Item>
          ))}
          <Space wrap>
            {row.outcomes.map((o, i) => (
              <Button key={o} type={i === 0 ? 'primary' : 'default'} loading={complete.isPending && complete.variables === o}
                onClick={() => complete.mutate(o)} data-testid={`outcome-${o}`} aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}>
                {i < 9 && <kbd className="key-hint">{i + 1}</kbd>} {o}
              </Button>
            ))}
          </Space>
        </Form>
      ) : (
        <Alert type="info" showIcon data-testid="task-done" title={row.status === 'Completed'
          ? t('inbox.done', { outcome: row.outcome ?? '', who: row.completedBy ?? '' }) : t('inbox.statuses.Cancelled')} />
      )}
      {r && (
        <section className="task-request" aria-label={t('request.title', { number: r.number })}>
          <Typography.Title level={3} className="intake-subtitle">
            <Link to={`/requests/${r.number}`} data-testid="request-link">{t('request.title', { number: r.number })}</Link>
          </Typography.Title>
          <Descriptions size="small" column={1} bordered items={[
            { key: 'status', label: t('request.status'), children: <span data-testid="request-status">{t(`ws.requestStatus.${r.status}`, r.status)}</span> },
            { key: 'type', label: t('request.type'), children: t(`ws.requestType.${r.type}`, r.type) },
            { key: 'customer', label: t('request.customer'), children: customer ? `${customer.name} (${customer.code})${customer.phone ? ` · ${customer.phone}` : ''}` : '' },
            { key: 'product', label: t('request.product'), children: product ? [product.modelName, product.serialNumber].filter(Boolean).join(' · ') : '' },
            { key: 'warranty', label: t('request.warranty'), children: product
              ? `${t(`ws.remedy.${product.warranty.remedy}`, product.warranty.remedy)} — ${product.warranty.reason ?? ''} (${formatDate(product.warranty.warrantyEnd, lng)})` : '' },
            { key: 'opened', label: t('request.opened'), children: formatDateTime(r.openedAt, lng, zone) },
            { key: 'due', label: t('inbox.resolutionDue'), children: formatDateTime(r.resolutionDue, lng, zone) },
            { key: 'symptom', label: t('request.symptom'), children: r.symptom },
          ]} />
          {suggestions.length > 0 && (
            <>
              <Typography.Title level={3} className="intake-subtitle">{t('newRequest.suggestions')}</Typography.Title>
              <ol className="plain-list" data-testid="kb-suggestions">
                {suggestions.map((h) => (
                  <li key={h.articleId}>
                    {h.title}{' '}
                    <Button size="small" type="link" disabled={used.includes(h.articleId)} onClick={() => use.mutate(h.articleId)}
                      data-testid={`kb-use-${h.articleId}`}>
                      {used.includes(h.articleId) ? t('inbox.kbUsedShort') : t('inbox.kbUse')}
                    </Button>
                  </li>
                ))}
              </ol>
            </>
          )}
          <Attachments key={r.number} requestKey={r.number} />
        </section>
      )}
      <CommentThread key={id} requestKey={r?.number} taskId={id} />
    </div>
  );
}
