import type { RouteObject } from 'react-router';
import { Navigate, useLocation } from 'react-router';
import { IntakePage } from '../intake/IntakePage';
import { RequestPage } from '../intake/RequestPage';
import { MyDayPage } from '../myday/MyDayPage';

/** /inbox?phone=… is what a telephony integration opens: the caller's intake. */
function InboxPhone() {
  const { search } = useLocation();
  return <Navigate to={`/intake${search}`} replace />;
}

/** The agents' workspace screens (one entry in src/routes.tsx). */
export const workspaceRoutes: RouteObject[] = [
  { path: '/inbox', element: <InboxPhone /> },
  { path: '/intake', element: <IntakePage /> },
  { path: '/requests/:key', element: <RequestPage /> },
  { path: '/my-day', element: <MyDayPage /> },
];
