/** How many tasks match, as GET /api/tasks says it in X-Total-Count (docs/inbox.md). */
export interface Total { count: number; more: boolean }

/**
 * X-Total-Count as the list says it: "351", or "1000+" when more match than the server counts (it stops at 1,000);
 * without the header, the rows received.
 */
export function totalOf(header: string | null | undefined, rows: number): Total {
  const m = /^\s*(\d+)(\+?)\s*$/.exec(header ?? '');
  return m ? { count: Number(m[1]), more: m[2] === '+' } : { count: rows, more: false };
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * The number in the user's locale. The app's languages (English, Chinese) both group thousands with a comma, written here
 * without Intl.NumberFormat: creating the first one in a page costs Chromium ~50 ms (its locale data), and the total is
 * in the inbox's first frame (docs/benchmarks.md, inbox page). Another locale gets Intl's format.
 */
function grouped(count: number, locale: string): string {
  if (/^(en|zh)\b/i.test(locale) && Number.isSafeInteger(count)) return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(count);
}

/** "351 tasks", "1,000+ tasks" / "1,000+ 个任务": the number in the user's locale. */
export function totalText(t: (key: string, options?: Record<string, unknown>) => string, locale: string, total: Total | undefined): string {
  const count = total?.count ?? 0;
  const n = grouped(count, locale);
  return total?.more ? t('inbox.totalMore', { n }) : t('inbox.total', { count, n });
}
