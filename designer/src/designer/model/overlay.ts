import type { BookmarkView, Connection, IncidentView, LogEntry } from '../../api/types';
import { edgeId } from './graph';

/** withdrawn: it was waiting when something took its work away — a deferred choice's other branch won, a Cancel or an End
 * withdrew it, the instance was cancelled, its milestone passed. */
export type StepState = 'done' | 'waiting' | 'faulted' | 'running' | 'withdrawn';

export interface Step {
  state: StepState;
  /** Times the activity completed (a loop runs it more than once). */
  runs: number;
  outcomes: string[];
  firstAt?: string;
  lastAt?: string;
  durationMs?: number;
  /** Why it was withdrawn (the engine's log message). */
  reason?: string;
}

/** The path an instance took, for drawing on its version: what ran, with which outcome, where it waits, what failed. */
export interface PathOverlay {
  steps: Map<string, Step>;
  taken: Set<string>;
}

export function pathOverlay(log: LogEntry[], connections: Connection[], bookmarks: BookmarkView[] = [], incidents: IncidentView[] = []): PathOverlay {
  const steps = new Map<string, Step>();
  const step = (id: string) => {
    let s = steps.get(id);
    if (!s) steps.set(id, (s = { state: 'running', runs: 0, outcomes: [] }));
    return s;
  };
  const reached = new Set<string>();
  const took = new Set<string>();
  for (const e of log) {
    if (e.activityId === '(instance)') continue;
    const s = step(e.activityId);
    s.firstAt ??= e.at;
    s.lastAt = e.at;
    reached.add(e.activityId);
    if (e.event === 'Completed') {
      s.state = 'done';
      s.reason = undefined;
      s.runs++;
      if (e.durationMs !== null && e.durationMs !== undefined) s.durationMs = Number(e.durationMs);
      for (const o of (e.outcome ?? '').split(',').filter(Boolean)) {
        if (!s.outcomes.includes(o)) s.outcomes.push(o);
        took.add(`${e.activityId}\u2192${o}`);
      }
    } else if (e.event === 'Withdrawn') {
      s.state = 'withdrawn';
      s.reason = e.message ?? undefined;
    } else if (e.event === 'Faulted') {
      s.state = 'faulted';
    } else if (e.event === 'Suspended' || e.event === 'Resumed') {
      s.state = e.event === 'Suspended' ? 'waiting' : 'running';
    }
  }
  for (const b of bookmarks) step(b.activityId).state = 'waiting';
  for (const i of incidents) if (!i.resolvedAt) step(i.activityId).state = 'faulted';
  const taken = new Set<string>();
  for (const c of connections)
    if (took.has(`${c.source}\u2192${c.outcome}`) && reached.has(c.target)) taken.add(edgeId(c));
  return { steps, taken };
}

export function isFinished(status: string | undefined): boolean {
  return status === 'Completed' || status === 'Cancelled';
}
