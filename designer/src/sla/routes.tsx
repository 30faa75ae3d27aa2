import { lazy } from 'react';
import type { RouteObject } from 'react-router';

// loaded on first use (the charts come with them)
const SlaPolicyListPage = lazy(() => import('./SlaPolicyListPage').then((m) => ({ default: m.SlaPolicyListPage })));
const SlaPolicyPage = lazy(() => import('./SlaPolicyPage').then((m) => ({ default: m.SlaPolicyPage })));
const SlaCompliancePage = lazy(() => import('./SlaCompliancePage').then((m) => ({ default: m.SlaCompliancePage })));
const SlaRequestPage = lazy(() => import('./SlaRequestPage').then((m) => ({ default: m.SlaRequestPage })));

/** The SLA screens: policies, one policy (draft, versions, try it, impact preview, apply), compliance, one request's clock. */
export const slaRoutes: RouteObject[] = [
  { path: '/admin/sla', element: <SlaPolicyListPage /> },
  { path: '/admin/sla/compliance', element: <SlaCompliancePage /> },
  { path: '/admin/sla/requests', element: <SlaRequestPage /> },
  { path: '/admin/sla/requests/:key', element: <SlaRequestPage /> },
  { path: '/admin/sla/:policyId', element: <SlaPolicyPage /> },
];
