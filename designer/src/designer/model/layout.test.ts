import { describe, expect, it } from 'vitest';
import { descriptors, repairFlow } from '../../test/fixtures';
import { needsLayout, tidy } from './layout';
import { NODE_WIDTH } from './graph';

describe('tidy layout', () => {
  it('places each activity right of the one before it, without overlaps', () => {
    const flow = repairFlow();
    const laid = tidy({ ...flow, activities: flow.activities!.map((a) => ({ ...a, position: null })) }, descriptors);
    const x = Object.fromEntries(laid.activities!.map((a) => [a.id, Number(a.position!.x)]));
    expect(x.start).toBeLessThan(x.triage);
    expect(x.triage + NODE_WIDTH).toBeLessThan(x.repair);
    const [repair, reject] = ['repair', 'reject'].map((id) => laid.activities!.find((a) => a.id === id)!.position!);
    expect(Math.abs(Number(repair.y) - Number(reject.y))).toBeGreaterThan(40);
    expect(needsLayout(laid)).toBe(false);
    expect(laid.connections).toEqual(flow.connections);
  });
});
