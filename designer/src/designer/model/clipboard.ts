import type { ActivityNode, Connection, WorkflowDefinition } from '../../api/types';
import { edgeId, newActivityId } from './graph';

/** What Copy takes: the selected activities and the connections between them. Kept as JSON so it crosses flows and tabs. */
export interface Fragment {
  kind: 'orchestrator-fragment';
  activities: ActivityNode[];
  connections: Connection[];
}

export const CLIPBOARD_KEY = 'orchestrator.designer.clipboard';

export function copy(def: WorkflowDefinition, ids: Iterable<string>): Fragment {
  const chosen = new Set(ids);
  return {
    kind: 'orchestrator-fragment',
    activities: (def.activities ?? []).filter((a) => chosen.has(a.id)),
    connections: (def.connections ?? []).filter((c) => chosen.has(c.source) && chosen.has(c.target)),
  };
}

/** Pastes a fragment with fresh ids (no Start twice), offset so it does not hide what it was copied from. */
export function paste(def: WorkflowDefinition, fragment: Fragment, offset = { x: 40, y: 40 }): { definition: WorkflowDefinition; pasted: string[] } {
  const taken = new Set((def.activities ?? []).map((a) => a.id));
  const hasStart = (def.activities ?? []).some((a) => a.type === 'Start');
  const ids = new Map<string, string>();
  const activities: ActivityNode[] = [];
  for (const a of fragment.activities) {
    if (a.type === 'Start' && hasStart) continue;
    const id = taken.has(a.id) ? newActivityId(a.id.replace(/\d+$/, ''), taken) : a.id;
    taken.add(id);
    ids.set(a.id, id);
    const p = a.position ?? { x: 0, y: 0 };
    activities.push({ ...structuredClone(a), id, position: { x: Number(p.x) + offset.x, y: Number(p.y) + offset.y } });
  }
  const connections = fragment.connections
    .filter((c) => ids.has(c.source) && ids.has(c.target))
    .map((c) => ({ source: ids.get(c.source)!, outcome: c.outcome, target: ids.get(c.target)! }));
  const existing = new Set((def.connections ?? []).map(edgeId));
  return {
    definition: {
      ...def,
      activities: [...(def.activities ?? []), ...activities],
      connections: [...(def.connections ?? []), ...connections.filter((c) => !existing.has(edgeId(c)))],
    },
    pasted: activities.map((a) => a.id),
  };
}

export function parseFragment(text: string | null): Fragment | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Fragment;
    return value?.kind === 'orchestrator-fragment' && Array.isArray(value.activities) ? value : null;
  } catch {
    return null;
  }
}
