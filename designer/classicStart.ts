import { rolldown, RUNTIME_MODULE_ID } from 'rolldown';
import type { OutputAsset, OutputBundle, OutputChunk, Plugin as RolldownPlugin } from 'rolldown';
import { parseAst, type Plugin } from 'vite';

/**
 * The scripts every page runs first as classic scripts, so that Chromium keeps their compiled code.
 *
 * Why (docs/benchmarks.md, "Inbox at scale", sessions 12 and 13): the Chromium of this project's machines compiles
 * module scripts again at every load. With its BackgroundResourceFetch feature (on by default) it writes a V8 code
 * cache for them and never reads it back — from the HTTP cache nor from a service worker's CacheStorage — while a
 * classic script's cache is read from the third load on (a ~10 ms deserialize instead of a 150–350 ms parse).
 * Vite only writes code-split builds as ES modules, so after the build this plugin takes the entry chunk and every
 * chunk it imports statically (the "first graph") and:
 *
 * 1. writes each of them again with rolldown as a classic script `assets/start-<name>-<hash>.js` (CommonJS in a
 *    function: its exports, live getters, go into `window.__orchestratorStart["<chunk file name>"]`, and its imports
 *    of the other first-graph chunks read from there, member by member, so they stay live too);
 * 2. writes, under each of those chunks' own file names, a small ES module that re-exports them from there: the pages
 *    loaded later (React.lazy chunks) import these, so React, antd and the app's own modules stay single instances;
 * 3. loads the classic scripts with `<script defer>` in index.html, dependencies first, instead of the entry module
 *    and its modulepreloads.
 *
 * A chunk's classic script is named after its content, so a build that leaves React and antd alone leaves their
 * scripts and Chromium's compiled code of them as they were. The re-exporting files are hashed with a marker
 * (augmentChunkHash), so a browser never mixes one with the module of the same name it cached from a build before this
 * plugin; bump {@link VERSION} when the form of either file changes.
 */
const VERSION = 'orchestrator classic start 1';
const GLOBAL = '__orchestratorStart';
const SCRIPT_URL = '__orchestratorStartUrl';

/**
 * The entry chunk and the chunks it imports statically, dependencies before dependents (the entry last): the order the
 * classic scripts run in. Chunks that import each other have no such order, and fail the build.
 */
export function firstGraph(bundle: OutputBundle): OutputChunk[] {
  const chunks = Object.values(bundle).filter((f): f is OutputChunk => f.type === 'chunk');
  const entries = chunks.filter((c) => c.isEntry);
  if (entries.length !== 1) throw new Error(`classic start: expected one entry chunk, found ${entries.length}`);
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const order: OutputChunk[] = [];
  const seen = new Set<string>();
  const path: string[] = [];
  const visit = (c: OutputChunk) => {
    if (path.includes(c.fileName)) throw new Error(`classic start: chunks import each other: ${[...path, c.fileName].join(' → ')}`);
    if (seen.has(c.fileName)) return;
    seen.add(c.fileName);
    path.push(c.fileName);
    for (const i of c.imports) {
      const dep = byName.get(i);
      if (!dep) throw new Error(`classic start: ${c.fileName} imports ${i}, which is not in the bundle`);
      visit(dep);
    }
    path.pop();
    order.push(c);
  };
  visit(entries[0]);
  return order;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const name = (n: string) => (IDENTIFIER.test(n) ? n : JSON.stringify(n));

/** The ES module written under a first-graph chunk's file name: its exports, read from the start script's registry. */
export function shim(fileName: string, exports: string[]): string {
  const from = `globalThis.${GLOBAL}[${JSON.stringify(fileName)}]`;
  if (exports.length === 0) return `${from};export{};\n`;
  const locals = exports.map((e, i) => `$${i}=m[${JSON.stringify(e)}]`).join(',');
  return `const m=${from},${locals};export{${exports.map((e, i) => `$${i} as ${name(e)}`).join(',')}};\n`;
}

type Node = { type: string; [key: string]: unknown };
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

function patternNames(p: unknown, out: string[]) {
  if (!isNode(p)) return;
  if (p.type === 'Identifier') out.push(p.name as string);
  else if (p.type === 'ArrayPattern') for (const e of p.elements as unknown[]) patternNames(e, out);
  else if (p.type === 'ObjectPattern') for (const q of p.properties as Node[]) patternNames(q.type === 'RestElement' ? q.argument : q.value, out);
  else if (p.type === 'AssignmentPattern') patternNames(p.left, out);
  else if (p.type === 'RestElement') patternNames(p.argument, out);
}

/** The names a function's `var`s declare, at any depth of its body but not in the functions inside it. */
function hoistedVars(n: unknown, out: string[]): void {
  if (Array.isArray(n)) return n.forEach((x) => hoistedVars(x, out));
  if (!isNode(n) || n.type.includes('Function') || n.type.startsWith('Class')) return;
  if (n.type === 'VariableDeclaration' && n.kind === 'var') for (const d of n.declarations as Node[]) patternNames(d.id, out);
  for (const [k, v] of Object.entries(n)) if (k !== 'type' && typeof v === 'object') hoistedVars(v, out);
}

/** The names a block's statements declare for that block: let, const, class and (in strict code) function. */
function lexical(statements: Node[]): Set<string> {
  const out: string[] = [];
  for (const s of statements) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations as Node[]) patternNames(d.id, out);
    if ((s.type === 'ClassDeclaration' || s.type === 'FunctionDeclaration') && s.id) patternNames(s.id, out);
  }
  return new Set(out);
}

