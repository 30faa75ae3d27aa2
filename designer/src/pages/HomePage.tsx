import { Card, Descriptions, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useInfo } from '../api/queries';
import { fetchReadiness } from '../readiness';

/** The start page: what this server is (product, version, database) and whether it is ready. */
export function HomePage() {
  const { t } = useTranslation();
  const info = useInfo();
  const readiness = useQuery({ queryKey: ['readiness'], queryFn: ({ signal }) => fetchReadiness(signal), refetchInterval: 5000 });
  const state = readiness.data ?? 'checking';
  return (
    <main className="page home">
      <Typography.Title level={1}>{t('app.name')}</Typography.Title>
      <Typography.Paragraph className="tagline">{t('home.tagline')}</Typography.Paragraph>
      <Card className="home-card">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('home.version')}>
            <span data-testid="version">{info.data?.version ?? '…'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.database')}>
            <span data-testid="provider">{info.data?.databaseProvider ?? '…'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.status')}>
            <span data-testid="readiness" className={`readiness ${state}`} role="status" aria-live="polite">
              {t(`readiness.${state}`)}
            </span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Typography.Paragraph className="home-links">
        <Link to="/designer">{t('home.openDesigner')}</Link>
        {' · '}
        <Link to="/instances">{t('home.openInstances')}</Link>
        {' · '}
        <a href="/api/docs">{t('home.apiReference')}</a>
      </Typography.Paragraph>
    </main>
  );
}
