import { describe, expect, it } from 'vitest';
import { measure, toMetrics } from '../../src/analyzers/complexity/index.js';
import { halstead, maintainability } from '../../src/analyzers/complexity/metrics.js';

async function fn(language: string, code: string, index = 0) {
  const file = await measure(language, code);
  return toMetrics(file!.functions[index]!, 'x', language);
}

describe('Halstead and maintainability', () => {
  it('counts unnamed leaves as operators by kind and identifiers/literals as operands by text', async () => {
    const m = await fn('javascript', 'function f(a) { return a + 1; }');
    // operators: function ( ) { return + ; }  — operands: f a a 1
    expect(m.halstead).toMatchObject({ distinctOperators: 8, totalOperators: 8, distinctOperands: 3, totalOperands: 4, vocabulary: 11, length: 12 });
    expect(m.halstead.volume).toBeCloseTo(12 * Math.log2(11), 2);
    expect(m.halstead.difficulty).toBeCloseTo((8 / 2) * (4 / 3), 2);
    expect(m.halstead.effort).toBeCloseTo(m.halstead.volume * m.halstead.difficulty, 0);
    // 0–100 MI: (171 − 5.2 ln V − 0.23·1 − 16.2 ln 1) · 100 / 171
    expect(m.maintainability).toBeCloseTo(((171 - 5.2 * Math.log(12 * Math.log2(11)) - 0.23) * 100) / 171, 1);
  });

  it('string literals are one operand each, whatever is inside', async () => {
    const m = await fn('python', 'def g():\n    return "a b c" + "a b c"\n');
    expect(m.halstead.distinctOperands).toBe(2); // g, "a b c"
    expect(m.halstead.totalOperands).toBe(3);
  });

  it('maintainability stays within 0..100', () => {
    expect(maintainability(0, 0, 0)).toBe(100);
    expect(maintainability(1e9, 200, 5000)).toBe(0);
    expect(halstead(new Map(), new Map())).toMatchObject({ volume: 0, difficulty: 0, effort: 0 });
  });
});

describe('size, nesting and parameters', () => {
  it('lines span the function; logical lines skip blanks and comments', async () => {
    const code = ['def f(a, b, *rest, key=None, **kw):', '    # a comment', '', '    x = 1', '    """doc', '    string"""', '    return x', ''].join('\n');
    const m = await fn('python', code);
    expect(m.lines).toBe(7);
    expect(m.logicalLines).toBe(5); // def, x = 1, the two docstring lines, return
    expect(m.params).toBe(5);
  });

  it('max nesting counts control structures; else-if chains stay at one level', async () => {
    const code = `function f(a, b, c) {
  if (a) {
    for (const x of b) {
      while (c) {
        if (x) { c--; } else if (b) { c++; } else { break; }
      }
    }
  } else if (b) {
    return 1;
  }
}`;
    const m = await fn('javascript', code);
    expect(m.nesting).toBe(4);
    expect(m.params).toBe(3);
  });

  it('Go counts each name in a grouped parameter declaration', async () => {
    const m = await fn('go', 'package p\nfunc f(a, b int, c ...string) {}\n');
    expect(m.params).toBe(3);
  });

  it('C declarators: names through pointers, parameters of the function declarator', async () => {
    const file = await measure('c', 'static char *dup(const char *s, int n) { return 0; }\nint (*pick(int k))(void) { return 0; }\n');
    expect(file!.functions.map((f) => [f.name, f.params])).toEqual([
      ['dup', 2],
      ['pick', 1],
    ]);
  });

  it('functions containing syntax errors are low-confidence', async () => {
    const file = await measure('javascript', 'function ok(a) { return a; }\nfunction broken(a) { if (a { return 1; } }\n');
    const [ok, broken] = file!.functions;
    expect(ok!.lowConfidence).toBe(false);
    expect(broken!.lowConfidence).toBe(true);
    expect(file!.errorShare).toBeGreaterThan(0);
  });
});

describe('generated programs (fast-check)', () => {
  it('k nested ifs: cyclomatic k+1, cognitive k(k+1)/2, nesting k; n sequential ifs: cyclomatic n+1, cognitive n', async () => {
    const fc = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom('javascript', 'java', 'go', 'c'), async (k, n, lang) => {
        const nestedIfs = 'if (x > 0) {'.repeat(k) + 'x--;' + '}'.repeat(k);
        const seqIfs = Array.from({ length: n }, (_, i) => `if (x == ${i}) { x++; }`).join('\n');
        const wrap = {
          javascript: (b: string) => `function f(x) {\n${b}\n}`,
          java: (b: string) => `class A { int f(int x) {\n${b}\nreturn x; } }`,
          go: (b: string) => `package p\nfunc f(x int) {\n${b.replace(/\(x ([^)]*)\)/g, 'x $1')}\n}`,
          c: (b: string) => `int f(int x) {\n${b}\nreturn x; }`,
        }[lang];
        const nested = (await measure(lang, wrap(nestedIfs)))!.functions[0]!;
        expect([nested.cyclomatic, nested.cognitive, nested.nesting]).toEqual([k + 1, (k * (k + 1)) / 2, k]);
        const seq = toMetrics((await measure(lang, wrap(seqIfs)))!.functions[0]!, 'x', lang);
        expect([seq.cyclomatic, seq.cognitive, seq.nesting]).toEqual([n + 1, n, n > 0 ? 1 : 0]);
        expect(seq.maintainability).toBeGreaterThanOrEqual(0);
        expect(seq.maintainability).toBeLessThanOrEqual(100);
        expect(seq.logicalLines).toBeLessThanOrEqual(seq.lines);
      }),
      { numRuns: 40 },
    );
  });
});
