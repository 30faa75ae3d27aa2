import { type PointerEvent, type ReactNode, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxRow } from './inboxApi';

/** Amber from two hours before the due time (the API's "breaching soon", Inbox:BreachingSoon). */
const AMBER_SECONDS = 2 * 3600;

/** How often the countdowns move: one interval for all of them, however many rows are on screen. */
export const TICK_MS = 15_000;

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let shared = Date.now();

/** Subscribes to the shared clock: the first countdown starts its one interval, the last one gone stops it. */
export function subscribeNow(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    shared = Date.now();
    timer = setInterval(() => {
      shared = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function useNow() {
  return useSyncExternalStore(subscribeNow, () => shared);
}

/** "2 h 05 min", "35 min over": the time left (or over) in the user's language. */
export function duration(seconds: number, t: (key: string, o?: Record<string, unknown>) => string) {
  const abs = Math.abs(seconds);
  const d = Math.floor(abs / 86400);
  const h = Math.floor((abs % 86400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const text = d > 0 ? t('inbox.dh', { d, h }) : h > 0 ? t('inbox.hm', { h, m }) : t('inbox.m', { m });
  return seconds < 0 ? t('inbox.over', { time: text }) : text;
}

/** The colour of a countdown: the server's seconds left, less the time since the row arrived (the server's clock rules). */
export function slaColour(row: Pick<InboxRow, 'slaState' | 'slaRemaining' | 'receivedAt'>, now: number): { state: 'green' | 'amber' | 'red' | 'paused' | 'none'; left?: number } {
  if (row.slaState === 'paused') return { state: 'paused', left: row.slaRemaining ?? undefined };
  if (row.slaState === 'none' || row.slaState === 'done' || row.slaRemaining === null || row.slaRemaining === undefined) return { state: 'none' };
  const left = Math.round(row.slaRemaining - (row.receivedAt ? (now - row.receivedAt) / 1000 : 0));
  return { state: left < 0 || row.slaState === 'breached' ? 'red' : left < AMBER_SECONDS ? 'amber' : 'green', left };
}

/**
 * A small label in the look of antd's filled Tag (inbox.css), without its component: a list of 100 tasks shows two per row,
 * and antd's Tag costs each of them its style hooks at every render (docs/benchmarks.md, inbox page).
 */
export function Chip({ tone, className, children, ...rest }: {
  tone?: 'red' | 'orange'; className?: string; children: ReactNode; title?: string; 'data-sla'?: string; onPointerEnter?: (e: PointerEvent<HTMLSpanElement>) => void;
}) {
  return <span className={['chip', tone ? `chip-${tone}` : '', className ?? ''].filter(Boolean).join(' ')} {...rest}>{children}</span>;
}

let dueFormat: Intl.DateTimeFormat | undefined;
/**
 * The due time as the browser shows dates (one formatter for every row: making one per row is what costs), for the
 * countdown's tooltip: written when the pointer comes over it, since the page's first Intl.DateTimeFormat costs Chromium
 * ~30 ms and the countdowns are in the inbox's first frame (docs/benchmarks.md, inbox page).
 */
function dueText(iso: string) {
  dueFormat ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return dueFormat.format(new Date(iso));
}

/** The SLA countdown of a task: green, amber (due within 2 h), red (breached), grey when paused; dash without a due time. */
export function SlaCountdown({ row }: { row: InboxRow }) {
  const { t } = useTranslation();
  const now = useNow();
  const { state, left } = slaColour(row, now);
  if (state === 'none') return <span className="sla none" data-sla="none">—</span>;
  const label = state === 'paused' ? t('inbox.paused') : duration(left ?? 0, t);
  return (
    <Chip className={`sla ${state}`} data-sla={state} onPointerEnter={(e) => { if (row.dueAt) e.currentTarget.title = dueText(row.dueAt); }}>
      {label}
    </Chip>
  );
}
