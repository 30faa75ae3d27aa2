import { describe, expect, it } from 'vitest';
import { isTableFilterTree, UNUSED_ANTD, withoutComponents } from '../antdCss';

describe("antd's static stylesheet without the components the app never shows", () => {
  it('drops their rules and selectors, inside @media too, and keeps everything else', () => {
    const css = '.ant-steps{a:b}.ant-btn,.ant-steps-item:not(.x, .y){c:d}.ant-stepsx{k:l}'
      + '@media (min-width:1px){.ant-tree{e:f}.ant-btn[title="a,{b}"]{g:h}}@media print{.ant-tree-node{i:j}}@keyframes k{from{a:b}to{a:c}}'
      + '.ant-select-tree-list{m:n}.ant-select{o:p}.css-var-_R_0_{--ant-x:1}.css-var-_R_0_.ant-btn{--ant-y:2}.css-var-_r_0_{q:r}';
    expect(withoutComponents(css, ['steps', 'tree', 'select-tree'])).toBe(
      '.ant-btn{c:d}.ant-stepsx{k:l}@media (min-width:1px){.ant-btn[title="a,{b}"]{g:h}}@keyframes k{from{a:b}to{a:c}}.ant-select{o:p}.css-var-_r_0_{q:r}',
    );
  });

  it('keeps the styles of every antd component the app imports', () => {
    const sources = import.meta.glob('./**/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    const imported = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const [, names] of text.matchAll(/import \{([^}]*)\} from 'antd'/g))
        for (const name of names.split(',')) imported.add(name.replace(/\btype\b|\bas\b.*/g, '').trim());
      for (const [, path] of text.matchAll(/from 'antd\/es\/([a-z-]+)'/g)) imported.add(path);
    }
    const prefix = (name: string) => ({ FloatButton: 'float-btn', BackTop: 'back-top', QRCode: 'qrcode', TreeSelect: 'select-tree' } as Record<string, string>)[name]
      ?? name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
    expect(imported.size).toBeGreaterThan(20);
    for (const name of imported) if (name) expect(UNUSED_ANTD, name).not.toContain(prefix(name));
  });

  it("drops the grid's responsive classes and the notifications' styles only while no source asks for them", () => {
    const sources = import.meta.glob('./**/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    for (const [file, text] of Object.entries(sources)) {
      if (file.includes('.test.')) continue;
      if (UNUSED_ANTD.includes('col-xs')) expect(text, file).not.toMatch(/\b(xs|sm|md|lg|xl|xxl|xxxl|push|pull|offset|order|labelCol|wrapperCol)=\{/);
      if (UNUSED_ANTD.includes('notification')) expect(text, file).not.toMatch(/\bnotification\b/);
    }
  });

  it("leaves antd's Tree out of the Table only while no column filters as a tree", () => {
    expect(isTableFilterTree('../../../tree', '/x/node_modules/antd/es/table/hooks/useFilter/FilterDropdown.js')).toBe(true);
    expect(isTableFilterTree('../../../tree', '/x/node_modules/antd/es/other/Thing.js')).toBe(false);
    expect(isTableFilterTree('./tree', '/x/node_modules/antd/es/table/hooks/useFilter/FilterDropdown.js')).toBe(false);
    const sources = import.meta.glob('./**/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    for (const [file, text] of Object.entries(sources)) if (!file.includes('.test.')) expect(text, file).not.toMatch(/filterMode/);
  });
});