/**
 * Exports a later page could read wrong: the re-exporting modules copy each export's value once, when a page first
 * imports it, which is only the same as an ES import for a binding nothing assigns after the start script ran. Lists
 * every exported `let`/`var` that a function of its chunk assigns.
 */
export function reassignedExports(code: string): string[] {
  const program = parseAst(code) as unknown as Node;
  const kinds = new Map<string, string>();
  const exported = new Map<string, string>();
  for (const s of program.body as Node[]) {
    const decl = s.type === 'ExportNamedDeclaration' ? (s.declaration as Node | null) : s;
    if (decl?.type === 'VariableDeclaration')
      for (const d of decl.declarations as Node[]) {
        const names: string[] = [];
        patternNames(d.id, names);
        for (const n of names) kinds.set(n, decl.kind as string);
        if (s !== decl) for (const n of names) exported.set(n, n);
      }
    if (s.type === 'ExportNamedDeclaration' && !s.source)
      for (const sp of (s.specifiers as Node[]) ?? []) exported.set((sp.local as Node).name as string, String((sp.exported as Node).name ?? (sp.exported as Node).value));
  }
  const assigned = new Set<string>();
  // scopes[0] is the chunk's top level; an assignment inside a function to a name no inner scope declares is to it
  const visit = (n: unknown, scopes: Set<string>[], inFunction: boolean): void => {
    if (Array.isArray(n)) return n.forEach((x) => visit(x, scopes, inFunction));
    if (!isNode(n)) return;
    let inner = scopes;
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') {
      const own: string[] = [];
      if (n.type === 'FunctionExpression' && n.id) patternNames(n.id, own);
      for (const p of n.params as unknown[]) patternNames(p, own);
      hoistedVars(n.body, own);
      inner = [...scopes, new Set(own)];
      inFunction = true;
    } else if (n.type === 'BlockStatement' || n.type === 'StaticBlock') inner = [...scopes, lexical(n.body as Node[])];
    else if (n.type === 'SwitchStatement') inner = [...scopes, lexical((n.cases as Node[]).flatMap((c) => c.consequent as Node[]))];
    else if (n.type === 'ForStatement' || n.type === 'ForInStatement' || n.type === 'ForOfStatement')
      inner = [...scopes, lexical([(n.type === 'ForStatement' ? n.init : n.left) as Node].filter(isNode))];
    else if (n.type === 'CatchClause') {
      const own: string[] = [];
      patternNames(n.param, own);
      inner = [...scopes, new Set(own)];
    } else if (n.type === 'ClassExpression' && n.id) inner = [...scopes, new Set([(n.id as Node).name as string])];
    if (inFunction && (n.type === 'AssignmentExpression' || n.type === 'UpdateExpression')) {
      const targets: string[] = [];
      patternNames(n.type === 'AssignmentExpression' ? n.left : n.argument, targets);
      for (const t of targets) if (!inner.slice(1).some((s) => s.has(t))) assigned.add(t);
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && typeof v === 'object') visit(v, inner, inFunction);
  };
  visit(program.body, [new Set(kinds.keys())], false);
  return [...exported]
    .filter(([local]) => kinds.get(local) !== 'const' && kinds.has(local) && assigned.has(local))
    .map(([local, as]) => `${as} (${kinds.get(local)} ${local})`);
}

const ENTRY = '\0classic-start';
const CHUNK = '\0classic-start-chunk:';

/**
 * First-graph chunks (the plugin gives one; consecutive ones work too) as one classic script: rolldown bundles them
 * again as CommonJS, whose exports are one namespace object (live getters) per chunk, put in the registry under the
 * chunk's file name. Their imports of chunks of earlier scripts read from the registry, member by member, so they stay
 * live; `import()`s of later pages stay as written, relative to the script, which is in the same folder.
 *
 * One script per chunk (session 13's A/B): at the load that writes the code cache (the second of a build) Chromium
 * parses them side by side on background threads, where one script of all 1.2 MB took ~200 ms longer; and a build that
 * leaves React and antd alone leaves their scripts, and Chromium's compiled code of them, as they were.
 */
