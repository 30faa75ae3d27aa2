import { lazy } from 'react';
import type { RouteObject } from 'react-router';

const SchedulingPage = lazy(() => import('./SchedulingPage').then((m) => ({ default: m.SchedulingPage })));

/** The scheduling screen: reminders (PM visits and callbacks due soon) and the PM generation runs. */
export const schedulingRoutes: RouteObject[] = [{ path: '/scheduling', element: <SchedulingPage /> }];
