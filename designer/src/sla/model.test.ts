import { describe, expect, it } from 'vitest';
import { complianceSeries, countedTotal, defaultReportDays, duration, errorsUnder, mergeHolidays, move, newRuleId, parseIntervals, ruleIndexOf } from './model';

describe('the SLA editor model', () => {
  it('ends the default report period on today in the report zone, not the browser zone', () => {
    const late = new Date('2026-11-26T16:30:00Z'); // 00:30 on the 27th in Shanghai
    expect(defaultReportDays('Asia/Shanghai', late)).toEqual(['2026-06-01', '2026-11-27']);
    expect(defaultReportDays('UTC', late)).toEqual(['2026-06-01', '2026-11-26']);
    expect(defaultReportDays('UTC', new Date('2026-03-10T08:00:00Z'))).toEqual(['2025-10-01', '2026-03-10']);
  });

  it('moves a rule up and down and stays inside the list', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const same = ['a', 'b'];
    expect(move(same, 0, -1)).toBe(same);
  });

  it('reads working intervals, a lunch break being two of them', () => {
    expect(parseIntervals('9:00-12:00, 13:00-18:00')).toEqual({ intervals: ['09:00-12:00', '13:00-18:00'] });
    expect(parseIntervals('09:00-12:00，13:00-18:00').intervals).toHaveLength(2);
    expect(parseIntervals('')).toEqual({ intervals: [] });
    expect(parseIntervals('12:00-09:00').error).toBe('12:00-09:00');
    expect(parseIntervals('13:00-18:00, 09:00-12:00').error).toBe('09:00-12:00');
    expect(parseIntervals('lunch').error).toBe('lunch');
  });

  it('writes durations in days, hours and minutes', () => {
    expect(duration(30)).toBe('30 min');
    expect(duration(1440)).toBe('1 d');
    expect(duration(1530)).toBe('1 d 1 h 30 min');
    expect(duration(null)).toBe('—');
  });

  it('finds the server errors of a rule and the rule an error names', () => {
    const errors = { 'document.rules[1].targets.onSite.minutes': ['Too long'], 'document.calendar.timeZone': ['Unknown'] };
    expect(errorsUnder(errors, 'document.rules[1]')).toEqual([{ field: 'targets.onSite.minutes', messages: ['Too long'] }]);
    expect(errorsUnder(errors, 'document.calendar')).toEqual([{ field: 'timeZone', messages: ['Unknown'] }]);
    expect(ruleIndexOf('document.rules[12].id')).toBe(12);
    expect(ruleIndexOf('document.calendar')).toBeUndefined();
  });

  it('names a new rule and merges imported holidays', () => {
    expect(newRuleId([{ id: 'rule-2' }])).toBe('rule-3');
    expect(newRuleId([{ id: 'rule-2' }, { id: 'rule-3' }])).toBe('rule-4');
    expect(mergeHolidays(['2026-10-01'], ['2026-10-02', '2026-10-01'])).toEqual({ holidays: ['2026-10-01', '2026-10-02'], added: 1 });
  });

  it('turns a report into chart series for one target', () => {
    const groups = [
      { key: '2026-04', label: '2026-04', requests: 2, targets: [{ target: 'FirstResponse', met: 1, breached: 1, running: 0, metPercent: 50 }] },
      { key: '2026-05', label: '2026-05', requests: 1, targets: [{ target: 'OnSite', met: 1, breached: 0, running: 0 }] },
    ];
    expect(complianceSeries(groups, 'FirstResponse')).toMatchObject({ labels: ['2026-04', '2026-05'], met: [1, 0], breached: [1, 0], percent: [50, null] });
    expect(countedTotal([{ countedMinutes: 30 }, { countedMinutes: 0 }, { countedMinutes: 90.0004 }])).toBe(120);
  });
});
