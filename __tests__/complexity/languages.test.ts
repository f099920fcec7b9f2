import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measure } from '../../src/analyzers/complexity/index.js';
import { tableLanguages } from '../../src/analyzers/complexity/languages/index.js';
import { withTree } from '../../src/parse/index.js';

const DIR = join(import.meta.dirname, '../fixtures/complexity/languages');

/**
 * Every function each fixture defines (container-qualified), and hand-counted metrics for some of them:
 * cyclomatic = 1 + decision tokens; cognitive per the SonarSource rules (see the README in the analyzer).
 */
const EXPECTED: Record<string, { functions: string[]; checks?: Record<string, { cyclomatic?: number; cognitive?: number; params?: number; nesting?: number }> }> = {
  bash: { functions: ['f', 'g'], checks: { f: { cyclomatic: 10, cognitive: 10 } } },
  c: { functions: ['parse_order', 'lookup'], checks: { parse_order: { cyclomatic: 7, cognitive: 10, params: 2, nesting: 2 }, lookup: { cyclomatic: 2 } } },
  cpp: { functions: ['shop.Cart.total', 'shop.Cart.total.twice', 'shop.Cart_helper'], checks: { 'shop.Cart.total': { cyclomatic: 5, cognitive: 7 }, 'shop.Cart.total.twice': { cyclomatic: 2 } } },
  csharp: { functions: ['Shop.Cart.Total', 'Shop.Cart.Total.(anonymous)', 'Shop.Cart.Cart'], checks: { 'Shop.Cart.Total': { cyclomatic: 5, params: 2 } } },
  dart: { functions: ['A.m', 'A.f', 'top'], checks: { 'A.m': { cyclomatic: 12, params: 2 }, top: { cyclomatic: 1, params: 1 } } },
  elixir: { functions: ['total', 'helper', 'apply', 'apply.(anonymous)', 'fact', 'fact'], checks: { total: { cyclomatic: 6, cognitive: 5, params: 2, nesting: 2 }, helper: { cyclomatic: 2, cognitive: 1 } } },
  go: { functions: ['Foo', 'Foo.f'], checks: { Foo: { cyclomatic: 9, cognitive: 13, params: 2, nesting: 2 } } },
  java: { functions: ['Orders.Orders', 'Orders.parseOrder', 'Orders.parseOrder.(anonymous)'], checks: { 'Orders.parseOrder': { cyclomatic: 8, cognitive: 10, params: 2 } } },
  javascript: { functions: ['Cart.total', 'parseOrder', 'parseOrder.(anonymous)', 'format'], checks: { 'Cart.total': { cyclomatic: 6, cognitive: 7 }, parseOrder: { cyclomatic: 3, cognitive: 1 }, format: { cyclomatic: 2 } } },
  kotlin: { functions: ['A.m', 'A.m.f', 'A.m.g', 'A.get'], checks: { 'A.m': { cyclomatic: 11, params: 2 } } },
  lua: { functions: ['m', 'm.f', 'M.n', 'M:o'], checks: { m: { cyclomatic: 9, params: 2 } } },
  perl: { functions: ['m', 'm.my $f'], checks: { m: { cyclomatic: 11 } } },
  php: { functions: ['Cart.total', 'Cart.total.$apply', 'parse_order'], checks: { 'Cart.total': { cyclomatic: 5, cognitive: 7 }, parse_order: { cyclomatic: 2 } } },
  python: { functions: ['A.m', 'A.m.f', 'g'], checks: { 'A.m': { cyclomatic: 11, cognitive: 9, params: 5 }, g: { cognitive: 1 } } },
  r: { functions: ['f', 'f.g'], checks: { f: { cyclomatic: 8 } } },
  ruby: { functions: ['Cart.total', 'Cart.total.each', 'Cart.parse_order'], checks: { 'Cart.total.each': { cyclomatic: 4 }, 'Cart.parse_order': { cyclomatic: 4, cognitive: 2 } } },
  rust: { functions: ['Cart.total', 'Cart.total.apply', 'parse_order'], checks: { 'Cart.total': { cyclomatic: 4 }, parse_order: { cyclomatic: 2 } } },
  scala: { functions: ['A.m', 'A.m.f'], checks: { 'A.m': { cyclomatic: 11 } } },
  swift: { functions: ['A.m', 'A.m.f', 'A.init'], checks: { 'A.m': { cyclomatic: 12, params: 2 } } },
  tsx: { functions: ['List', 'List.(anonymous)'], checks: { List: { cyclomatic: 3 } } },
  typescript: { functions: ['Cart.total', 'parseOrder', 'format'], checks: { 'Cart.total': { cyclomatic: 5 }, parseOrder: { cyclomatic: 4 } } },
  zig: { functions: ['m'], checks: { m: { cyclomatic: 10 } } },
};

describe('language tables', () => {
  it('cover at least 20 languages, each with a fixture', () => {
    expect(tableLanguages().length).toBeGreaterThanOrEqual(20);
    const fixtures = readdirSync(DIR).map((f) => f.replace(/\.txt$/, '')).sort();
    expect(fixtures).toEqual(tableLanguages());
    expect(Object.keys(EXPECTED).sort()).toEqual(tableLanguages());
  });

  it.each(tableLanguages())('%s: grammar loads, the fixture parses cleanly, functions are found', async (language) => {
    const text = readFileSync(join(DIR, `${language}.txt`), 'utf8');
    const hasError = await withTree(language, text, (tree) => tree.rootNode.hasError);
    expect(hasError).toBe(false);
    const file = await measure(language, text);
    expect(file).toBeDefined();
    const fns = file!.functions;
    expect(fns.map((f) => f.qualifiedName)).toEqual(EXPECTED[language]!.functions);
    for (const [name, want] of Object.entries(EXPECTED[language]!.checks ?? {})) {
      const fn = fns.find((f) => f.qualifiedName === name)!;
      const got = Object.fromEntries(Object.keys(want).map((k) => [k, fn[k as keyof typeof want]]));
      expect({ name, ...got }).toEqual({ name, ...want });
    }
    expect(fns.every((f) => !f.lowConfidence && f.startLine <= f.endLine && f.logicalLines <= f.lines)).toBe(true);
  });
});
