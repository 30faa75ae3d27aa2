import { tx } from '../i18n';
import { Alert, List, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ValidationError } from '../api/types';

/** The validator's findings; each one selects the activity or connection it is about. */
export function ProblemsPanel({ problems, stale, onPick }: {
  problems: ValidationError[]; stale: boolean; onPick: (e: ValidationError) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="problems" aria-label={t('validate.title')} data-testid="problems">
      {problems.length === 0 ? (
        <Alert type="success" showIcon icon={<CheckCircleOutlined />} message={t('validate.ok')} data-testid="valid" />
      ) : (
        <>
          <Typography.Text strong>
            <CloseCircleOutlined className="problem-icon" /> {t('validate.count', { count: problems.length })}
          </Typography.Text>
          {stale && <Typography.Text type="secondary"> — {t('validate.stale')}</Typography.Text>}
          <List
            size="small"
            dataSource={problems}
            renderItem={(e, i) => (
              <List.Item key={i} className="problem">
                <button type="button" className="link-button" onClick={() => onPick(e)} data-testid={`problem-${e.code}`}>
                  {tx(`validationCode.${e.code}`, '') && <Typography.Text code>{tx(`validationCode.${e.code}`, '')}</Typography.Text>}{' '}
                  {validationText(e)}
                </button>
              </List.Item>
            )}
          />
        </>
      )}
    </section>
  );
}

/** Messages per activity and per connection (by edge id), to draw the validator's findings on the canvas. */
export function problemsOnCanvas(problems: ValidationError[] | null, connectionIds: string[]) {
  const byActivity = new Map<string, string[]>();
  const byEdge = new Map<string, string[]>();
  for (const e of problems ?? []) {
    if (e.connectionIndex !== null && e.connectionIndex !== undefined && connectionIds[Number(e.connectionIndex)]) {
      const id = connectionIds[Number(e.connectionIndex)];
      byEdge.set(id, [...(byEdge.get(id) ?? []), validationText(e)]);
    } else if (e.activityId) {
      byActivity.set(e.activityId, [...(byActivity.get(e.activityId) ?? []), validationText(e)]);
    }
  }
  return { byActivity, byEdge };
}

/**
 * The validator's sentence in the user's language: the server sends the English one with its key and arguments;
 * a language with its own sentence for the key gets that (input names translated as in the properties panel),
 * others the server's.
 */
export function validationText(e: ValidationError): string {
  const args: Record<string, string> = { ...(e.args ?? {}) };
  if (args.inputName) args.input = tx(`input.${args.inputName}`, args.input ?? args.inputName);
  return tx(`validationMessage.${e.messageKey ?? e.code}`, e.message, args);
}
