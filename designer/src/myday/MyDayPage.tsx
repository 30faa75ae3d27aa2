import { Alert, App, Button, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { formatDate, formatDateTime, formatTime } from '../intake/format';
import { ReportForm } from './ReportForm';
import './myday.css';

export type MyDayTask = components['schemas']['MyDayTask'];
export type VanPart = components['schemas']['VanPart'];

const STATUS_COLOUR: Record<string, string> = {
  Scheduled: 'blue', EnRoute: 'gold', OnSite: 'orange', Completed: 'green', NobodyHome: 'default', NeedsParts: 'purple', Failed: 'red',
};

/** On site after the SLA's due time: arrived late, or not there yet and the time has passed. */
function isLate(v: Pick<MyDayTask, 'dueAt' | 'arrivedAt' | 'status'>, now = Date.now()) {
  if (!v.dueAt) return false;
  const at = v.arrivedAt ? Date.parse(v.arrivedAt) : v.status === 'Scheduled' || v.status === 'EnRoute' ? now : undefined;
  return at !== undefined && at > Date.parse(v.dueAt);
}

function shift(day: string, by: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}

/**
 * /my-day on the technician's phone: today's visits in appointment order (address, customer, the SLA's on-site due time,
 * product, what to bring), start travel, arrive, and the visit report (?report=<field task id>, so a new sign-in comes back to the same form).
 */
export function MyDayPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? undefined;
  const reporting = params.get('report');
  const client = useQueryClient();
  const day = useQuery({
    queryKey: ['my-day', date ?? 'today'],
    queryFn: async () => unwrap(await api.GET('/api/my-day', { params: { query: { date } } })),
    refetchInterval: 30_000,
  });
  const move = useMutation({
    mutationFn: async ({ id, to }: { id: string; to: 'start-travel' | 'arrive' }) =>
      to === 'arrive'
        ? unwrap(await api.POST('/api/field-tasks/{id}/arrive', { params: { path: { id } } }))
        : unwrap(await api.POST('/api/field-tasks/{id}/start-travel', { params: { path: { id } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['my-day'] }),
    onError: (e) => void message.error((e as Error).message),
  });
  const set = (key: string, value?: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  if (day.isLoading) return <main className="page myday"><Spin /></main>;
  if (day.isError) {
    const unlinked = day.error instanceof ApiError && day.error.status === 400;
    return <main className="page myday"><Alert type={unlinked ? 'info' : 'error'} showIcon title={unlinked ? t('myDay.notTechnician') : (day.error as Error).message} /></main>;
  }
  const d = day.data!;
  const task = reporting ? d.tasks.find((x) => x.id === reporting) : undefined;
  if (task) {
    return (
      <main className="page myday">
        <ReportForm task={task} van={d.van} onCancel={() => set('report')}
          onDone={() => {
            void client.invalidateQueries({ queryKey: ['my-day'] });
            set('report');
          }} />
      </main>
    );
  }
  const lng = i18n.language;
  return (
    <main className="page myday">
      <div className="myday-heading">
        <Typography.Title level={1}>{t('myDay.title')}</Typography.Title>
        <Typography.Text type="secondary">{d.technicianName} · {d.technicianCode}</Typography.Text>
      </div>
      <nav className="myday-days" aria-label={t('myDay.date')}>
        <Button className="touch" onClick={() => set('date', shift(d.date, -1))} aria-label={t('myDay.previous')}>‹</Button>
        <strong data-testid="myday-date">{formatDate(d.date, lng)}</strong>
        <Button className="touch" onClick={() => set('date', shift(d.date, 1))} aria-label={t('myDay.next')}>›</Button>
        {date && <Button className="touch" onClick={() => set('date')}>{t('myDay.today')}</Button>}
      </nav>
      {d.tasks.length === 0 && <Empty description={t('myDay.none')} />}
      <ol className="visits">
        {d.tasks.map((v) => (
          <li key={v.id}>
            <Card className="visit" data-testid={`visit-${v.requestNumber}`}
              title={<Space wrap><span>{formatTime(v.appointmentStart, lng, d.timeZone)}–{formatTime(v.appointmentEnd, lng, d.timeZone)}</span>
                <Tag color={STATUS_COLOUR[v.status]} data-testid="visit-status">{t(`myDay.status.${v.status}`)}</Tag></Space>}
              extra={<span>{v.requestNumber}</span>}>
              <dl className="visit-facts">
                <dt>{t('myDay.customer')}</dt>
                <dd>{v.customerName} {v.customerPhone && <a className="touch-link" href={`tel:${v.customerPhone}`}>{t('myDay.call', { phone: v.customerPhone })}</a>}</dd>
                {v.address && (<><dt>{t('myDay.address')}</dt><dd>{v.address}</dd></>)}
                {v.dueAt && (<><dt>{t('myDay.due')}</dt>
                  <dd data-testid="visit-due">{formatDateTime(v.dueAt, lng, d.timeZone)}{isLate(v) && <> <Tag color="red">{t('myDay.late')}</Tag></>}</dd></>)}
                <dt>{t('myDay.product')}</dt>
                <dd>{[v.modelName, v.modelCode, v.serialNumber].filter(Boolean).join(' · ')}</dd>
                <dt>{t('intake.type')}</dt>
                <dd>{t(`ws.requestType.${v.requestType}`)} · {v.symptom}</dd>
                {v.bring.length > 0 && (<>
                  <dt>{t('myDay.bring')}</dt>
                  <dd><ul className="bring">{v.bring.map((b) => (
                    <li key={b.partNumber}>{b.name} ({b.partNumber}) — {b.inVan > 0 ? t('myDay.inVan', { count: b.inVan }) : <strong>{t('myDay.notInVan')}</strong>}</li>
                  ))}</ul></dd>
                </>)}
              </dl>
              <div className="visit-actions">
                {v.status === 'Scheduled' && (
                  <Button size="large" className="touch" loading={move.isPending && move.variables?.id === v.id}
                    onClick={() => move.mutate({ id: v.id, to: 'start-travel' })} data-testid="start-travel">{t('myDay.startTravel')}</Button>
                )}
                {(v.status === 'Scheduled' || v.status === 'EnRoute') && (
                  <Button size="large" className="touch" loading={move.isPending && move.variables?.id === v.id}
                    onClick={() => move.mutate({ id: v.id, to: 'arrive' })} data-testid="arrive">{t('myDay.arrive')}</Button>
                )}
                {(v.status === 'Scheduled' || v.status === 'EnRoute' || v.status === 'OnSite') && (
                  <Button size="large" type="primary" className="touch" onClick={() => set('report', v.id)} data-testid="report">{t('myDay.report')}</Button>
                )}
              </div>
            </Card>
          </li>
        ))}
      </ol>
      <Typography.Title level={2} className="myday-subtitle">{t('myDay.van')}</Typography.Title>
      {d.van.length === 0 ? <Typography.Text type="secondary">{t('myDay.vanEmpty')}</Typography.Text> : (
        <ul className="van" data-testid="van">
          {d.van.map((p) => <li key={p.partNumber} data-testid={`van-${p.partNumber}`}><span>{p.name} ({p.partNumber})</span><strong>{p.onHand}</strong></li>)}
        </ul>
      )}
    </main>
  );
}
