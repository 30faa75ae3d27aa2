import { describe, expect, it } from 'vitest';
import type { OutputBundle, OutputChunk } from 'rolldown';
import { firstGraph, reassignedExports, shim, startScript } from '../classicStart';

const chunk = (fileName: string, code: string, imports: string[] = [], exports: string[] = [], isEntry = false) =>
  ({ type: 'chunk', fileName, code, imports, exports, isEntry }) as unknown as OutputChunk;

/** Runs a start script as a browser would run it from /assets/, and gives its registry. */
function run(code: string): Record<string, Record<string, unknown>> {
  const globals = globalThis as unknown as { __seen?: string[] };
  globals.__seen = [];
  return new Function('document', `${code};return __orchestratorStart`)({ currentScript: { src: 'http://host/assets/start-x.js' } });
}

describe('the scripts every page runs first, as one classic script (Chromium keeps its compiled code)', () => {
  const dep = chunk('assets/dep-1.js', 'globalThis.__seen.push("dep");const hello=e=>`hi `+e;export{hello as t};', [], ['t']);
  const entry = chunk(
    'assets/index-2.js',
    'import{t as e}from"./dep-1.js";globalThis.__seen.push(e("entry"));'
      + 'const page=()=>import("./Lazy-3.js"),url=()=>new URL("/assets/x.js",import.meta.url).href;export{page as a,url as b};',
    ['assets/dep-1.js'], ['a', 'b'], true,
  );
  const lazy = chunk('assets/Lazy-3.js', 'import{t as e}from"./dep-1.js";export const x=e;', ['assets/dep-1.js'], ['x']);
  const bundle = { 'assets/Lazy-3.js': lazy, 'assets/index-2.js': entry, 'assets/dep-1.js': dep } as unknown as OutputBundle;

  it("is the entry and what it imports, dependencies first; a page loaded later isn't in it", () => {
    expect(firstGraph(bundle).map((c) => c.fileName)).toEqual(['assets/dep-1.js', 'assets/index-2.js']);
  });

  it('runs them in order, once, and gives every chunk its exports; later pages stay import()s of their files', async () => {
    const code = await startScript(firstGraph(bundle));
    expect(code).toMatch(/^"use strict";/);
    expect(code).toContain('import(`./Lazy-3.js`)');
    expect(code).not.toContain('import.meta');
    const registry = run(code);
    expect((globalThis as unknown as { __seen: string[] }).__seen).toEqual(['dep', 'hi entry']);
    expect((registry['assets/dep-1.js'].t as (s: string) => string)('x')).toBe('hi x');
    // Vite's preload helper resolves against import.meta.url: the start script's own address
    expect((registry['assets/index-2.js'].b as () => string)()).toBe('http://host/assets/x.js');
  });

  it('re-exports a chunk from the registry under its file name, so a later page imports the same instance', () => {
    expect(shim('assets/dep-1.js', ['t', 'default'])).toBe(
      'const m=globalThis.__orchestratorStart["assets/dep-1.js"],$0=m["t"],$1=m["default"];export{$0 as t,$1 as default};\n',
    );
    expect(shim('assets/side-4.js', [])).toBe('globalThis.__orchestratorStart["assets/side-4.js"];export{};\n');
  });

  it('refuses an exported binding a function assigns later (a re-export copies it once), not a local of the same name', () => {
    expect(reassignedExports('let n=0;function inc(){n++}export{n as a,inc as b};')).toEqual(['a (let n)']);
    expect(reassignedExports('var s;const set=e=>{s=e};export{s as t,set as n};')).toEqual(['t (var s)']);
    expect(reassignedExports('var s=1;s=2;function f(s){s=3}function g(){let s;{s=4}}function h(){var s;if(1){s=5}}'
      + 'function k(){try{}catch(s){s=6}}const c=1;export{s as t,c as u,f,g,h,k};')).toEqual([]);
  });
});
