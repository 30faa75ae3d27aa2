import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../api/client';
import { fieldErrors, type KbHit, useArticle, useDebounced, useKnowledge, useWarranty } from './api';
import type { Draft } from './IntakePage';
import { formatDate } from './format';

const TYPES = ['repair', 'installation', 'complaint', 'return', 'maintenance'] as const;
const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'] as const;
const CHANNELS = ['Phone', 'Web', 'Email', 'WeChat', 'WalkIn'] as const;
const REMEDY_COLOUR: Record<string, string> = { Return: 'green', Exchange: 'green', FreeRepair: 'blue', PaidRepair: 'orange', NotCovered: 'red' };

interface Values {
  name?: string; phone?: string; email?: string; region?: string; address?: string;
  serialNumber?: string; model?: string; saleDate?: Dayjs; symptom?: string;
  type: string; priority: string; channel: string;
}

/** Server field names → the form's. */
const FIELDS: Record<string, string> = {
  'customer.name': 'name', 'customer.phone': 'phone', 'customer.email': 'email', 'customer.region': 'region', 'customer.address': 'address',
  'customer.id': 'name', customer: 'name',
};

/**
 * The new-request form of the phone intake: the customer found (or typed in), the product by serial number with its
 * warranty decision as soon as it is typed, the symptom with live knowledge-base suggestions, type, priority, channel.
 * It calls POST /api/requests and opens the new request.
 */
