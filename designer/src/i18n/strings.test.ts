import { describe, expect, it } from 'vitest';
import { strings } from './strings';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('the string table', () => {
  it('has every English key in Chinese and nothing more', () => {
    expect(keys(strings['zh-CN']).sort()).toEqual(keys(strings.en).sort());
  });

  it('has no empty text', () => {
    for (const lang of [strings.en, strings['zh-CN']]) for (const k of keys(lang)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], lang)).not.toBe('');
  });
});
