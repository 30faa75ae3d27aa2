import type { RouteObject } from 'react-router';
import { SlaPolicyListPage } from './SlaPolicyListPage';
import { SlaPolicyPage } from './SlaPolicyPage';
import { SlaCompliancePage } from './SlaCompliancePage';

/** The SLA screens: policies, one policy (draft, versions, try it, impact preview), compliance. */
export const slaRoutes: RouteObject[] = [
  { path: '/admin/sla', element: <SlaPolicyListPage /> },
  { path: '/admin/sla/compliance', element: <SlaCompliancePage /> },
  { path: '/admin/sla/:policyId', element: <SlaPolicyPage /> },
];
