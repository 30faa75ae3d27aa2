import { describe, expect, it } from 'vitest';
import { schedulingStrings } from './strings';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('the scheduling strings', () => {
  it('has every English key in Chinese', () => {
    expect(keys(schedulingStrings['zh-CN']).sort()).toEqual(keys(schedulingStrings.en).sort());
  });

  it('names every status, trigger, kind and source the API answers', () => {
    const runs = schedulingStrings.en.scheduling.runs;
    expect(Object.keys(runs.statuses)).toEqual(['Queued', 'Running', 'Succeeded', 'Failed']);
    expect(Object.keys(runs.triggers)).toEqual(['schedule', 'manual']);
    const reminders = schedulingStrings.en.scheduling.reminders;
    expect(Object.keys(reminders.kinds)).toEqual(['pm', 'callback']);
    expect(Object.keys(reminders.sources)).toEqual(['plan', 'callback', 'flow', 'sweep']);
  });
});
