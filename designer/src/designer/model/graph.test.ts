import { describe, expect, it } from 'vitest';
import { descriptors, repairFlow } from '../../test/fixtures';
import { connect, edgeId, insertOnConnection, newActivity, newActivityId, outcomePorts, removeElements, renameActivity, setOutcomeTarget } from './graph';
import { fromFlow, toFlowEdges, toFlowNodes } from './elements';

const flow = repairFlow();
const triage = flow.activities![1];

describe('outcome ports', () => {
  it('are the descriptor\'s fixed outcomes, required ones marked', () => {
    const ports = outcomePorts({ id: 'd', type: 'Decision' }, descriptors.get('Decision'));
    expect(ports.map((p) => [p.name, p.required])).toEqual([['True', true], ['False', true]]);
  });

  it('add the names listed in the outcomes input', () => {
    expect(outcomePorts(triage, descriptors.get('HumanTask')).map((p) => p.name)).toEqual(['Repair', 'Reject']);
  });

  it('use the input\'s default when the activity does not set it', () => {
    expect(outcomePorts({ id: 't', type: 'HumanTask', inputs: {} }, descriptors.get('HumanTask')).map((p) => p.name)).toEqual(['Done']);
  });

  it('add a Switch\'s case names after Default', () => {
    const sw = { id: 's', type: 'Switch', inputs: { cases: [{ name: 'Urgent', condition: 'x' }, { name: 'Vip', condition: 'y' }] } };
    expect(outcomePorts(sw, descriptors.get('Switch')).map((p) => p.name)).toEqual(['Default', 'Urgent', 'Vip']);
  });

  it('ignore an outcomes list given as an expression', () => {
    const t = { id: 't', type: 'HumanTask', inputs: { outcomes: { expression: 'vars.buttons' } } };
    expect(outcomePorts(t, descriptors.get('HumanTask'))).toEqual([]);
  });

  it('show TimedOut only while the activity has a timeout', () => {
    const wait = descriptors.get('WaitForEvent');
    expect(outcomePorts({ id: 'w', type: 'WaitForEvent', inputs: { eventName: 'paid' } }, wait).map((p) => p.name)).toEqual(['Done']);
    expect(outcomePorts({ id: 'w', type: 'WaitForEvent', inputs: { eventName: 'paid', timeout: '' } }, wait).map((p) => p.name)).toEqual(['Done']);
    expect(outcomePorts({ id: 'w', type: 'WaitForEvent', inputs: { timeout: 'P7D' } }, wait).map((p) => p.name)).toEqual(['Done', 'TimedOut']);
    expect(outcomePorts({ id: 'w', type: 'WaitForEvent', inputs: { timeout: { expression: 'vars.days * 86400' } } }, wait).map((p) => p.name))
      .toEqual(['Done', 'TimedOut']);
    // the timeout cleared under a connection: the port stays, struck through, until the connection goes
    const cleared = outcomePorts({ id: 'w', type: 'WaitForEvent', inputs: {} }, wait, [{ source: 'w', outcome: 'TimedOut', target: 'x' }]);
    expect(cleared.map((p) => [p.name, p.missing])).toEqual([['Done', false], ['TimedOut', true]]);
  });

  it('keep a connection whose outcome disappeared visible as a missing port', () => {
    const renamed = { ...triage, inputs: { ...triage.inputs, outcomes: ['Fix', 'Reject'] } };
    const ports = outcomePorts(renamed, descriptors.get('HumanTask'), flow.connections);
    expect(ports.map((p) => [p.name, p.missing])).toEqual([['Fix', false], ['Reject', false], ['Repair', true]]);
  });
});

describe('definition ⇄ canvas', () => {
  it('turns activities into nodes and connections into edges from outcome ports', () => {
    const nodes = toFlowNodes(flow, descriptors);
    const edges = toFlowEdges(flow);
    expect(nodes.map((n) => [n.id, n.position.x, n.data.label])).toEqual([['start', 0, 'Start'], ['triage', 200, 'Triage'], ['repair', 400, 'Log'], ['reject', 400, 'End']]);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([['start', 'Done', 'triage'], ['triage', 'Repair', 'repair'], ['triage', 'Reject', 'reject']]);
  });

  it('gives back the same definition from its nodes and edges, with moved positions', () => {
    const nodes = toFlowNodes(flow, descriptors).map((n) => (n.id === 'repair' ? { ...n, position: { x: 420, y: -80 } } : n));
    const back = fromFlow(flow, nodes, toFlowEdges(flow));
    expect(back.connections).toEqual(flow.connections);
    expect(back.activities!.find((a) => a.id === 'repair')!.position).toEqual({ x: 420, y: -80 });
    expect({ ...back, activities: back.activities!.map((a) => ({ ...a, position: null })) })
      .toEqual({ ...flow, activities: flow.activities!.map((a) => ({ ...a, position: null })) });
  });

  it('marks selection, errors and overlays on nodes and edges', () => {
    const id = edgeId(flow.connections![1]);
    const nodes = toFlowNodes(flow, descriptors, { selectedNodes: ['triage'], errorsByActivity: new Map([['repair', ['bad']]]) });
    const edges = toFlowEdges(flow, { errorEdges: new Map([[id, ['x']]]) });
    expect(nodes.find((n) => n.id === 'triage')!.selected).toBe(true);
    expect(nodes.find((n) => n.id === 'repair')!.data.errors).toEqual(['bad']);
    expect(edges.find((e) => e.id === id)!.className).toContain('has-errors');
  });
});

describe('editing', () => {
  it('connects an outcome once, and removes activities with their connections', () => {
    const once = connect(connect(flow, { source: 'repair', outcome: 'Done', target: 'reject' }), { source: 'repair', outcome: 'Done', target: 'reject' });
    expect(once.connections).toHaveLength(4);
    const removed = removeElements(once, ['triage'], []);
    expect(removed.activities!.map((a) => a.id)).toEqual(['start', 'repair', 'reject']);
    expect(removed.connections).toEqual([{ source: 'repair', outcome: 'Done', target: 'reject' }]);
  });

  it('renames an activity in every connection', () => {
    const renamed = renameActivity(flow, 'triage', 'assess');
    expect(renamed.connections!.filter((c) => c.source === 'assess' || c.target === 'assess')).toHaveLength(3);
  });

  it('points an outcome at another activity, or at nothing', () => {
    expect(setOutcomeTarget(flow, 'triage', 'Reject', 'repair').connections!.filter((c) => c.outcome === 'Reject')).toEqual([{ source: 'triage', outcome: 'Reject', target: 'repair' }]);
    expect(setOutcomeTarget(flow, 'triage', 'Reject', null).connections!.some((c) => c.outcome === 'Reject')).toBe(false);
  });

  it('inserts a Decision between two connected activities', () => {
    const decision = newActivity(descriptors.get('Decision')!, newActivityId('Decision', ['start']), { x: 300, y: 0 });
    const next = insertOnConnection(flow, flow.connections![1], decision, 'True');
    expect(next.connections).toContainEqual({ source: 'triage', outcome: 'Repair', target: 'decision' });
    expect(next.connections).toContainEqual({ source: 'decision', outcome: 'True', target: 'repair' });
    expect(next.connections).not.toContainEqual(flow.connections![1]);
  });

  it('names new activities after their type, unique in the flow', () => {
    expect(newActivityId('HumanTask', ['humanTask', 'humanTask2'])).toBe('humanTask3');
    expect(newActivity(descriptors.get('HumanTask')!, 'h', { x: 0, y: 0 }).inputs).toEqual({ outcomes: ['Done'] });
  });
});
