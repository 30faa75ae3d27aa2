import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { fieldErrors } from '../intake/api';
import { SignaturePad } from './SignaturePad';
import type { MyDayTask, VanPart } from './MyDayPage';

const OUTCOMES = ['Completed', 'NeedsParts', 'CustomerAbsent', 'Failed'] as const;

interface Values {
  outcome: (typeof OUTCOMES)[number];
  workDone?: string;
  hours?: number;
  labourFee?: number;
  travelFee?: number;
  partsUsed?: { partNumber?: string; quantity?: number }[];
  partsNeeded?: string;
  signedBy?: string;
  notes?: string;
}

/** A photo from the camera or gallery, scaled to at most 1280 px as a JPEG data URL (a phone's 12 MP photo is ~200 KB then). */
async function shrink(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.8);
}

/** "partsUsed[1].quantity" → ['partsUsed', 1, 'quantity'], the form's name path. */
function toPath(field: string): (string | number)[] {
  return field.split(/[.[\]]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** "P-1 x2" lines → parts. */
function parseNeeded(text: string | undefined) {
  return (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const m = /^(.+?)(?:\s*[x×*]\s*(\d+))?$/i.exec(l)!;
    return { partNumber: m[1].trim(), quantity: Number(m[2] ?? 1) };
  });
}

/**
 * The visit report on the technician's phone: outcome, work done, hours, parts from the van (taken from its stock with
 * the report), fees, photos and the customer's signature. Server field errors show on their fields; what was typed stays.
 */
export function ReportForm({ task, van, onDone, onCancel }: { task: MyDayTask; van: VanPart[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [signature, setSignature] = useState<string | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [signatureError, setSignatureError] = useState<string>();

  const send = useMutation({
    mutationFn: async (v: Values) => unwrap(await api.POST('/api/field-tasks/{id}/report', {
      params: { path: { id: task.id } },
      body: {
        outcome: v.outcome, workDone: v.workDone ?? null, hours: v.hours ?? 0, labourFee: v.labourFee ?? 0, travelFee: v.travelFee ?? 0,
        partsUsed: (v.partsUsed ?? []).filter((p) => p.partNumber).map((p) => ({ partNumber: p.partNumber!, quantity: p.quantity ?? 1 })),
        partsNeeded: v.outcome === 'NeedsParts' ? parseNeeded(v.partsNeeded) : [],
        signedBy: v.signedBy ?? null, notes: v.notes ?? null, signature, photos, arrivedAt: null,
      } as never,
    })),
    onSuccess: () => {
      void message.success(t('report.sent'));
      onDone();
    },
    onError: (e) => {
      const errors = fieldErrors(e);
      setSignatureError(errors.find((f) => f.name === 'signature')?.errors[0]);
      form.setFields(errors.filter((f) => f.name !== 'signature').map((f) => ({ name: toPath(f.name) as never, errors: f.errors })));
    },
  });

  const submit = (v: Values) => {
    if (v.outcome === 'Completed' && !signature) {
      setSignatureError(t('report.signatureRequired'));
      return;
    }
    setSignatureError(undefined);
    send.mutate(v);
  };
  const otherErrors = send.isError && fieldErrors(send.error).length === 0;
  return (
    <section className="report" aria-labelledby="report-title">
      <Typography.Title level={2} id="report-title" className="myday-subtitle">{t('report.title', { number: task.requestNumber })}</Typography.Title>
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'Completed', hours: 1, partsUsed: [] }} data-testid="report-form">
        <Form.Item name="outcome" label={t('report.outcome')}>
          <Radio.Group optionType="button" buttonStyle="solid" className="outcomes"
            options={OUTCOMES.map((o) => ({ value: o, label: t(`report.outcomes.${o}`) }))} />
        </Form.Item>
        <Form.Item name="workDone" label={t('report.workDone')}><Input.TextArea rows={3} data-testid="report-work" /></Form.Item>
        <div className="fee-row">
          <Form.Item name="hours" label={t('report.hours')}><InputNumber min={0} max={336} step={0.5} size="large" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="labourFee" label={t('report.labourFee')}><InputNumber min={0} step={10} size="large" style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="travelFee" label={t('report.travelFee')}><InputNumber min={0} step={10} size="large" style={{ width: '100%' }} /></Form.Item>
        </div>
        <fieldset className="report-fieldset">
          <legend>{t('report.partsUsed')}</legend>
          <Form.List name="partsUsed">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <div key={f.key} className="part-row" data-testid={`part-row-${f.name}`}>
                    <Form.Item name={[f.name, 'partNumber']} className="part-select" rules={[{ required: true, message: t('report.part') }]}>
                      <Select size="large" aria-label={t('report.part')} placeholder={t('report.part')} data-testid={`part-${f.name}`}
                        options={van.map((p) => ({ value: p.partNumber, label: t('report.partOption', { name: p.name, partNumber: p.partNumber, count: p.available }) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'quantity']} initialValue={1} className="part-quantity">
                      <InputNumber min={1} max={99} size="large" aria-label={t('report.quantity')} data-testid={`quantity-${f.name}`} />
                    </Form.Item>
                    <Button size="large" onClick={() => remove(f.name)} aria-label={t('report.remove')}>×</Button>
                  </div>
                ))}
                <Button size="large" block onClick={() => add({ quantity: 1 })} disabled={van.length === 0} data-testid="add-part">{t('report.addPart')}</Button>
              </>
            )}
          </Form.List>
        </fieldset>
        {outcome === 'NeedsParts' && (
          <Form.Item name="partsNeeded" label={t('report.partsNeeded')} extra={t('report.neededHelp')}><Input.TextArea rows={2} /></Form.Item>
        )}
        <fieldset className="report-fieldset">
          <legend>{t('report.photos')}</legend>
          <div className="photos">
            {photos.map((p, i) => (
              <button key={i} type="button" className="photo" onClick={() => setPhotos(photos.filter((_, j) => j !== i))} aria-label={t('report.removePhoto', { n: i + 1 })}>
                <img src={p} alt="" />
              </button>
            ))}
          </div>
          <label className="touch file-button">
            {t('report.addPhoto')}
            <input type="file" accept="image/*" capture="environment" multiple className="visually-hidden" data-testid="photo-input"
              onChange={async (e) => {
                const files = Array.from(e.target.files ?? []);
                e.target.value = '';
                const added = await Promise.all(files.map(shrink));
                setPhotos((current) => [...current, ...added].slice(0, 6));
              }} />
          </label>
        </fieldset>
        <Form.Item name="signedBy" label={t('report.signedBy')}><Input size="large" autoComplete="off" data-testid="report-signed-by" /></Form.Item>
        <fieldset className="report-fieldset">
          <legend>{t('report.signature')}</legend>
          <SignaturePad onChange={setSignature} />
          {signatureError && <div className="ant-form-item-explain-error" role="alert">{signatureError}</div>}
        </fieldset>
        {otherErrors && <Alert type="error" showIcon role="alert" title={t('report.failed', { message: (send.error as Error).message })} />}
        <div className="report-actions">
          <Button size="large" onClick={onCancel}>{t('report.cancel')}</Button>
          <Button size="large" type="primary" htmlType="submit" loading={send.isPending} data-testid="send-report">{t('report.submit')}</Button>
        </div>
      </Form>
    </section>
  );
}
