/** The top navigation. Later screens (inbox, SLA, reports) add one entry each here and one route in routes.tsx. */
export interface NavItem {
  key: string;
  path: string;
  /** i18n key of the label. */
  label: string;
}

export const navigation: NavItem[] = [
  { key: 'flows', path: '/designer', label: 'nav.flows' },
  { key: 'sla', path: '/admin/sla', label: 'sla.nav' },
  { key: 'instances', path: '/instances', label: 'nav.instances' },
  { key: 'intake', path: '/intake', label: 'nav.intake' },
  { key: 'my-day', path: '/my-day', label: 'nav.myDay' },
  { key: 'scheduling', path: '/scheduling', label: 'scheduling.nav' },
];
