import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '../../i18n';
import { descriptors, descriptorList, repairFlow } from '../../test/fixtures';
import { json, stubFetch } from '../../test/fetch';
import type { WorkflowDefinition } from '../../api/types';
import { PropertiesPanel } from './PropertiesPanel';
import { Palette } from '../Palette';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function panel(definition: WorkflowDefinition, nodes: string[], onChange = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <PropertiesPanel definition={definition} descriptors={descriptors} selection={{ nodes, edges: [] }} onChange={onChange} onDelete={vi.fn()} />
    </QueryClientProvider>,
  );
  return onChange;
}

describe('properties panel', () => {
  it('edits a Decision\'s condition as an expression and shows the server\'s parse error inline', async () => {
    stubFetch((path, { body }) => {
      if (path === '/api/expressions/check') {
        const text = (body as { text: string }).text;
        return json(text.endsWith('>') ? { valid: false, errors: ['Expecting an expression'] } : { valid: true, errors: [] });
      }
      return undefined;
    });
    const flow = repairFlow();
    flow.activities!.push({ id: 'check', type: 'Decision', inputs: { condition: { expression: 'input.amount >' } } });
    const onChange = panel(flow, ['check']);
    await waitFor(() => expect(screen.getByTestId('expression-error-input-check-condition').textContent).toMatch(/Expecting/));
    fireEvent.change(screen.getByTestId('expression-input-check-condition'), { target: { value: 'input.amount > 1000' } });
    const [changed] = onChange.mock.calls.at(-1)!;
    expect((changed as WorkflowDefinition).activities!.find((a) => a.id === 'check')!.inputs).toEqual({ condition: { expression: 'input.amount > 1000' } });
  });

  it('shows a literal input\'s default and the choices of a dropdown', () => {
    stubFetch(() => undefined);
    panel(repairFlow(), ['triage']);
    expect(screen.getByText('Default: normal')).toBeTruthy();
    expect(screen.getByText('Default: ["Done"]')).toBeTruthy();
    expect(screen.getByTestId('input-triage-outcomes-0')).toBeTruthy();
  });

  it('lists where each outcome leads, and says when a path ends there', async () => {
    stubFetch(() => undefined);
    const flow = repairFlow();
    flow.connections = flow.connections!.filter((c) => c.outcome !== 'Reject');
    const onChange = panel(flow, ['triage']);
    expect(screen.getAllByText('the path ends here').length).toBe(1);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('assignee pickers', () => {
  it('finds a user in the directory as the analyst types and stores the username', async () => {
    const asked: string[] = [];
    stubFetch((path) => {
      if (!path.startsWith('/api/directory')) return undefined;
      asked.push(path);
      const q = new URL(path, 'http://localhost').searchParams.get('q') ?? '';
      const users = [{ kind: 'user', id: 'wang', name: '王伟', detail: 'Technician' }, { kind: 'user', id: 'li', name: '李娜', detail: 'Agent' }];
      return json(users.filter((u) => u.id.includes(q) || u.name.includes(q)));
    });
    const onChange = panel(repairFlow(), ['triage']);
    const picker = screen.getByRole('combobox', { name: 'Assignee' });
    fireEvent.mouseDown(picker);
    fireEvent.change(picker, { target: { value: 'wang' } });
    await waitFor(() => expect(asked).toContain('/api/directory?kind=user&q=wang&limit=20'));
    await waitFor(() => expect(screen.getByTestId('input-triage-assignee-option-wang').textContent).toBe('王伟 (wang) · Technician'));
    expect(screen.queryByTestId('input-triage-assignee-option-li')).toBeNull();
    fireEvent.click(screen.getByTestId('input-triage-assignee-option-wang'));
    const [changed] = onChange.mock.calls.at(-1)!;
    expect((changed as WorkflowDefinition).activities!.find((a) => a.id === 'triage')!.inputs!.assignee).toBe('wang');
  });

  it('picks a milestone among the flow\'s other activities', async () => {
    stubFetch(() => undefined);
    const onChange = panel(repairFlow(), ['triage']);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Milestone' }));
    await waitFor(() => expect(document.querySelectorAll('.ant-select-item-option').length).toBe(3));
    expect([...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent)).toEqual(['start', 'repair', 'reject']);
    fireEvent.click(screen.getByTitle('repair'));
    const [changed] = onChange.mock.calls.at(-1)!;
    expect((changed as WorkflowDefinition).activities!.find((a) => a.id === 'triage')!.inputs!.milestone).toBe('repair');
  });

  it('keeps showing a stored team the directory no longer lists', async () => {
    stubFetch((path) => (path.startsWith('/api/directory') ? json([]) : undefined));
    const flow = repairFlow();
    flow.activities!.find((a) => a.id === 'triage')!.inputs!.team = 'T-GONE';
    panel(flow, ['triage']);
    expect(screen.getByTestId('input-triage-team').textContent).toContain('T-GONE');
  });
});

describe('palette', () => {
  it('groups the descriptors by category and finds them by description', () => {
    render(<Palette descriptors={descriptorList} onAdd={vi.fn()} />);
    expect(screen.getByRole('region', { name: 'Flow' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'People' })).toBeTruthy();
    fireEvent.change(screen.getByTestId('palette-search').querySelector('input') ?? screen.getByTestId('palette-search'), { target: { value: 'inbox' } });
    expect(screen.queryByTestId('palette-Decision')).toBeNull();
    expect(screen.getByTestId('palette-HumanTask')).toBeTruthy();
  });

  it('adds an activity with Enter', () => {
    const onAdd = vi.fn();
    render(<Palette descriptors={descriptorList} onAdd={onAdd} />);
    fireEvent.keyDown(screen.getByTestId('palette-Log'), { key: 'Enter' });
    expect(onAdd).toHaveBeenCalledWith('Log');
  });
});
