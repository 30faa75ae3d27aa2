import { describe, expect, it } from 'vitest';
import { attachmentStrings } from './strings';
import { formatSize } from './Attachments';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('the attachments strings', () => {
  it('have every English key in Chinese and nothing more', () => {
    expect(keys(attachmentStrings['zh-CN']).sort()).toEqual(keys(attachmentStrings.en).sort());
  });
});

describe('formatSize', () => {
  it('shows KB below a megabyte and MB above, in the language given', () => {
    expect(formatSize(2048, 'en')).toBe('2 KB');
    expect(formatSize(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
    expect(formatSize(10, 'en')).toBe('0.1 KB');
  });
});
