/**
 * Undo/redo over immutable snapshots. Each change pushes the state before it; changes that carry
 * the same coalesce key within `window` ms (typing in one field) make one step.
 */
export interface History<T> {
  present: T;
  past: T[];
  future: T[];
  lastKey?: string;
  lastAt?: number;
}

const LIMIT = 200;

export function start<T>(present: T): History<T> {
  return { present, past: [], future: [] };
}

export function change<T>(h: History<T>, next: T, key?: string, now = Date.now(), window = 1000): History<T> {
  if (next === h.present) return h;
  if (key && key === h.lastKey && h.lastAt !== undefined && now - h.lastAt < window)
    return { ...h, present: next, future: [], lastAt: now };
  return { present: next, past: [...h.past, h.present].slice(-LIMIT), future: [], lastKey: key, lastAt: now };
}

/** Replaces the present without a step (a drag in progress; the step was taken when it began). */
export function replace<T>(h: History<T>, next: T): History<T> {
  return { ...h, present: next };
}

/** Marks the start of a gesture (a drag): the current state becomes one undo step. */
export function checkpoint<T>(h: History<T>): History<T> {
  return { ...h, past: [...h.past, h.present].slice(-LIMIT), future: [], lastKey: undefined };
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { present: h.past[h.past.length - 1], past: h.past.slice(0, -1), future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  return { present: h.future[0], past: [...h.past, h.present], future: h.future.slice(1) };
}

export const canUndo = <T,>(h: History<T>) => h.past.length > 0;
export const canRedo = <T,>(h: History<T>) => h.future.length > 0;
