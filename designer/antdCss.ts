import type { Plugin } from 'vite';

/**
 * antd components the app never shows: not imported anywhere in src/, nor rendered inside one it imports (their class
 * prefixes, as in `.ant-steps-item`; `select-tree` is TreeSelect's list, `picker-calendar` the Calendar, `otp` Input.OTP,
 * `ribbon` Badge.Ribbon; `col-xs` and the like are classes of a component in use, for props the app never gives).
 * Using one of them means taking it out of this list, or its styles are missing.
 */
export const UNUSED_ANTD = [
  'affix', 'anchor', 'avatar', 'back-top', 'border-beam', 'breadcrumb', 'carousel', 'cascader', 'collapse', 'color-picker',
  'float-btn', 'image', 'layout-sider', 'listy', 'masonry', 'mentions', 'otp', 'picker-calendar', 'qrcode', 'rate', 'ribbon',
  'select-tree', 'slider', 'splitter', 'steps', 'timeline', 'tour', 'transfer', 'tree', 'watermark',
  // never called (App.useApp().notification nor `notification`): the messages are `message`
  'notification',
  // the grid's responsive and offset classes: the app's Cols have a `span` only, and its Forms no labelCol/wrapperCol
  'col-xs', 'col-sm', 'col-md', 'col-lg', 'col-xl', 'col-xxl', 'col-xxxl', 'col-push', 'col-pull', 'col-offset', 'col-order',
];

/** Splits at `sep` outside parentheses, brackets and strings. */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The top-level blocks of a stylesheet: `prelude { body }` (body null for a statement such as `@import …;`). */
function blocks(css: string): { prelude: string; body: string | null; text: string }[] {
  const out: { prelude: string; body: string | null; text: string }[] = [];
  let i = 0;
  while (i < css.length) {
    let depth = 0;
    let quote = '';
    let open = -1;
    let j = i;
    for (; j < css.length; j++) {
      const c = css[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '/' && css[j + 1] === '*') j = css.indexOf('*/', j + 2) + 1;
      else if (c === '{') {
        if (depth++ === 0) open = j;
      } else if (c === '}') {
        if (--depth === 0) { j++; break; }
      } else if (c === ';' && depth === 0) { j++; break; }
    }
    const text = css.slice(i, j);
    if (text.trim()) out.push({ prelude: open >= 0 ? css.slice(i, open).trim() : text.trim(), body: open >= 0 ? css.slice(open + 1, j - 1) : null, text });
    i = j;
  }
  return out;
}

/**
 * antd's static stylesheet (antd/dist/antd.css, for `theme.zeroRuntime`) without the rules of components in `unused`:
 * a selector naming one of their classes matches nothing in the app, nor one of a server render's theme keys. A rule keeps its other selectors; @media, @supports
 * and @container blocks are filtered inside; everything else (keyframes, variables, resets) stays.
 */
export function withoutComponents(css: string, unused: readonly string[]): string {
  const prefixes = unused.map((c) => `ant-${c}`);
  // also dead: the theme variables antd's build wrote for the keys of a server render (`.css-var-_R_0_`, React's useId
  // while hydrating); the app renders in the browser only, where useId gives `_r_0_`, and injects its theme's own (~66 KB)
  const dead = (selector: string) => selector.includes('.css-var-_R_')
    || [...selector.matchAll(/\.(ant-[a-z0-9-]+)/g)].some(([, cls]) => prefixes.some((p) => cls === p || cls.startsWith(`${p}-`)));
  const filter = (text: string): string => blocks(text).map((b) => {
    if (b.body === null) return b.text;
    if (b.prelude.startsWith('@')) {
      if (!/^@(media|supports|container)\b/.test(b.prelude)) return b.text;
      const inner = filter(b.body);
      return inner.trim() ? `${b.prelude}{${inner}}` : '';
    }
    const kept = splitTop(b.prelude, ',').filter((s) => !dead(s));
    return kept.length ? `${kept.join(',')}{${b.body}}` : '';
  }).join('');
  return filter(css);
}

/**
 * A Vite plugin: antd's static stylesheet leaves out the components the app never shows (UNUSED_ANTD). The browser parses
 * and matches every rule of a stylesheet before the first frame, ~400 KB less of it is time saved on every page load
 * (docs/benchmarks.md, inbox page).
 */
export function antdCss(): Plugin {
  return {
    name: 'orchestrator:antd-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]antd[\\/]dist[\\/]antd\.css(\?|$)/.test(id)) return null;
      return { code: withoutComponents(code, UNUSED_ANTD), map: null };
    },
  };
}

const NO_TREE = '\0orchestrator:no-tree';

/** Whether `source` imported by `importer` is antd's Tree as the Table's filter dropdown imports it. */
export function isTableFilterTree(source: string, importer: string | undefined): boolean {
  return source === '../../../tree' && !!importer && /[\\/]antd[\\/]es[\\/]table[\\/]hooks[\\/]useFilter[\\/]FilterDropdown\.js$/.test(importer);
}

/**
 * A Vite plugin: antd's Table imports Tree for a column filter with `filterMode: 'tree'` (its filter dropdown), and so
 * brought ~120 KB of script (@rc-component/tree) into what /inbox compiles and runs before its first frame. The app has
 * no tree (UNUSED_ANTD: its styles are not even there) and no column of it filters that way (a test checks), so that
 * import gets a component that renders nothing. Using a tree means taking 'tree' out of UNUSED_ANTD, which ends this.
 */
export function antdTableWithoutTree(): Plugin {
  return {
    name: 'orchestrator:antd-table-without-tree',
    enforce: 'pre',
    resolveId(source, importer) {
      return UNUSED_ANTD.includes('tree') && isTableFilterTree(source, importer) ? NO_TREE : null;
    },
    load(id) {
      return id === NO_TREE ? 'export default function Tree() { return null; }' : null;
    },
  };
}
