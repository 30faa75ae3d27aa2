import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InstanceDetail } from '../api/types';

/** Shown while the designer watches a test run: its status, and a way to open it as an instance. */
export function RunBanner({ instanceId, data, onClose }: { instanceId: string; data?: { detail: InstanceDetail }; onClose: () => void }) {
  const { t } = useTranslation();
  const status = data?.detail.instance.status;
  const waiting = data?.detail.bookmarks.map((b) => b.activityId) ?? [];
  const faulted = (data?.detail.incidents ?? []).filter((i) => !i.resolvedAt);
  const type = faulted.length ? 'error' : status === 'Completed' ? 'success' : 'info';
  return (
    <Alert type={type} showIcon className="designer-alert" data-testid="run-banner"
      message={<span>{t('testRun.watching')} <strong data-testid="run-status">{status ? t(`instanceStatus.${status}`) : '…'}</strong></span>}
      description={waiting.length + faulted.length > 0 ? (
        <>
          {waiting.length > 0 && <div>{t('testRun.waitingAt', { activities: waiting.join(', ') })}</div>}
          {faulted.map((i) => <div key={i.id}>{t('testRun.incident', { activity: i.activityId, message: i.message })}</div>)}
        </>
      ) : undefined}
      action={<Space>
        <Link to={`/instances/${instanceId}`}>{t('testRun.open')}</Link>
        <Button size="small" onClick={onClose}>{t('testRun.stop')}</Button>
      </Space>} />
  );
}