export async function classicScript(part: OutputChunk[], graph: Set<string>): Promise<string> {
  const own = new Map(part.map((c) => [c.fileName, c]));
  const entry = part.map((c) => `export * as ${JSON.stringify(c.fileName)} from ${JSON.stringify(CHUNK + c.fileName)};`).join('\n');
  const loader: RolldownPlugin = {
    name: 'classic-start-chunks',
    resolveId(source, importer, options) {
      if (source === ENTRY || source.startsWith(CHUNK)) return source;
      if (!importer?.startsWith(CHUNK)) return null;
      const target = new URL(source, `file:///${importer.slice(CHUNK.length)}`).pathname.slice(1);
      const isStatic = options.kind === 'import-statement';
      if (isStatic && own.has(target)) return CHUNK + target;
      return { id: isStatic && graph.has(target) ? target : source, external: true };
    },
    load(id) {
      if (id === ENTRY) return entry;
      if (!id.startsWith(CHUNK)) return null;
      const fileName = id.slice(CHUNK.length);
      // Vite's preload helper resolves the files it preloads with import.meta, which a classic script has not
      const code = own.get(fileName)!.code.replaceAll('import.meta.resolve', 'void 0').replaceAll('import.meta.url', SCRIPT_URL);
      if (code.includes('import.meta')) throw new Error(`classic start: ${fileName} uses import.meta, which a classic script cannot`);
      return code;
    },
  };
  const warnings: string[] = [];
  const build = await rolldown({
    input: ENTRY,
    plugins: [loader],
    onLog: (level, log) => {
      if (level === 'warn') warnings.push(log.message);
    },
  });
  try {
    const { output } = await build.generate({ format: 'cjs', minify: true });
    const names = part.map((c) => c.fileName).join(', ');
    if (warnings.length) throw new Error(`classic start: rolldown warned about ${names}:\n${warnings.join('\n')}`);
    if (output.length !== 1) throw new Error(`classic start: ${names} came out as ${output.length} files`);
    // the code in a function of its own (its names cannot meet the wrapper's), given what CommonJS expects; the
    // chunks' namespaces go into the registry once it has run
    return (
      `(function(r){var e={};(function(exports,module,require,${SCRIPT_URL}){"use strict";\n${output[0].code}\n})(e,{exports:e},` +
      `function(n){if(n in r)return r[n];throw Error("classic start: "+n+" has not run")},document.currentScript.src);` +
      `for(var k in e)r[k]=e[k]})(globalThis.${GLOBAL}||(globalThis.${GLOBAL}={}));\n`
    );
  } finally {
    await build.close();
  }
}

export function classicStart(): Plugin {
  let base = '/';
  const firstModules = new Set<string>();
  const marked = new Set<string>();
  return {
    name: 'orchestrator:classic-start',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    buildEnd() {
      // the modules the entry imports statically, at any depth: their chunks are the first graph
      const queue = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      while (queue.length) {
        const id = queue.pop()!;
        if (firstModules.has(id)) continue;
        firstModules.add(id);
        queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
    augmentChunkHash(chunk) {
      // rolldown's helpers (the runtime module) are the first graph's too when it uses any
      if (!chunk.moduleIds.some((id) => firstModules.has(id) || id === RUNTIME_MODULE_ID)) return;
      marked.add(chunk.fileName);
      return VERSION;
    },
    // after Vite wrote index.html and the preload lists (`order: 'post'`): the files as they will be written
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const graph = firstGraph(bundle);
        const unmarked = graph.filter((c) => !marked.has(c.preliminaryFileName));
        if (unmarked.length) throw new Error(`classic start: not hashed as re-exporting files: ${unmarked.map((c) => c.fileName).join(', ')}`);
        const reassigned = graph.flatMap((c) => reassignedExports(c.code).map((e) => `${c.fileName}: ${e}`));
        if (reassigned.length) throw new Error(`classic start: exports assigned after the start, which a re-export would not follow:\n${reassigned.join('\n')}`);

        const names = new Set(graph.map((c) => c.fileName));
        const scripts = await Promise.all(
          graph.map(async (c) => this.getFileName(this.emitFile({ type: 'asset', name: `start-${c.name}.js`, source: await classicScript([c], names) }))),
        );
        const entry = graph[graph.length - 1];
        const html = bundle['index.html'] as OutputAsset | undefined;
        if (!html) throw new Error('classic start: no index.html in the bundle');
        const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        let page = String(html.source);
        const script = new RegExp(`<script type="module"[^>]*src="${escape(base + entry.fileName)}"[^>]*></script>`);
        if (!script.test(page)) throw new Error(`classic start: index.html does not load ${entry.fileName}`);
        page = page.replace(script, scripts.map((f) => `<script defer fetchpriority="high" src="${base}${f}"></script>`).join('\n    '));
        for (const c of graph) page = page.replace(new RegExp(`\\s*<link rel="modulepreload"[^>]*href="${escape(base + c.fileName)}"[^>]*>`), '');

        for (const c of graph) c.code = shim(c.fileName, c.exports);
        html.source = page;
        this.info(`classic start: the ${graph.length} chunks of the first graph run as classic scripts ${scripts.join(', ')}`);
      },
    },
  };
}
