import { useState } from 'react';
import { Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkflowDefinition } from '../api/types';

/** Sample input for a test run, prefilled with the flow's declared inputs. */
export function TestRunModal({ open, definition, busy, onRun, onClose }: {
  open: boolean; definition: WorkflowDefinition; busy: boolean; onRun: (input: Record<string, unknown>) => void; onClose: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState<string | null>(null);
  const sample = JSON.stringify(Object.fromEntries((definition.inputs ?? []).map((i) => [i.name, i.type === 'number' ? 0 : i.type === 'boolean' ? false : ''])), null, 2);
  const shown = text ?? sample;
  let parsed: Record<string, unknown> | null = null;
  try {
    const v = JSON.parse(shown || '{}');
    parsed = v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    parsed = null;
  }
  return (
    <Modal open={open} title={t('testRun.title')} okText={t('testRun.run')} cancelText={t('common.cancel')} confirmLoading={busy}
      okButtonProps={{ disabled: !parsed, 'data-testid': 'test-run-start' }} onOk={() => parsed && onRun(parsed)} onCancel={onClose}>
      <Typography.Paragraph>{t('testRun.text')}</Typography.Paragraph>
      <label htmlFor="test-run-input" className="input-label">{t('testRun.input')}</label>
      <Input.TextArea id="test-run-input" className="code" autoSize={{ minRows: 4, maxRows: 14 }} value={shown}
        status={parsed ? undefined : 'error'} onChange={(e) => setText(e.target.value)} data-testid="test-run-input" spellCheck={false} />
      {!parsed && <Typography.Text type="danger" role="alert">{t('testRun.badInput')}</Typography.Text>}
    </Modal>
  );
}
