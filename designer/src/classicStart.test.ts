import { describe, expect, it } from 'vitest';
import type { OutputBundle, OutputChunk } from 'rolldown';
import { classicScript, firstGraph, reassignedExports, shim } from '../classicStart';

const chunk = (fileName: string, code: string, imports: string[] = [], exports: string[] = [], isEntry = false) =>
  ({ type: 'chunk', fileName, code, imports, exports, isEntry }) as unknown as OutputChunk;

/** Runs classic scripts in order as a browser would run them from /assets/, and gives the registry they filled. */
function run(scripts: string[]): Record<string, Record<string, unknown>> {
  const globals = globalThis as unknown as { __seen?: string[]; __orchestratorStart?: unknown };
  globals.__seen = [];
  delete globals.__orchestratorStart;
  for (const code of scripts) new Function('document', code)({ currentScript: { src: 'http://host/assets/start-x.js' } });
  return globals.__orchestratorStart as Record<string, Record<string, unknown>>;
}

describe('the scripts every page runs first, as classic scripts (Chromium keeps their compiled code)', () => {
  const dep = chunk('assets/dep-1.js', 'globalThis.__seen.push("dep");let n=0;const hello=e=>`hi `+e,inc=()=>{n++};export{hello as t,n,inc as i};', [], ['t', 'n', 'i']);
  const entry = chunk(
    'assets/index-2.js',
    'import{t as e,n,i}from"./dep-1.js";globalThis.__seen.push(e("entry"));const count=()=>(i(),n);'
      + 'const page=()=>import("./Lazy-3.js"),url=()=>new URL("/assets/x.js",import.meta.url).href;export{page as a,url as b,count as c};',
    ['assets/dep-1.js'], ['a', 'b', 'c'], true,
  );
  const lazy = chunk('assets/Lazy-3.js', 'import{t as e}from"./dep-1.js";export const x=e;', ['assets/dep-1.js'], ['x']);
  const bundle = { 'assets/Lazy-3.js': lazy, 'assets/index-2.js': entry, 'assets/dep-1.js': dep } as unknown as OutputBundle;

  it("is the entry and what it imports, dependencies first; a page loaded later isn't in it", () => {
    expect(firstGraph(bundle).map((c) => c.fileName)).toEqual(['assets/dep-1.js', 'assets/index-2.js']);
  });

  it.each(['one script per chunk', 'both chunks in one script'])('runs them in order, once, %s; imports stay live; later pages stay import()s', async (layout) => {
    const graph = firstGraph(bundle);
    const names = new Set(graph.map((c) => c.fileName));
    const scripts = await Promise.all((layout === 'one script per chunk' ? graph.map((c) => [c]) : [graph]).map((p) => classicScript(p, names)));
    expect(scripts.join('')).toContain('import(`./Lazy-3.js`)');
    expect(scripts.join('')).not.toContain('import.meta');
    const registry = run(scripts);
    expect((globalThis as unknown as { __seen: string[] }).__seen).toEqual(['dep', 'hi entry']);
    expect((registry['assets/dep-1.js'].t as (s: string) => string)('x')).toBe('hi x');
    // a binding its chunk assigns reads as an ES import would, from the registry and from the importing chunk
    expect((registry['assets/index-2.js'].c as () => number)()).toBe(1);
    expect(registry['assets/dep-1.js'].n).toBe(1);
    // Vite's preload helper resolves against import.meta.url: the classic script's own address
    expect((registry['assets/index-2.js'].b as () => string)()).toBe('http://host/assets/x.js');
  });

  it('refuses chunks that import each other: their scripts would have no order to run in', () => {
    const a = chunk('assets/a.js', '', ['assets/b.js'], [], true);
    const b = chunk('assets/b.js', '', ['assets/a.js']);
    expect(() => firstGraph({ 'assets/a.js': a, 'assets/b.js': b } as unknown as OutputBundle)).toThrow(/assets\/a.js → assets\/b.js → assets\/a.js/);
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
