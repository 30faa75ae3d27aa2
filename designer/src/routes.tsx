import { slaRoutes } from './sla/routes';
import { schedulingRoutes } from './scheduling/routes';
import type { RouteObject } from 'react-router';
import { AppShell } from './shell/AppShell';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { FlowListPage } from './designer/FlowListPage';
import { DesignerPage } from './designer/DesignerPage';
import { InstanceListPage } from './instances/InstanceListPage';
import { InstancePage } from './instances/InstancePage';
import { LoginPage } from './auth/LoginPage';
import { RequireSession } from './auth/RequireSession';
import { workspaceRoutes } from './inbox/routes';

/**
 * Every screen of the app. Screens live under the shell, behind the session guard; the login page
 * is beside them (outside the shell).
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { path: '/', element: <HomePage /> },
          ...slaRoutes,
          ...schedulingRoutes,
          { path: '/designer', element: <FlowListPage /> },
          { path: '/designer/:definitionId', element: <DesignerPage /> },
          { path: '/instances', element: <InstanceListPage /> },
          { path: '/instances/:instanceId', element: <InstancePage /> },
          ...workspaceRoutes,
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
