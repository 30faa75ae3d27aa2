/** Input values as the definition format has them: a literal, { expression: "…" } or { template: "…" }. */
export type ValueMode = 'literal' | 'expression' | 'template';

export function modeOf(value: unknown): ValueMode {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'expression') return 'expression';
    if (keys.length === 1 && keys[0] === 'template') return 'template';
  }
  return 'literal';
}

/** The text of an expression or template value. */
export function scriptOf(value: unknown): string {
  const mode = modeOf(value);
  if (mode === 'literal') return '';
  const text = (value as Record<string, unknown>)[mode];
  return typeof text === 'string' ? text : '';
}

/** Switches a value to another mode, carrying its text over where that makes sense. */
export function convert(value: unknown, to: ValueMode): unknown {
  const from = modeOf(value);
  if (from === to) return value;
  const text = from === 'literal' ? (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)) : scriptOf(value);
  if (to === 'expression') return { expression: from === 'literal' && typeof value === 'string' ? JSON.stringify(value) : text };
  if (to === 'template') return { template: text };
  return text === '' ? undefined : text;
}

/** ISO 8601 (PT30M, P7D), hh:mm:ss, d.hh:mm:ss, a number with a unit (30m, 1.5h) or seconds. */
export function isDuration(text: string): boolean {
  const t = text.trim();
  return /^P(?!$)(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/i.test(t)
    || /^(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)
    || /^\d+(\.\d+)?\s*(s|m|h|d)$/i.test(t)
    || /^\d+(\.\d+)?$/.test(t);
}

/** Names listed by an outcomes/cases input: strings, or objects with a name. */
export function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((item) => (typeof item === 'string' ? item : item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined))
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}
