import { useState } from 'react';
import { Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasEarlyList } from '../inbox/prefetch';
import { loginUrl } from './session';
import { useMe } from './useSession';

/**
 * The shell's guard: signed in, the screens; not signed in, the login page (which comes back here). While the session
 * check is on its way the screens wait behind a spinner, except /inbox opened with its early list (index.html asked for it
 * with the same cookie): it renders at once, and an answer of 401 sends to sign-in as before (docs/benchmarks.md).
 */
export function RequireSession() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const [early] = useState(hasEarlyList);
  if (me.isPending) return early ? <Outlet /> : <div className="session-check"><Spin aria-label={t('login.checking')} /></div>;
  if (!me.data) return <Navigate to={loginUrl(location.pathname + location.search)} replace />;
  return <Outlet />;
}
