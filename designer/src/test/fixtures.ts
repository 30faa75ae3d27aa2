import type { ActivityDescriptor, WorkflowDefinition } from '../api/types';
import { descriptorMap } from '../designer/model/graph';

/** The built-in descriptors as the server describes them (the parts the canvas reads). */
export const descriptorList: ActivityDescriptor[] = [
  { type: 'Start', category: 'Flow', displayName: 'Start', description: 'Where the flow begins.', kind: 'Trigger', outcomes: ['Done'], requiredOutcomes: ['Done'], inputs: [] },
  { type: 'End', category: 'Flow', displayName: 'End', description: 'Ends the flow.', outcomes: [], inputs: [] },
  {
    type: 'Decision', category: 'Flow', displayName: 'Decision', description: 'Takes True or False depending on a condition.',
    outcomes: ['True', 'False'], requiredOutcomes: ['True', 'False'],
    inputs: [{ name: 'condition', displayName: 'Condition', type: 'boolean', uiHint: 'expression', required: true, expressionAllowed: true }],
  },
  {
    type: 'Switch', category: 'Flow', displayName: 'Switch', description: 'Takes the first true case.', outcomes: ['Default'], outcomesInput: 'cases',
    inputs: [{ name: 'cases', displayName: 'Cases', type: 'list', uiHint: 'cases', required: true, expressionAllowed: false }],
  },
  {
    type: 'HumanTask', category: 'People', displayName: 'Human task', description: 'Puts a task in someone\'s inbox.', kind: 'Blocking',
    outcomes: [], outcomesInput: 'outcomes',
    inputs: [
      { name: 'title', displayName: 'Title', type: 'string', uiHint: 'singleline', required: true, expressionAllowed: true },
      { name: 'assignee', displayName: 'Assignee', type: 'string', uiHint: 'user', required: false, expressionAllowed: true },
      { name: 'team', displayName: 'Team', type: 'string', uiHint: 'team', required: false, expressionAllowed: true },
      { name: 'priority', displayName: 'Priority', type: 'choice', uiHint: 'dropdown', required: false, default: 'normal', expressionAllowed: true, choices: ['low', 'normal', 'high', 'urgent'] },
      { name: 'outcomes', displayName: 'Outcomes', type: 'list', uiHint: 'outcomes', required: true, default: ['Done'], expressionAllowed: false },
      { name: 'timeout', displayName: 'Timeout', type: 'duration', uiHint: 'duration', required: false, expressionAllowed: true },
      { name: 'milestone', displayName: 'Milestone', type: 'string', uiHint: 'activity', required: false, expressionAllowed: false },
    ],
  },
  {
    type: 'WaitForEvent', category: 'Events', displayName: 'Wait for event', description: 'Waits for a named event.', kind: 'Blocking',
    outcomes: ['Done', 'TimedOut'],
    inputs: [
      { name: 'eventName', displayName: 'Event name', type: 'string', uiHint: 'singleline', required: true, expressionAllowed: false },
      { name: 'timeout', displayName: 'Timeout', type: 'duration', uiHint: 'duration', required: false, expressionAllowed: true },
    ],
  },
  {
    type: 'Log', category: 'Data', displayName: 'Log', description: 'Writes a message to the execution log.', outcomes: ['Done'],
    inputs: [{ name: 'message', displayName: 'Message', type: 'string', uiHint: 'multiline', required: true, expressionAllowed: true }],
  },
];

export const descriptors = descriptorMap(descriptorList);

/** start → triage (Repair | Reject) → repair / reject */
export function repairFlow(): WorkflowDefinition {
  return {
    definitionId: 'repair',
    name: 'Repair',
    activities: [
      { id: 'start', type: 'Start', inputs: {}, position: { x: 0, y: 0 } },
      { id: 'triage', type: 'HumanTask', displayName: 'Triage', inputs: { title: 'Triage', outcomes: ['Repair', 'Reject'] }, position: { x: 200, y: 0 } },
      { id: 'repair', type: 'Log', inputs: { message: 'repair' }, position: { x: 400, y: -60 } },
      { id: 'reject', type: 'End', inputs: {}, position: { x: 400, y: 60 } },
    ],
    connections: [
      { source: 'start', outcome: 'Done', target: 'triage' },
      { source: 'triage', outcome: 'Repair', target: 'repair' },
      { source: 'triage', outcome: 'Reject', target: 'reject' },
    ],
  };
}
