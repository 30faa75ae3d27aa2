import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, change, checkpoint, redo, replace, start, undo } from './history';
import { editorReducer, initialEditor, isDirty } from './editor';
import { repairFlow } from '../../test/fixtures';

describe('undo and redo', () => {
  it('step back and forth through changes, and a new change drops the redo path', () => {
    let h = change(change(start('a'), 'b'), 'c');
    h = undo(undo(h));
    expect(h.present).toBe('a');
    h = redo(h);
    expect(h.present).toBe('b');
    h = change(h, 'x');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('b');
  });

  it('make one step of typing in one field, but not of a pause or another field', () => {
    let h = start('');
    h = change(h, 'H', 'title', 1000);
    h = change(h, 'He', 'title', 1200);
    h = change(h, 'Hel', 'title', 1400);
    expect(h.past).toEqual(['']);
    h = change(h, 'Hel!', 'title', 5000);
    h = change(h, 'Hel!?', 'other', 5100);
    expect(h.past).toEqual(['', 'Hel', 'Hel!']);
  });

  it('make one step of a whole drag', () => {
    let h = checkpoint(start({ x: 0 }));
    h = replace(h, { x: 5 });
    h = replace(h, { x: 9 });
    expect(undo(h).present).toEqual({ x: 0 });
    expect(canUndo(undo(h))).toBe(false);
  });
});

describe('editor state', () => {
  it('is dirty after an edit, clean after undoing it or saving', () => {
    const flow = repairFlow();
    let s = initialEditor(flow, 1);
    s = editorReducer(s, { type: 'edit', definition: { ...flow, name: 'Renamed' } });
    expect(isDirty(s)).toBe(true);
    expect(isDirty(editorReducer(s, { type: 'undo' }))).toBe(false);
    const saved = editorReducer(s, { type: 'saved', definition: s.history.present, revision: 2 });
    expect(isDirty(saved)).toBe(false);
    expect(saved.revision).toBe(2);
    expect(canUndo(saved.history)).toBe(true);
  });

  it('forgets selected elements that an undo removes', () => {
    const flow = repairFlow();
    let s = initialEditor(flow, 1);
    s = editorReducer(s, { type: 'edit', definition: { ...flow, activities: [...flow.activities!, { id: 'new', type: 'Log' }] }, select: { nodes: ['new'], edges: [] } });
    expect(editorReducer(s, { type: 'undo' }).selection.nodes).toEqual([]);
  });

  it('makes one step of arrow-key moves of the same activity', () => {
    let s = initialEditor(repairFlow(), 1);
    s = editorReducer(s, { type: 'nudge', positions: { start: { x: 5, y: 0 } } });
    s = editorReducer(s, { type: 'nudge', positions: { start: { x: 10, y: 0 } } });
    expect(s.history.past).toHaveLength(1);
    expect(editorReducer(s, { type: 'undo' }).history.present.activities![0].position).toEqual({ x: 0, y: 0 });
  });

  it('moves activities without a step; the drag start is the step', () => {
    let s = editorReducer(initialEditor(repairFlow(), 1), { type: 'checkpoint' });
    s = editorReducer(s, { type: 'move', positions: { start: { x: 10, y: 20 } } });
    s = editorReducer(s, { type: 'move', positions: { start: { x: 30, y: 40 } } });
    expect(s.history.present.activities![0].position).toEqual({ x: 30, y: 40 });
    expect(editorReducer(s, { type: 'undo' }).history.present.activities![0].position).toEqual({ x: 0, y: 0 });
  });
});
