import type { DefinitionDiff } from '../../api/types';
import { edgeId } from './graph';

export type Change = 'added' | 'removed' | 'changed' | 'moved';

/** How each side of a two-version comparison colours its activities and connections. */
export interface DiffColouring {
  activities: Map<string, Change>;
  connections: Map<string, Change>;
  fields: Map<string, string[]>;
}

/**
 * The colours of one side of a diff. The older side shows what was removed (and changed); the
 * newer side what was added (and changed, moved).
 */
export function colouring(diff: DefinitionDiff, side: 'from' | 'to'): DiffColouring {
  const activities = new Map<string, Change>();
  const fields = new Map<string, string[]>();
  for (const a of diff.activities) {
    const change = a.change as Change;
    if (change === 'added' && side === 'from') continue;
    if (change === 'removed' && side === 'to') continue;
    activities.set(a.activityId, change);
    fields.set(a.activityId, a.fields);
  }
  const connections = new Map<string, Change>();
  for (const c of diff.connections) {
    const change = c.change as Change;
    if ((change === 'added' && side === 'from') || (change === 'removed' && side === 'to')) continue;
    connections.set(edgeId(c.connection), change);
  }
  return { activities, connections, fields };
}
