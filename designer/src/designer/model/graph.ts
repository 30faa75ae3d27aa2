import type { ActivityDescriptor, ActivityNode, Connection, WorkflowDefinition } from '../../api/types';
import { modeOf, namesOf } from './values';

export const NODE_WIDTH = 180;
const HEADER = 46;
const PORT = 24;

export interface Port {
  name: string;
  required: boolean;
  /** A connection leaves from it, but the activity no longer has this outcome. */
  missing: boolean;
}

export const TIMED_OUT = 'TimedOut';

/** Whether a blocking activity's boundary timer is set: only then can it take TimedOut. */
export function hasTimeout(activity: ActivityNode): boolean {
  const t = activity.inputs?.timeout;
  return t !== undefined && t !== null && t !== '';
}

/**
 * The outcome ports of an activity: the descriptor's fixed outcomes plus the ones its outcomes input lists.
 * TimedOut is a port only while the activity has a timeout (a connection left on it shows as a missing port).
 */
export function outcomePorts(activity: ActivityNode, descriptor: ActivityDescriptor | undefined, connections: Connection[] = []): Port[] {
  const timed = !descriptor?.inputs?.some((i) => i.name === 'timeout') || hasTimeout(activity);
  const names: string[] = [...(descriptor?.outcomes ?? (descriptor ? [] : ['Done']))].filter((n) => n !== TIMED_OUT || timed);
  if (descriptor?.outcomesInput) {
    const input = descriptor.outcomesInput;
    const value = activity.inputs?.[input];
    const listed = value === undefined || value === null
      ? namesOf(descriptor.inputs?.find((i) => i.name === input)?.default)
      : modeOf(value) === 'literal' ? namesOf(value) : [];
    for (const name of listed) if (!names.includes(name)) names.push(name);
  }
  const required = descriptor?.requiredOutcomes ?? [];
  const ports: Port[] = names.map((name) => ({ name, required: required.includes(name), missing: false }));
  for (const c of connections)
    if (c.source === activity.id && !ports.some((p) => p.name === c.outcome)) ports.push({ name: c.outcome, required: false, missing: true });
  return ports;
}

export function nodeHeight(ports: number): number {
  return HEADER + Math.max(1, ports) * PORT;
}

export function portOffset(index: number): number {
  return HEADER + index * PORT + PORT / 2;
}

/** A stable id for a connection: the format identifies one by source, outcome and target together. */
export function edgeId(c: Connection): string {
  return `${c.source}\u2192${c.outcome}\u2192${c.target}`;
}

export function descriptorMap(descriptors: ActivityDescriptor[] | undefined): Map<string, ActivityDescriptor> {
  return new Map((descriptors ?? []).map((d) => [d.type, d]));
}

/** A new id for an activity of this type, unique in the flow: decision, decision2, … */
export function newActivityId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = type.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toLowerCase()) || 'activity';
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** A new activity with the descriptor's defaults for the inputs that shape it (outcomes, cases). */
export function newActivity(descriptor: ActivityDescriptor, id: string, position: { x: number; y: number }): ActivityNode {
  const inputs: Record<string, unknown> = {};
  if (descriptor.outcomesInput) {
    const d = descriptor.inputs?.find((i) => i.name === descriptor.outcomesInput)?.default;
    if (d !== undefined && d !== null) inputs[descriptor.outcomesInput] = d;
  }
  return { id, type: descriptor.type, displayName: descriptor.displayName, inputs, position };
}

export function activityLabel(a: ActivityNode, descriptor?: ActivityDescriptor): string {
  return a.displayName || descriptor?.displayName || a.id;
}

/** Renames an activity and every connection that names it. */
export function renameActivity(def: WorkflowDefinition, from: string, to: string): WorkflowDefinition {
  return {
    ...def,
    activities: (def.activities ?? []).map((a) => (a.id === from ? { ...a, id: to } : a)),
    connections: (def.connections ?? []).map((c) => ({
      ...c,
      source: c.source === from ? to : c.source,
      target: c.target === from ? to : c.target,
    })),
  };
}

/** Removes activities (and their connections) and connections by edge id. */
export function removeElements(def: WorkflowDefinition, activityIds: Iterable<string>, edgeIds: Iterable<string>): WorkflowDefinition {
  const gone = new Set(activityIds);
  const goneEdges = new Set(edgeIds);
  return {
    ...def,
    activities: (def.activities ?? []).filter((a) => !gone.has(a.id)),
    connections: (def.connections ?? []).filter((c) => !gone.has(c.source) && !gone.has(c.target) && !goneEdges.has(edgeId(c))),
  };
}

/** Adds a connection unless the same one exists. */
export function connect(def: WorkflowDefinition, c: Connection): WorkflowDefinition {
  const connections = def.connections ?? [];
  if (connections.some((x) => edgeId(x) === edgeId(c))) return def;
  return { ...def, connections: [...connections, c] };
}

/** Points the outcome of an activity at one target (or none), replacing what it pointed at. */
export function setOutcomeTarget(def: WorkflowDefinition, source: string, outcome: string, target: string | null): WorkflowDefinition {
  const others = (def.connections ?? []).filter((c) => !(c.source === source && c.outcome === outcome));
  return { ...def, connections: target ? [...others, { source, outcome, target }] : others };
}

export function updateActivity(def: WorkflowDefinition, id: string, change: (a: ActivityNode) => ActivityNode): WorkflowDefinition {
  return { ...def, activities: (def.activities ?? []).map((a) => (a.id === id ? change(a) : a)) };
}

/** Sets (or, with undefined, removes) one input of an activity. */
export function setInput(def: WorkflowDefinition, id: string, name: string, value: unknown): WorkflowDefinition {
  return updateActivity(def, id, (a) => {
    const inputs = { ...(a.inputs ?? {}) };
    if (value === undefined) delete inputs[name];
    else inputs[name] = value;
    return { ...a, inputs };
  });
}

/** Inserts an activity on a connection: source -outcome-> new -firstOutcome-> old target. */
export function insertOnConnection(def: WorkflowDefinition, c: Connection, activity: ActivityNode, outcome: string): WorkflowDefinition {
  const connections = (def.connections ?? []).filter((x) => edgeId(x) !== edgeId(c));
  return {
    ...def,
    activities: [...(def.activities ?? []), activity],
    connections: [...connections, { source: c.source, outcome: c.outcome, target: activity.id }, { source: activity.id, outcome, target: c.target }],
  };
}
