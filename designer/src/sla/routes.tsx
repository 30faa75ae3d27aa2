import type { RouteObject } from 'react-router';
import { SlaPolicyListPage } from './SlaPolicyListPage';
import { SlaPolicyPage } from './SlaPolicyPage';
import { SlaCompliancePage } from './SlaCompliancePage';
import { SlaRequestPage } from './SlaRequestPage';

/** The SLA screens: policies, one policy (draft, versions, try it, impact preview, apply), compliance, one request's clock. */
export const slaRoutes: RouteObject[] = [
  { path: '/admin/sla', element: <SlaPolicyListPage /> },
  { path: '/admin/sla/compliance', element: <SlaCompliancePage /> },
  { path: '/admin/sla/requests', element: <SlaRequestPage /> },
  { path: '/admin/sla/requests/:key', element: <SlaRequestPage /> },
  { path: '/admin/sla/:policyId', element: <SlaPolicyPage /> },
];
