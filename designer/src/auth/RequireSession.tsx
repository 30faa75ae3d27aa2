import { Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { loginUrl } from './session';
import { useMe } from './useSession';

/** The shell's guard: signed in, the screens; not signed in, the login page (which comes back here). */
export function RequireSession() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <div className="session-check"><Spin aria-label={t('login.checking')} /></div>;
  if (!me.data) return <Navigate to={loginUrl(location.pathname + location.search)} replace />;
  return <Outlet />;
}
