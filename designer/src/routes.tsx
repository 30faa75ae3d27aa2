import { slaRoutes } from './sla/routes';
import { schedulingRoutes } from './scheduling/routes';
import type { RouteObject } from 'react-router';
import { AppShell } from './shell/AppShell';
import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { RequireSession } from './auth/RequireSession';
import { workspaceRoutes } from './inbox/routes';

// Each area's pages load on first use (their own chunks: the canvas with @xyflow and dagre, charts…), so /inbox loads
// only what it needs (docs/benchmarks.md, inbox page); the shell shows a spinner while a chunk arrives. The home, login
// and not-found pages too: their Card (with antd's Tabs), Form, Descriptions and Result are ~250 KB of script that
// /inbox would otherwise compile and run before its first frame.
const HomePage = lazy(() => import('./pages/HomePage').then((m) => ({ default: m.HomePage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage').then((m) => ({ default: m.NotFoundPage })));
const LoginPage = lazy(() => import('./auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const FlowListPage = lazy(() => import('./designer/FlowListPage').then((m) => ({ default: m.FlowListPage })));
const DesignerPage = lazy(() => import('./designer/DesignerPage').then((m) => ({ default: m.DesignerPage })));
const InstanceListPage = lazy(() => import('./instances/InstanceListPage').then((m) => ({ default: m.InstanceListPage })));
const InstancePage = lazy(() => import('./instances/InstancePage').then((m) => ({ default: m.InstancePage })));

/**
 * Every screen of the app. Screens live under the shell, behind the session guard; the login page
 * is beside them (outside the shell).
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <Suspense fallback={<Spin className="page-loading" />}><LoginPage /></Suspense> },
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
