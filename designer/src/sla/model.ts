/**
 * Pure logic of the SLA screens (tested with Vitest): the policy document as the editor holds it,
 * rule order, working intervals as text, server errors per field, chart series from a report.
 */
export const REQUEST_TYPES = ['Installation', 'InWarrantyRepair', 'OutOfWarrantyRepair', 'Complaint', 'Return', 'PreventiveMaintenance'];
export const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'];
export const TIERS = ['Standard', 'Silver', 'Gold', 'Vip'];
export const CONTRACT_LEVELS = ['Basic', 'Standard', 'Premium'];
export const STATUSES = ['Pending', 'Dispatched', 'InProgress', 'WaitingForCustomer', 'WaitingForParts', 'WaitingForVendor'];
export const TARGETS = ['firstResponse', 'onSite', 'resolution'] as const;
export const TARGET_KINDS = ['FirstResponse', 'OnSite', 'Resolution'] as const;
export const CLOCKS = ['BusinessHours', 'AroundTheClock'];
export const ACTIONS = ['sla.warning', 'sla.breached', 'email', 'raise-priority', 'reassign'];
export const DAYS = ['weekdays', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'everyday'];

export type TargetKey = (typeof TARGETS)[number];

export interface TargetDoc { minutes?: number | null; clock?: string | null; startsAt?: string | null }
export type TargetsDoc = Partial<Record<TargetKey, TargetDoc | null>>;
export interface MatchDoc {
  requestTypes?: string[] | null; priorities?: string[] | null; customerTiers?: string[] | null;
  contractLevels?: string[] | null; regions?: string[] | null; productLines?: string[] | null;
}
export interface RuleDoc { id?: string | null; match?: MatchDoc | null; targets?: TargetsDoc | null; noSla?: boolean }
export interface RegionalDoc { name?: string | null; regions?: string[] | null; holidays?: string[] | null; makeUpWorkdays?: Record<string, string> | null }
export interface CalendarDoc {
  name?: string | null; timeZone?: string | null; hours?: Record<string, string[]> | null; holidays?: string[] | null;
  makeUpWorkdays?: Record<string, string> | null; regional?: RegionalDoc[] | null;
}
export interface EscalationDoc {
  target?: string | null; atPercent?: number | null; minutesBeforeDue?: number | null; action?: string | null;
  emailTo?: string | null; template?: string | null; priority?: string | null; team?: string | null;
}
export interface PolicyDoc {
  name?: string | null; description?: string | null; calendar?: CalendarDoc | null; pauseStatuses?: string[] | null;
  rules?: RuleDoc[] | null; defaultTargets?: TargetsDoc | null; escalations?: EscalationDoc[] | null;
}

/** The list with the item at `index` moved by `by` places (kept inside the list). */
export function move<T>(list: T[], index: number, by: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, index + by));
  if (to === index || index < 0 || index >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item);
  return copy;
}

/** "09:00-12:00, 13:00-18:00" → ["09:00-12:00", "13:00-18:00"]; empty text → no working time. */
export function parseIntervals(text: string): { intervals: string[]; error?: string } {
  const parts = text.split(/[,，;\s]+/).map((p) => p.trim()).filter(Boolean);
  const intervals: string[] = [];
  let last = -1;
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return { intervals, error: part };
    const from = Number(m[1]) * 60 + Number(m[2]);
    const to = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || from >= to || to > 24 * 60 || from < last) return { intervals, error: part };
    last = to;
    intervals.push(`${m[1].padStart(2, '0')}:${m[2]}-${m[3].padStart(2, '0')}:${m[4]}`);
  }
  return { intervals };
}

export function formatIntervals(intervals: string[] | null | undefined): string {
  return (intervals ?? []).join(', ');
}

/** Minutes as "1 d 2 h 30 min" (whole units left out when zero). */
export function duration(minutes: number | null | undefined, units = { d: 'd', h: 'h', min: 'min' }): string {
  if (minutes == null) return '—';
  const m = Math.round(minutes);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  const parts = [d ? `${d} ${units.d}` : '', h ? `${h} ${units.h}` : '', rest || (!d && !h) ? `${rest} ${units.min}` : ''];
  return parts.filter(Boolean).join(' ');
}

/** Server validation errors (`document.rules[2].targets.onSite.minutes`) under one prefix, with the rest of the path. */
export function errorsUnder(errors: Record<string, string[]> | undefined, prefix: string): { field: string; messages: string[] }[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`) || k.startsWith(`${prefix}[`))
    .map(([k, messages]) => ({ field: k.slice(prefix.length).replace(/^\./, ''), messages }));
}

/** The rule index a server error names (document.rules[3]...), or undefined. */
export function ruleIndexOf(field: string): number | undefined {
  const m = /^document\.rules\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : undefined;
}

/** A rule whose id is new in the list: "rule-n" with the first n not taken. */
export function newRuleId(rules: RuleDoc[]): string {
  const taken = new Set(rules.map((r) => r.id));
  let n = rules.length + 1;
  while (taken.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}

/** Holidays merged, sorted and without duplicates. */
export function mergeHolidays(existing: string[] | null | undefined, added: string[]): { holidays: string[]; added: number } {
  const set = new Set(existing ?? []);
  const before = set.size;
  for (const d of added) set.add(d);
  return { holidays: [...set].sort(), added: set.size - before };
}

export interface ReportTarget { target: string; met: number; breached: number; running: number; metPercent?: number | null; averageMinutes?: number | null; p90Minutes?: number | null }
export interface ReportGroup { key: string; label: string; requests: number; targets: ReportTarget[] }

/** The chart's series for one target: met and breached bars and the met percentage per group. */
export function complianceSeries(groups: ReportGroup[], target: string) {
  const pick = (g: ReportGroup) => g.targets.find((t) => t.target === target);
  return {
    labels: groups.map((g) => g.label),
    met: groups.map((g) => pick(g)?.met ?? 0),
    breached: groups.map((g) => pick(g)?.breached ?? 0),
    percent: groups.map((g) => pick(g)?.metPercent ?? null),
    average: groups.map((g) => pick(g)?.averageMinutes ?? null),
    p90: groups.map((g) => pick(g)?.p90Minutes ?? null),
  };
}

/** The counted minutes of an explanation add up to the target (a check shown next to the clock). */
export function countedTotal(segments: { countedMinutes: number }[]): number {
  return Math.round(segments.reduce((sum, s) => sum + s.countedMinutes, 0) * 1000) / 1000;
}

/**
 * The compliance report's default days, first and last included: from the first of the month five months back to today,
 * today being the date in the report's time zone, not the browser's (at 00:30 in Shanghai it is still yesterday in UTC).
 */
export function defaultReportDays(timeZone: string, now = new Date()): [string, string] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const [y, m] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - 5, 1)).toISOString().slice(0, 10);
  return [first, today];
}
