import { describe, expect, it } from 'vitest';
import { workspaceStrings } from './strings';
import { strings } from '../i18n/strings';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('the workspace strings', () => {
  it('have every English key in Chinese and nothing more', () => {
    expect(keys(workspaceStrings['zh-CN']).sort()).toEqual(keys(workspaceStrings.en).sort());
  });

  it('never replace a key of the main table', () => {
    const main = new Set(keys(strings.en));
    expect(keys(workspaceStrings.en).filter((k) => main.has(k))).toEqual([]);
  });
});
