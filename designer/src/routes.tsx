import type { RouteObject } from 'react-router';
import { AppShell } from './shell/AppShell';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { FlowListPage } from './designer/FlowListPage';
import { DesignerPage } from './designer/DesignerPage';
import { InstanceListPage } from './instances/InstanceListPage';
import { InstancePage } from './instances/InstancePage';

/**
 * Every screen of the app. Screens live under the shell; a login page, when users arrive, goes
 * beside it (outside the shell) and the shell route gets the guard.
 */
export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/designer', element: <FlowListPage /> },
      { path: '/designer/:definitionId', element: <DesignerPage /> },
      { path: '/instances', element: <InstanceListPage /> },
      { path: '/instances/:instanceId', element: <InstancePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
