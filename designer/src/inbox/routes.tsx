import type { RouteObject } from 'react-router';
import { Navigate, useLocation } from 'react-router';
import { IntakePage } from '../intake/IntakePage';
import { RequestPage } from '../intake/RequestPage';
import { MyDayPage } from '../myday/MyDayPage';
import { InboxPage } from './InboxPage';

/** /inbox?phone=… is what a telephony integration opens: the caller's intake; /inbox otherwise is the task inbox. */
function Inbox() {
  const { search } = useLocation();
  if (new URLSearchParams(search).has('phone')) return <Navigate to={`/intake${search}`} replace />;
  return <InboxPage />;
}

/** The agents' workspace screens (one entry in src/routes.tsx). */
export const workspaceRoutes: RouteObject[] = [
  { path: '/inbox', element: <Inbox /> },
  { path: '/intake', element: <IntakePage /> },
  { path: '/requests/:key', element: <RequestPage /> },
  { path: '/my-day', element: <MyDayPage /> },
];
