import { Alert, App, Button, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import type { InstanceDetail } from '../api/types';

/**
 * Shown while the designer watches a test run: its status, its test request, and its open tasks — which are in nobody's
 * inbox, so the analyst completes them here with one of their outcomes — and a way to open it as an instance.
 */
export function RunBanner({ definitionId, instanceId, requestNumber, data, onClose }: {
  definitionId: string; instanceId: string; requestNumber?: string | null; data?: { detail: InstanceDetail; log: { sequence: number }[] }; onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const status = data?.detail.instance.status;
  const waiting = data?.detail.bookmarks.map((b) => b.activityId) ?? [];
  const faulted = (data?.detail.incidents ?? []).filter((i) => !i.resolvedAt);
  const type = faulted.length ? 'error' : status === 'Completed' ? 'success' : 'info';
  const sequence = data?.log.at(-1)?.sequence ?? 0;
  const path = { params: { path: { definitionId, instanceId } } };
  const tasks = useQuery({
    queryKey: ['test-run-tasks', instanceId, sequence],
    enabled: waiting.length > 0,
    queryFn: async () => unwrap(await api.GET('/api/definitions/{definitionId}/test-runs/{instanceId}/tasks', path)),
  });
  const complete = async (taskId: string, outcome: string) => {
    try {
      unwrap(await api.POST('/api/definitions/{definitionId}/test-runs/{instanceId}/tasks/{taskId}/complete',
        { params: { path: { definitionId, instanceId, taskId } }, body: { outcome, data: {} } }));
      void queryClient.invalidateQueries({ queryKey: ['test-run-tasks', instanceId] });
    } catch (e) {
      void message.error(String((e as Error).message));
    }
  };
  const open = waiting.length > 0 ? tasks.data ?? [] : [];
  return (
    <Alert type={type} showIcon className="designer-alert" data-testid="run-banner"
      message={<span>{t('testRun.watching')} <strong data-testid="run-status">{status ? t(`instanceStatus.${status}`) : '…'}</strong>
        {requestNumber && <> · <span data-testid="run-request">{t('testRun.request', { number: requestNumber })}</span></>}</span>}
      description={waiting.length + faulted.length > 0 ? (
        <>
          {waiting.length > 0 && <div>{t('testRun.waitingAt', { activities: waiting.join(', ') })}</div>}
          {faulted.map((i) => <div key={i.id}>{t('testRun.incident', { activity: i.activityId, message: i.message })}</div>)}
          {open.length > 0 && (
            <div data-testid="run-tasks">
              <Typography.Text type="secondary">{t('testRun.tasks')}</Typography.Text>
              {open.map((task) => (
                <div key={task.id}>
                  <Typography.Text>{task.title}</Typography.Text>{' '}
                  <Space size="small" wrap>
                    {task.outcomes.map((outcome) => (
                      <Button key={outcome} size="small" data-testid={`run-task-${task.activityId}-${outcome}`}
                        aria-label={t('testRun.complete', { title: task.title, outcome })} onClick={() => void complete(task.id, outcome)}>
                        {outcome}
                      </Button>
                    ))}
                  </Space>
                </div>
              ))}
            </div>
          )}
        </>
      ) : undefined}
      action={<Space>
        <Link to={`/instances/${instanceId}`}>{t('testRun.open')}</Link>
        <Button size="small" onClick={onClose}>{t('testRun.stop')}</Button>
      </Space>} />
  );
}
