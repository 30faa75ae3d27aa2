import { useQuery } from '@tanstack/react-query';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchReadiness } from '../readiness';

/** A small light in the header: is the server (and its database) ready? */
export function ReadinessBadge() {
  const { t } = useTranslation();
  const { data } = useQuery({ queryKey: ['readiness'], queryFn: ({ signal }) => fetchReadiness(signal), refetchInterval: 15000 });
  const status = data === 'ready' ? 'success' : data ? 'error' : 'processing';
  return (
    <Link to="/" className="readiness-link" aria-label={t(`readiness.${data ?? 'checking'}`)}>
      <Badge status={status} text={<span className="readiness-text">{t(`readiness.short.${data ?? 'checking'}`)}</span>} />
    </Link>
  );
}
