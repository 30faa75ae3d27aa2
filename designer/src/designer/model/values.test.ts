import { describe, expect, it } from 'vitest';
import { convert, isDuration, modeOf, namesOf } from './values';

describe('input values', () => {
  it('tell literals from expressions and templates', () => {
    expect(modeOf('high')).toBe('literal');
    expect(modeOf({ expression: 'a > 1' })).toBe('expression');
    expect(modeOf({ template: 'Hi {{ x }}' })).toBe('template');
    expect(modeOf({ expression: 'a', other: 1 })).toBe('literal');
  });

  it('carry text across a change of mode', () => {
    expect(convert('Hello', 'template')).toEqual({ template: 'Hello' });
    expect(convert('high', 'expression')).toEqual({ expression: '"high"' });
    expect(convert({ template: 'x' }, 'literal')).toBe('x');
  });

  it('accept the duration forms the engine accepts', () => {
    for (const ok of ['PT30M', 'P7D', 'PT1H30M', '02:00:00', '1.02:00:00', '30m', '1.5h', '90']) expect(isDuration(ok)).toBe(true);
    for (const bad of ['P', 'soon', '3 weeks', 'PT']) expect(isDuration(bad)).toBe(false);
  });

  it('read names from lists of strings or objects', () => {
    expect(namesOf(['A', { name: 'B' }, { x: 1 }, ''])).toEqual(['A', 'B']);
  });
});
