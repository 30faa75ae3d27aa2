import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { type IntakeCustomer, type IntakeProduct, useDebounced, useLookup } from './api';
import { useMe } from '../auth/useSession';
import { NewRequestForm } from './NewRequestForm';
import { formatDate, formatDateTime } from './format';
import './intake.css';

/** What the new-request form starts from: a found customer (and product), or a caller not yet on file. */
export interface Draft {
  customer: IntakeCustomer | null;
  serialNumber?: string;
  phone?: string;
}

/**
 * /intake (and /inbox?phone=… from the phone system): find the caller by phone, name, code or serial number, see their
 * products, open requests and recent contacts, and open a new request beside them.
 */
export function IntakePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('phone') ?? params.get('q') ?? '';
  const [text, setText] = useState(fromUrl);
  const q = useDebounced(text.trim(), 250);
  const lookup = useLookup(q);
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    if (q === (params.get('q') ?? params.get('phone') ?? '')) return;
    const next = new URLSearchParams(params);
    next.delete('phone');
    if (q) next.set('q', q);
    else next.delete('q');
    setParams(next, { replace: true });
  }, [q, params, setParams]);

  const customers = lookup.data?.customers ?? [];
  const searched = q.length >= 2 && lookup.data?.query === q;
  return (
    <main className="page intake-page">
      <Typography.Title level={1}>{t('intake.title')}</Typography.Title>
      <div className="intake-layout">
        <section className="intake-results" aria-label={t('intake.search')}>
          <Input.Search
            autoFocus allowClear size="large" value={text} onChange={(e) => setText(e.target.value)}
            placeholder={t('intake.search')} aria-label={t('intake.search')} aria-describedby="intake-search-help"
            loading={lookup.isFetching} data-testid="intake-search" enterButton
          />
          <Typography.Text type="secondary" id="intake-search-help" className="intake-help">{t('intake.searchHelp')}</Typography.Text>
          {lookup.isError && <Alert type="error" showIcon title={t('ws.error', { message: (lookup.error as Error).message })} />}
          <div aria-live="polite" className="intake-count">
            {searched && (customers.length ? t('intake.found', { count: customers.length }) : t('intake.noMatch', { q }))}
          </div>
          {searched && customers.length === 0 && (
            <Button type="primary" data-testid="new-customer" onClick={() => setDraft({ customer: null, phone: /^[\d +()-]+$/.test(q) ? q : undefined })}>
              {t('intake.newCustomer')}
            </Button>
          )}
          {customers.map((c) => (
            <CustomerCard key={c.id} customer={c} onNew={(serialNumber) => setDraft({ customer: c, serialNumber })} />
          ))}
        </section>
        {draft && (
          <section className="intake-form" aria-labelledby="new-request-title">
            <NewRequestForm key={`${draft.customer?.id ?? 'new'}-${draft.serialNumber ?? ''}`} draft={draft} onClose={() => setDraft(null)} />
          </section>
        )}
      </div>
    </main>
  );
}

function CustomerCard({ customer: c, onNew }: { customer: IntakeCustomer; onNew: (serialNumber?: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card
      className="customer-card" data-testid={`customer-${c.code}`}
      title={<Space wrap><span>{c.name}</span><Tag>{c.code}</Tag><Tag color="blue">{t(`intake.matchedBy.${c.matchedBy}`)}</Tag></Space>}
      extra={<Button type="primary" onClick={() => onNew()} data-testid={`new-request-${c.code}`}>{t('intake.newRequest')}</Button>}
    >
      <Space wrap size="large" className="customer-facts">
        {c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>}
        {c.email && <span>{c.email}</span>}
        {(c.region || c.city) && <span>{[c.region, c.city].filter(Boolean).join(' · ')}</span>}
        <span>{t('intake.tier', { tier: c.tier })}</span>
      </Space>
      {c.blacklisted && <Alert type="warning" showIcon title={t('intake.blacklisted', { reason: c.blacklistReason ?? '' })} className="intake-alert" />}
      {c.contacts.length > 0 && (
        <>
          <Typography.Title level={2} className="intake-subtitle">{t('intake.contacts')}</Typography.Title>
          <Space wrap>{c.contacts.map((p, i) => <Tag key={i}>{p.name}{p.phone ? ` · ${p.phone}` : ''}{p.role ? ` · ${p.role}` : ''}</Tag>)}</Space>
        </>
      )}
      <Typography.Title level={2} className="intake-subtitle">{t('intake.openRequests')}</Typography.Title>
      <Table
        size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={c.openRequests} data-testid={`open-requests-${c.code}`}
        locale={{ emptyText: t('intake.noOpen') }}
        columns={[
          { title: t('intake.number'), dataIndex: 'number', render: (n: string) => <Link to={`/requests/${n}`}>{n}</Link> },
          { title: t('intake.type'), dataIndex: 'type', render: (v: string) => t(`ws.requestType.${v}`) },
          { title: t('intake.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`ws.requestStatus.${v}`)}</Tag> },
          { title: t('intake.priority'), dataIndex: 'priority', render: (v: string) => t(`ws.priority.${v}`) },
          { title: t('intake.serial'), dataIndex: 'serialNumber', render: (v: string | null) => v ?? '' },
          { title: t('intake.opened'), dataIndex: 'openedAt', render: (v: string) => formatDateTime(v, i18n.language, me.data?.timeZone) },
        ]}
      />
      <Typography.Title level={2} className="intake-subtitle">{t('intake.products')}</Typography.Title>
      <Table<IntakeProduct>
        size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={c.products} locale={{ emptyText: t('intake.noProducts') }}
        columns={[
          { title: t('intake.serial'), dataIndex: 'serialNumber' },
          { title: t('intake.model'), render: (_, p) => [p.modelCode, p.modelName].filter(Boolean).join(' · ') },
          { title: t('intake.sold'), dataIndex: 'saleDate', render: (v: string) => formatDate(v, i18n.language) },
          {
            title: t('intake.warrantyEnd'), dataIndex: 'warrantyEnd',
            render: (v: string) => <>{formatDate(v, i18n.language)} <Tag color={v >= today ? 'green' : 'default'}>{v >= today ? t('intake.inWarranty') : t('intake.outOfWarranty')}</Tag></>,
          },
          {
            title: '', key: 'new',
            render: (_, p) => (
              <Button size="small" onClick={() => onNew(p.serialNumber)} data-testid={`new-for-${p.serialNumber}`} aria-label={`${t('intake.newRequestFor')} ${p.serialNumber}`}>
                {t('intake.newRequest')}
              </Button>
            ),
          },
        ]}
      />
      <Typography.Title level={2} className="intake-subtitle">{t('intake.recent')}</Typography.Title>
      {c.recent.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.noRecent')} /> : (
        <List
          size="small" dataSource={c.recent}
          renderItem={(r) => (
            <List.Item>
              <Space wrap>
                <span>{formatDateTime(r.at, i18n.language, me.data?.timeZone)}</span>
                <Tag>{t(`intake.kind.${r.kind}`)}</Tag>
                {r.kind === 'request' && r.number ? <Link to={`/requests/${r.number}`}>{r.number}</Link> : r.number}
                <span className="intake-summary">{r.summary}</span>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
