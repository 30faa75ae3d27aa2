import type { RouteObject } from 'react-router';
import { SchedulingPage } from './SchedulingPage';

/** The scheduling screen: reminders (PM visits and callbacks due soon) and the PM generation runs. */
export const schedulingRoutes: RouteObject[] = [{ path: '/scheduling', element: <SchedulingPage /> }];
