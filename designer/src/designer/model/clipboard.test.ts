import { describe, expect, it } from 'vitest';
import { repairFlow } from '../../test/fixtures';
import { copy, parseFragment, paste } from './clipboard';

describe('copy and paste', () => {
  it('copies activities with the connections between them only', () => {
    const fragment = copy(repairFlow(), ['triage', 'repair']);
    expect(fragment.activities.map((a) => a.id)).toEqual(['triage', 'repair']);
    expect(fragment.connections).toEqual([{ source: 'triage', outcome: 'Repair', target: 'repair' }]);
  });

  it('pastes with fresh ids and offset positions, and never a second Start', () => {
    const flow = repairFlow();
    const { definition, pasted } = paste(flow, copy(flow, ['start', 'triage', 'repair']));
    expect(pasted).toEqual(['triage2', 'repair2']);
    expect(definition.activities!.filter((a) => a.type === 'Start')).toHaveLength(1);
    expect(definition.activities!.find((a) => a.id === 'triage2')!.position).toEqual({ x: 240, y: 40 });
    expect(definition.connections).toContainEqual({ source: 'triage2', outcome: 'Repair', target: 'repair2' });
  });

  it('crosses flows through JSON text and ignores anything else', () => {
    const text = JSON.stringify(copy(repairFlow(), ['repair']));
    const into = { definitionId: 'other', name: 'Other', activities: [], connections: [] };
    expect(paste(into, parseFragment(text)!).pasted).toEqual(['repair']);
    expect(parseFragment('hello')).toBeNull();
    expect(parseFragment('{"a":1}')).toBeNull();
  });
});
