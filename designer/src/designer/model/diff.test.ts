import { describe, expect, it } from 'vitest';
import type { DefinitionDiff } from '../../api/types';
import { colouring } from './diff';
import { pathOverlay } from './overlay';
import { repairFlow } from '../../test/fixtures';

const diff: DefinitionDiff = {
  from: 1, to: 2, isEmpty: false,
  activities: [
    { activityId: 'check', change: 'added', fields: [] },
    { activityId: 'triage', change: 'changed', fields: ['inputs.title'] },
    { activityId: 'end', change: 'moved', fields: ['position'] },
    { activityId: 'log', change: 'removed', fields: [] },
  ],
  connections: [
    { connection: { source: 'triage', outcome: 'Repair', target: 'check' }, change: 'added' },
    { connection: { source: 'triage', outcome: 'Repair', target: 'log' }, change: 'removed' },
  ],
};

describe('diff colouring', () => {
  it('shows removed and changed on the older version', () => {
    const c = colouring(diff, 'from');
    expect([...c.activities]).toEqual([['triage', 'changed'], ['end', 'moved'], ['log', 'removed']]);
    expect([...c.connections.values()]).toEqual(['removed']);
  });

  it('shows added, changed and moved on the newer version, with the changed fields', () => {
    const c = colouring(diff, 'to');
    expect([...c.activities]).toEqual([['check', 'added'], ['triage', 'changed'], ['end', 'moved']]);
    expect([...c.connections]).toEqual([['triage\u2192Repair\u2192check', 'added']]);
    expect(c.fields.get('triage')).toEqual(['inputs.title']);
  });
});

describe('instance path overlay', () => {
  const at = '2026-11-25T10:00:00Z';
  const log = [
    { sequence: 1, activityId: 'start', activityType: 'Start', event: 'Completed', outcome: 'Done', at, durationMs: 1, stimulus: null, message: null },
    { sequence: 2, activityId: 'triage', activityType: 'HumanTask', event: 'Suspended', outcome: null, at, durationMs: 2, stimulus: null, message: null },
    { sequence: 3, activityId: 'triage', activityType: 'HumanTask', event: 'Resumed', outcome: null, at, durationMs: null, stimulus: null, message: null },
    { sequence: 4, activityId: 'triage', activityType: 'HumanTask', event: 'Completed', outcome: 'Repair', at, durationMs: 3, stimulus: null, message: null },
    { sequence: 5, activityId: 'repair', activityType: 'Log', event: 'Faulted', outcome: null, at, durationMs: 1, stimulus: null, message: 'boom' },
  ];

  it('lights up what ran, the outcomes taken and the connections followed', () => {
    const p = pathOverlay(log, repairFlow().connections!);
    expect(p.steps.get('start')!.state).toBe('done');
    expect(p.steps.get('triage')!.outcomes).toEqual(['Repair']);
    expect(p.steps.get('repair')!.state).toBe('faulted');
    expect(p.steps.has('reject')).toBe(false);
    expect([...p.taken]).toEqual(['start\u2192Done\u2192triage', 'triage\u2192Repair\u2192repair']);
  });

  it('marks where the instance waits now', () => {
    const p = pathOverlay(log.slice(0, 2), repairFlow().connections!, [{ activityId: 'triage', name: 'task', correlationKey: 'k', dueAt: null, createdAt: at }]);
    expect(p.steps.get('triage')!.state).toBe('waiting');
  });

  it('marks a branch the instance withdrew (cancelled, or another branch won) with the reason', () => {
    const cancelled = [
      ...log.slice(0, 2),
      { sequence: 3, activityId: 'triage', activityType: 'HumanTask', event: 'Withdrawn', outcome: null, at, durationMs: null, stimulus: null, message: 'the customer withdrew' },
      { sequence: 4, activityId: '(instance)', activityType: '(instance)', event: 'Cancelled', outcome: null, at, durationMs: null, stimulus: null, message: 'the customer withdrew' },
    ];
    const p = pathOverlay(cancelled, repairFlow().connections!);
    expect(p.steps.get('start')!.state).toBe('done');
    expect(p.steps.get('triage')!.state).toBe('withdrawn');
    expect(p.steps.get('triage')!.reason).toBe('the customer withdrew');
    expect(p.steps.get('triage')!.outcomes).toEqual([]);
    expect([...p.taken]).toEqual(['start→Done→triage']);
  });
});
