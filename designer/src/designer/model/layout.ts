import dagre from '@dagrejs/dagre';
import type { ActivityDescriptor, WorkflowDefinition } from '../../api/types';
import { NODE_WIDTH, nodeHeight, outcomePorts } from './graph';

/** Tidy layout, left to right (dagre). Only positions change. */
export function tidy(def: WorkflowDefinition, descriptors: Map<string, ActivityDescriptor>): WorkflowDefinition {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const activities = def.activities ?? [];
  for (const a of activities)
    g.setNode(a.id, { width: NODE_WIDTH, height: nodeHeight(outcomePorts(a, descriptors.get(a.type), def.connections).length) });
  for (const c of def.connections ?? [])
    if (g.hasNode(c.source) && g.hasNode(c.target)) g.setEdge(c.source, c.target);
  dagre.layout(g);
  return {
    ...def,
    activities: activities.map((a) => {
      const n = g.node(a.id);
      return { ...a, position: { x: Math.round(n.x - n.width / 2), y: Math.round(n.y - n.height / 2) } };
    }),
  };
}

/** Whether any activity lacks a position (a flow written by hand or through the API). */
export function needsLayout(def: WorkflowDefinition): boolean {
  return (def.activities ?? []).some((a) => !a.position);
}
