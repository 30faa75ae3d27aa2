import type { WorkflowDefinition } from '../../api/types';
import * as H from './history';

export interface Selection {
  nodes: string[];
  edges: string[];
}

/** The designer's editing state: the flow with its undo history, the selection and what the server has. */
export interface EditorState {
  history: H.History<WorkflowDefinition>;
  selection: Selection;
  /** The draft revision the edits started from (sent as If-Match); null when the flow has no draft yet. */
  revision: number | null;
  /** The flow as last loaded or saved: dirty when the present differs from it. */
  saved: WorkflowDefinition;
}

export type EditorAction =
  | { type: 'load'; definition: WorkflowDefinition; revision: number | null }
  | { type: 'saved'; definition: WorkflowDefinition; revision: number }
  | { type: 'edit'; definition: WorkflowDefinition; key?: string; select?: Selection }
  | { type: 'move'; positions: Record<string, { x: number; y: number }> }
  | { type: 'nudge'; positions: Record<string, { x: number; y: number }> }
  | { type: 'checkpoint' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'select'; selection: Selection };

export function initialEditor(definition: WorkflowDefinition, revision: number | null): EditorState {
  return { history: H.start(definition), selection: { nodes: [], edges: [] }, revision, saved: definition };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'load':
      return initialEditor(action.definition, action.revision);
    case 'saved':
      // keep the undo history: saving is not an edit
      return { ...state, revision: action.revision, saved: state.history.present };
    case 'edit':
      return {
        ...state,
        history: H.change(state.history, action.definition, action.key),
        selection: action.select ?? prune(state.selection, action.definition),
      };
    case 'move':
    case 'nudge': {
      const present = state.history.present;
      const activities = (present.activities ?? []).map((a) => (action.positions[a.id] ? { ...a, position: action.positions[a.id] } : a));
      const next = { ...present, activities };
      // a drag is one step (taken when it began); arrow-key moves of the same activities within a second make one step
      return {
        ...state,
        history: action.type === 'move' ? H.replace(state.history, next) : H.change(state.history, next, `nudge:${Object.keys(action.positions).sort().join(',')}`),
      };
    }
    case 'checkpoint':
      return { ...state, history: H.checkpoint(state.history) };
    case 'undo': {
      const history = H.undo(state.history);
      return { ...state, history, selection: prune(state.selection, history.present) };
    }
    case 'redo': {
      const history = H.redo(state.history);
      return { ...state, history, selection: prune(state.selection, history.present) };
    }
    case 'select':
      return { ...state, selection: action.selection };
  }
}

/** Keeps only selected elements that still exist. */
function prune(selection: Selection, def: WorkflowDefinition): Selection {
  const ids = new Set((def.activities ?? []).map((a) => a.id));
  const edges = new Set((def.connections ?? []).map((c) => `${c.source}\u2192${c.outcome}\u2192${c.target}`));
  const nodes = selection.nodes.filter((n) => ids.has(n));
  const kept = selection.edges.filter((e) => edges.has(e));
  return nodes.length === selection.nodes.length && kept.length === selection.edges.length ? selection : { nodes, edges: kept };
}

/** Whether the flow differs from what was saved, positions included. */
export function isDirty(state: EditorState): boolean {
  return state.history.present !== state.saved && JSON.stringify(state.history.present) !== JSON.stringify(state.saved);
}
