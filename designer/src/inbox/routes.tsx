import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { Navigate, useLocation } from 'react-router';
import { InboxPage } from './InboxPage';

// the inbox is in the first chunk (it must be usable ≤ 1 s); the other workspace pages load on first use
const IntakePage = lazy(() => import('../intake/IntakePage').then((m) => ({ default: m.IntakePage })));
const RequestPage = lazy(() => import('../intake/RequestPage').then((m) => ({ default: m.RequestPage })));
const MyDayPage = lazy(() => import('../myday/MyDayPage').then((m) => ({ default: m.MyDayPage })));

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
