/** Dates and times in the user's language and time zone (an IANA name; the browser's when not given or unknown). */
export function formatDateTime(iso: string | null | undefined, language: string, timeZone?: string | null): string {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone ?? undefined }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}

/** A calendar date (yyyy-mm-dd) as the user reads it; no time zone shift. */
export function formatDate(day: string | null | undefined, language: string): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A time of day in the given IANA time zone (the user's), else the browser's. */
export function formatTime(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(iso));
  }
}

export function formatMoney(yuan: number | string | null | undefined, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' }).format(Number(yuan ?? 0));
}