export function NewRequestForm({ draft, onClose }: { draft: Draft; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [customer, setCustomer] = useState(draft.customer);
  const serial = useDebounced((Form.useWatch('serialNumber', form) ?? '') as string, 300);
  const model = useDebounced((Form.useWatch('model', form) ?? '') as string, 300);
  const saleDate = Form.useWatch('saleDate', form) as Dayjs | undefined;
  const symptom = useDebounced((Form.useWatch('symptom', form) ?? '') as string, 300);
  const warranty = useWarranty(serial, model, saleDate?.format('YYYY-MM-DD'));
  const kb = useKnowledge(symptom);
  const unknownSerial = serial.trim().length >= 3 && warranty.isSuccess && (warranty.data === null || warranty.data?.registered === false);

  const open = useMutation({
    mutationFn: async (v: Values) => unwrap(await api.POST('/api/requests', {
      body: {
        type: v.type,
        customer: customer ? { id: customer.id } : { name: v.name, phone: v.phone, email: v.email, region: v.region, address: v.address },
        serialNumber: v.serialNumber?.trim() || null,
        model: unknownSerial ? v.model?.trim() || null : null,
        saleDate: unknownSerial && v.saleDate ? v.saleDate.format('YYYY-MM-DD') : null,
        symptom: v.symptom ?? null,
        priority: v.priority,
        channel: v.channel,
      } as never,
    })),
    onSuccess: (answer) => {
      void message.success(t('newRequest.opened', { number: answer.number }));
      void navigate(`/requests/${answer.number}`);
    },
    onError: (e) => form.setFields(fieldErrors(e, FIELDS).map((f) => ({ name: f.name as keyof Values, errors: f.errors }))),
  });

  const w = warranty.data;
  const otherCustomer = !!(w?.registered && customer && w.customerId && w.customerId !== customer.id);
  return (
    <Card title={<span id="new-request-title">{t('newRequest.title')}</span>} extra={<Button onClick={onClose}>{t('common.cancel')}</Button>}>
      <Form<Values>
        form={form} layout="vertical" requiredMark onFinish={(v) => open.mutate(v)} data-testid="new-request-form"
        initialValues={{ serialNumber: draft.serialNumber, phone: draft.phone, type: 'repair', priority: 'Normal', channel: 'Phone' }}
      >
        <Typography.Title level={2} className="intake-subtitle">{t('newRequest.customer')}</Typography.Title>
        {customer ? (
          <Space className="intake-alert" data-testid="request-customer">
            <strong>{t('newRequest.customerFound', { name: customer.name, code: customer.code })}</strong>
            <Button size="small" onClick={() => setCustomer(null)}>{t('newRequest.changeCustomer')}</Button>
          </Space>
        ) : (
          <>
            <Form.Item name="name" label={t('newRequest.name')} rules={[{ required: true, message: t('newRequest.nameRequired') }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <div className="form-row">
              <Form.Item name="phone" label={t('newRequest.phone')}><Input autoComplete="off" /></Form.Item>
              <Form.Item name="region" label={t('newRequest.region')}><Input autoComplete="off" /></Form.Item>
            </div>
            <Form.Item name="email" label={t('newRequest.email')}><Input autoComplete="off" /></Form.Item>
            <Form.Item name="address" label={t('newRequest.address')}><Input autoComplete="off" /></Form.Item>
          </>
        )}
        <Form.Item name="serialNumber" label={t('newRequest.serial')} extra={t('newRequest.serialHelp')}>
          <Input autoComplete="off" data-testid="request-serial" />
        </Form.Item>
        {unknownSerial && (
          <div className="form-row">
            <Form.Item name="model" label={t('newRequest.model')} extra={t('newRequest.modelHelp')}>
              <Input autoComplete="off" data-testid="request-model" />
            </Form.Item>
            <Form.Item name="saleDate" label={t('newRequest.saleDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </div>
        )}
        <div aria-live="polite" data-testid="warranty">
          {warranty.isFetching && !w && <Typography.Text type="secondary">{t('newRequest.warrantyChecking')}</Typography.Text>}
          {w && (
            <Alert
              className="intake-alert" type={w.remedy === 'PaidRepair' || w.remedy === 'NotCovered' ? 'warning' : 'success'} showIcon
              title={<Space wrap><span>{t('newRequest.warranty')}:</span><Tag color={REMEDY_COLOUR[w.remedy]} data-testid="warranty-remedy">{t(`ws.remedy.${w.remedy}`)}</Tag></Space>}
              description={<>
                <div>{t('newRequest.warrantyUntil', { days: w.daysSinceStart, start: formatDate(w.warrantyStart, i18n.language), end: formatDate(w.warrantyEnd, i18n.language) })}</div>
                <div>{w.reason}</div>
                {otherCustomer && <div><strong>{t('newRequest.otherCustomer')}</strong></div>}
              </>}
            />
          )}
        </div>
        <Form.Item name="symptom" label={t('newRequest.symptom')}>
          <Input.TextArea rows={3} data-testid="request-symptom" />
        </Form.Item>
        {symptom.trim().length >= 3 && <Suggestions hits={kb.data ?? []} />}
        <Form.Item name="type" label={t('newRequest.type')}>
          <Select options={TYPES.map((v) => ({ value: v, label: t(`newRequest.type_${v}`) }))} data-testid="request-type" />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="priority" label={t('newRequest.priority')}>
            <Select options={PRIORITIES.map((v) => ({ value: v, label: t(`ws.priority.${v}`) }))} data-testid="request-priority" />
          </Form.Item>
          <Form.Item name="channel" label={t('newRequest.channel')}>
            <Select options={CHANNELS.map((v) => ({ value: v, label: t(`ws.channel.${v}`) }))} />
          </Form.Item>
        </div>
        {open.isError && fieldErrors(open.error).length === 0 && (
          <Alert type="error" showIcon className="intake-alert" role="alert" title={t('newRequest.failed', { message: (open.error as Error).message })} />
        )}
        <Button type="primary" htmlType="submit" loading={open.isPending} data-testid="open-request" size="large">{t('newRequest.submit')}</Button>
      </Form>
    </Card>
  );
}

function Suggestions({ hits }: { hits: KbHit[] }) {
  const { t } = useTranslation();
  const [openId, setOpenId] = useState<string>();
  return (
    <section aria-label={t('newRequest.suggestions')} data-testid="kb-suggestions" className="intake-alert">
      <Typography.Title level={2} className="intake-subtitle">{t('newRequest.suggestions')}</Typography.Title>
      {hits.length === 0 && <Typography.Text type="secondary">{t('newRequest.noSuggestions')}</Typography.Text>}
      {hits.map((h) => (
        <div key={h.articleId} className="kb-hit">
          <button type="button" className="link-button" aria-expanded={openId === h.articleId}
            onClick={() => setOpenId(openId === h.articleId ? undefined : h.articleId)}>{h.title}</button>
          {openId === h.articleId && <Solution id={h.articleId} />}
        </div>
      ))}
    </section>
  );
}

function Solution({ id }: { id: string }) {
  const { t } = useTranslation();
  const article = useArticle(id);
  const used = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/knowledge/{articleId}/used', { params: { path: { articleId: id } } })),
  });
  return (
    <div>
      <p className="kb-solution">{article.data?.solution}</p>
      {used.isSuccess ? <Typography.Text type="success">{t('newRequest.recorded')}</Typography.Text> : (
        <Button size="small" loading={used.isPending} onClick={() => used.mutate()}>{t('newRequest.solvedWith')}</Button>
      )}
    </div>
  );
}
