import type { Readiness } from './api';

export function readinessLabel(readiness: Readiness | 'checking'): string {
  switch (readiness) {
    case 'ready':
      return 'Ready';
    case 'unready':
      return 'Not ready: the database does not answer';
    case 'unreachable':
      return 'Server unreachable';
    default:
      return 'Checking…';
  }
}
