import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import { totalOf, totalText } from './total';
import { workspaceStrings } from './strings';

describe('the inbox total', () => {
  it('reads a count and the 1000+ convention of X-Total-Count', () => {
    expect(totalOf('351', 100)).toEqual({ count: 351, more: false });
    expect(totalOf('1000+', 100)).toEqual({ count: 1000, more: true });
    expect(totalOf(null, 7)).toEqual({ count: 7, more: false });
    expect(totalOf('garbage', 3)).toEqual({ count: 3, more: false });
  });

  it('says 1,000+ tasks in English and 1,000+ 个任务 in Chinese', async () => {
    const i = i18n.createInstance();
    await i.init({
      lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false },
      resources: { en: { translation: workspaceStrings.en }, 'zh-CN': { translation: workspaceStrings['zh-CN'] } },
    });
    expect(totalText(i.t as never, 'en', { count: 1000, more: true })).toBe('1,000+ tasks');
    expect(totalText(i.t as never, 'en', { count: 351, more: false })).toBe('351 tasks');
    expect(totalText(i.t as never, 'en', { count: 1, more: false })).toBe('1 task');
    await i.changeLanguage('zh-CN');
    expect(totalText(i.t as never, 'zh-CN', { count: 1000, more: true })).toBe('1,000+ 个任务');
    expect(totalText(i.t as never, 'zh-CN', { count: 12, more: false })).toBe('12 个任务');
  });

  it('groups thousands as Intl does in both languages', () => {
    const t = (_: string, o?: Record<string, unknown>) => String(o?.n);
    for (const locale of ['en', 'en-US', 'zh-CN'])
      for (const count of [0, 7, 999, 1000, 12345, 1234567, 100000000])
        expect(totalText(t, locale, { count, more: false })).toBe(new Intl.NumberFormat(locale).format(count));
  });
});
