import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { ActivityDescriptor, ActivityNode, Connection, WorkflowDefinition } from '../../api/types';
import { activityLabel, edgeId, outcomePorts, type Port } from './graph';
import type { Change, DiffColouring } from './diff';
import type { PathOverlay, Step } from './overlay';

export interface ActivityData extends Record<string, unknown> {
  activity: ActivityNode;
  descriptor?: ActivityDescriptor;
  label: string;
  ports: Port[];
  errors: string[];
  change?: Change;
  step?: Step;
  readOnly: boolean;
}

export type ActivityFlowNode = Node<ActivityData, 'activity'>;

export interface Overlays {
  selectedNodes?: string[];
  selectedEdges?: string[];
  errorsByActivity?: Map<string, string[]>;
  errorEdges?: Map<string, string[]>;
  diff?: DiffColouring;
  path?: PathOverlay;
  readOnly?: boolean;
  measured?: Map<string, { width?: number; height?: number }>;
}

/** Definition → canvas nodes: one per activity, with its outcome ports and whatever overlay applies. */
export function toFlowNodes(def: WorkflowDefinition, descriptors: Map<string, ActivityDescriptor>, o: Overlays = {}): ActivityFlowNode[] {
  return (def.activities ?? []).map((a) => {
    const descriptor = descriptors.get(a.type);
    const label = activityLabel(a, descriptor);
    return {
      id: a.id,
      type: 'activity',
      position: { x: Number(a.position?.x ?? 0), y: Number(a.position?.y ?? 0) },
      selected: o.selectedNodes?.includes(a.id) ?? false,
      measured: o.measured?.get(a.id),
      ariaLabel: label,
      data: {
        activity: a,
        descriptor,
        label,
        ports: outcomePorts(a, descriptor, def.connections),
        errors: o.errorsByActivity?.get(a.id) ?? [],
        change: o.diff?.activities.get(a.id),
        step: o.path?.steps.get(a.id),
        readOnly: o.readOnly ?? false,
      },
    };
  });
}

/** Definition → canvas edges: one per connection, leaving from the source's outcome port. */
export function toFlowEdges(def: WorkflowDefinition, o: Overlays = {}, label?: (c: Connection) => string): Edge[] {
  return (def.connections ?? []).map((c) => {
    const id = edgeId(c);
    const classes = ['flow-edge'];
    const change = o.diff?.connections.get(id);
    if (change) classes.push(`diff-${change}`);
    if (o.path?.taken.has(id)) classes.push('taken');
    if (o.errorEdges?.has(id)) classes.push('has-errors');
    return {
      id,
      source: c.source,
      sourceHandle: c.outcome,
      target: c.target,
      selected: o.selectedEdges?.includes(id) ?? false,
      className: classes.join(' '),
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      ariaLabel: label?.(c),
      data: { connection: c },
    };
  });
}

/** Canvas → definition: positions of the nodes and connections of the edges, everything else as it was. */
export function fromFlow(def: WorkflowDefinition, nodes: Pick<Node, 'id' | 'position'>[], edges: Pick<Edge, 'source' | 'sourceHandle' | 'target'>[]): WorkflowDefinition {
  const at = new Map(nodes.map((n) => [n.id, n.position]));
  return {
    ...def,
    activities: (def.activities ?? []).filter((a) => at.has(a.id)).map((a) => ({ ...a, position: { x: at.get(a.id)!.x, y: at.get(a.id)!.y } })),
    connections: edges.filter((e) => e.sourceHandle).map((e) => ({ source: e.source, outcome: e.sourceHandle!, target: e.target })),
  };
}
