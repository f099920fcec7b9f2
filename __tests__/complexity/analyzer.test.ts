import { describe, expect, it } from 'vitest';
import { analyzer } from '../../src/analyzers/complexity/index.js';
import type { AnalyzedFile, AnalyzerContext } from '../../src/analyzers/types.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { FileChange } from '../../src/diff/types.js';

/** A JS function whose cyclomatic complexity is exactly `cc` (cc − 1 ifs). */
function jsFn(name: string, cc: number, extra = ''): string {
  const ifs = Array.from({ length: cc - 1 }, (_, i) => `  if (x === ${i}) return ${i};`);
  return [`function ${name}(x) {`, ...ifs, extra ? `  ${extra}` : '', '  return -1;', '}'].filter((l) => l !== '').join('\n');
}

/** Head-side lines that differ from base (a crude line diff is enough for these fixtures). */
function changed(head: string, base: string | undefined): number[] {
  const baseLines = new Set((base ?? '').split('\n'));
  return head.split('\n').flatMap((l, i) => (baseLines.has(l) ? [] : [i + 1]));
}

function file(path: string, language: string, head: string, base?: string, lines?: number[]): AnalyzedFile {
  const touched = lines ?? changed(head, base);
  const headLines = head.split('\n');
  const change: FileChange = {
    path,
    status: base === undefined ? 'added' : 'modified',
    binary: false,
    hunks: [
      {
        oldStart: 1,
        oldLines: 0,
        newStart: 1,
        newLines: headLines.length,
        header: '',
        lines: touched.map((n) => ({ kind: 'add' as const, newLine: n, text: headLines[n - 1]! })),
      },
    ],
    additions: touched.length,
    deletions: 0,
  };
  return { path, language, change, head, base, changedLines: new Set(touched) };
}

function ctx(mode: 'scan' | 'review', config: Partial<Config> = {}): AnalyzerContext {
  const log = { debug() {}, info() {}, warn() {}, setSecret() {} };
  return { config: { ...loadConfig(), ...config }, change: { mode, root: '/repo', source: 'git' }, log };
}

describe('complexity analyzer: scan', () => {
  it('reports every function with metrics and paths relative to the root', async () => {
    const text = `${jsFn('small', 2)}\n${jsFn('big', 12)}\n`;
    const f: AnalyzedFile = { ...file('src/a.js', 'javascript', text), changedLines: 'all' };
    const r = await analyzer.analyze([f], ctx('scan'));
    expect(r.functions!.map((m) => [m.file, m.name, m.cyclomatic])).toEqual([
      ['src/a.js', 'small', 2],
      ['src/a.js', 'big', 12],
    ]);
    const big = r.functions![1]!;
    expect(big).toMatchObject({ language: 'javascript', startLine: 5, params: 1, nesting: 1 });
    expect(big.halstead.volume).toBeGreaterThan(0);
    expect(big.maintainability).toBeGreaterThan(0);
    expect(r.findings.map((x) => [x.ruleId, x.severity, x.message])).toEqual([['complexity/cyclomatic', 'medium', '`big` cyclomatic 12 (warning > 10)']]);
    expect(r.findings[0]!.location).toEqual({ path: 'src/a.js', startLine: 5, endLine: 18 });
    expect(r.stats).toMatchObject({ files: 1, functions: 2 });
  });

  it('skips languages without a table and files without head text', async () => {
    const r = await analyzer.analyze([file('README.md', 'markdown', '# hi\n'), { ...file('gone.js', 'javascript', ''), head: undefined }], ctx('scan'));
    expect(r.functions).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});

describe('complexity analyzer: review', () => {
  it('reports deltas for touched functions and stays quiet about untouched debt', async () => {
    const base = `${jsFn('parseOrder', 8)}\n\n${jsFn('legacy', 15)}\n`;
    const head = `${jsFn('parseOrder', 23)}\n\n${jsFn('legacy', 15)}\n`;
    const r = await analyzer.analyze([file('src/order.js', 'javascript', head, base)], ctx('review'));
    expect(r.findings.map((x) => [x.ruleId, x.severity, x.message])).toEqual([
      ['complexity/cyclomatic', 'high', '`parseOrder` cyclomatic 8 → 23 (critical > 20)'],
      ['complexity/cognitive', 'medium', '`parseOrder` cognitive 7 → 22 (> 15)'],
    ]);
    expect(r.functions!.map((m) => [m.name, m.cyclomatic, m.base?.cyclomatic])).toEqual([['parseOrder', 23, 8]]);
    expect(r.functions![0]!.cognitiveDetails!.length).toBe(22);
    expect(r.findings[0]!.properties).toMatchObject({ metric: 'cyclomatic', value: 23, base: 8, threshold: 20 });
  });

  it('matches renamed functions by body and does not flag a value that went down', async () => {
    const base = jsFn('parseOrder', 16, 'console.log("parsing the order now");');
    const head = jsFn('parseOrderLines', 14, 'console.log("parsing the order now");');
    const r = await analyzer.analyze([file('src/o.js', 'javascript', head, base)], ctx('review'));
    expect(r.functions!.map((m) => [m.name, m.base?.name, m.base?.cyclomatic])).toEqual([['parseOrderLines', 'parseOrder', 16]]);
    expect(r.findings).toEqual([]);
  });

  it('raising a value already over the threshold is reported; crossing warning → critical too', async () => {
    const r = await analyzer.analyze(
      // f: lines 1–15 (its new `if` on 13); g: lines 16–38 (new ifs on 35–37).
      [file('a.js', 'javascript', `${jsFn('f', 13)}\n${jsFn('g', 22)}\n`, `${jsFn('f', 12)}\n${jsFn('g', 19)}\n`, [13, 35, 36, 37])],
      ctx('review', { complexity: { ...loadConfig().complexity, cognitive: 100 } }),
    );
    expect(r.findings.map((x) => x.message)).toEqual(['`f` cyclomatic 12 → 13 (warning > 10)', '`g` cyclomatic 19 → 22 (critical > 20)']);
  });

  it('applies per-language and per-path overrides', async () => {
    const cfg = loadConfig();
    const overrides: Config['complexityOverrides'] = [
      { languages: ['python'], cyclomaticWarning: 2 },
      { paths: ['legacy/**'], cyclomaticWarning: 50, cyclomaticCritical: 60, cognitive: 60 },
    ];
    const py = 'def f(a, b):\n    if a:\n        return 1\n    if b:\n        return 2\n    return 3\n';
    const r = await analyzer.analyze(
      [file('app/x.py', 'python', py), file('legacy/y.js', 'javascript', jsFn('old', 25)), file('app/z.js', 'javascript', jsFn('fresh', 25))],
      ctx('review', { complexity: cfg.complexity, complexityOverrides: overrides }),
    );
    expect(r.findings.filter((x) => x.ruleId === 'complexity/cyclomatic').map((x) => x.message)).toEqual([
      '`f` cyclomatic 3 (warning > 2)',
      '`fresh` cyclomatic 25 (critical > 20)',
    ]);
  });

  it('never gates functions that contain parse errors', async () => {
    const head = `${jsFn('broken', 25)}\nfunction worse(x) { if (x { return 1; } ${'if (x) return 2; '.repeat(25)} }\n`;
    const r = await analyzer.analyze([file('b.js', 'javascript', head)], ctx('review'));
    const worse = r.functions!.find((m) => m.name === 'worse')!;
    expect(worse.lowConfidence).toBe(true);
    expect(r.findings.some((x) => x.message.includes('worse'))).toBe(false);
    expect(r.findings.some((x) => x.message.includes('broken'))).toBe(true);
  });

  it('code smells: long function, too many parameters, deep nesting', async () => {
    const body = Array.from({ length: 85 }, (_, i) => `  total += ${i};`).join('\n');
    const long = `function long(a, b, c, d, e, f, g) {\n  let total = 0;\n${body}\n  return total;\n}`;
    const deep = 'function deep(a) {\n  if (a) { if (a > 1) { if (a > 2) { if (a > 3) { if (a > 4) { return 5; } } } } }\n}';
    const r = await analyzer.analyze([file('s.js', 'javascript', `${long}\n${deep}\n`)], ctx('review'));
    expect(r.findings.map((x) => [x.ruleId, x.severity, x.message])).toEqual([
      ['quality/long-function', 'low', '`long` is 89 lines long (> 80)'],
      ['quality/too-many-params', 'low', '`long` takes 7 parameters (> 6)'],
      ['complexity/nesting', 'medium', '`deep` nesting depth 5 (> 4)'],
    ]);
  });

  it('points at code added inside an already too deep block', async () => {
    const base = 'function deep(a) {\n  if (a) { if (a > 1) { if (a > 2) { if (a > 3) {\n    if (a > 4) {\n      return 5;\n    }\n  } } } }\n}';
    const head = base.replace('      return 5;', '      console.log(a);\n      return 5;');
    const r = await analyzer.analyze([file('d.js', 'javascript', head, base)], ctx('review'));
    expect(r.findings.map((x) => [x.ruleId, x.location.startLine, x.location.endLine])).toEqual([['quality/deep-nesting', 3, 6]]);
  });

  it('flags the same block added twice in the change', async () => {
    const block = [
      'const user = await db.users.findOne({ id: request.params.id });',
      'if (!user) throw new NotFoundError(`user ${request.params.id}`);',
      'const orders = await db.orders.find({ userId: user.id, status: "open" });',
      'const total = orders.reduce((sum, o) => sum + o.amount * o.quantity, 0);',
      'audit.log("orders.total", { user: user.id, total, at: Date.now() });',
      'response.json({ user: user.name, total, currency: user.currency });',
    ];
    const a = ['async function one(db, request, response, audit) {', ...block, '}'].join('\n');
    const b = ['async function two(db, request, response, audit) {', ...block, '}'].join('\n');
    const r = await analyzer.analyze([file('api/one.js', 'javascript', a), file('api/two.js', 'javascript', b)], ctx('review'));
    const dup = r.findings.filter((x) => x.ruleId === 'quality/duplicate-code');
    expect(dup.map((x) => [x.location.path, x.location.startLine, x.location.endLine, x.message])).toEqual([
      ['api/two.js', 2, 7, '6 added lines repeat code added at `api/one.js` lines 2–7'],
    ]);
  });

  it('a large file is reported when the change makes it cross the limit', async () => {
    const base = Array.from({ length: 15 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const head = `${base}\n${Array.from({ length: 10 }, (_, i) => `const w${i} = ${i};`).join('\n')}`;
    const cfg = loadConfig();
    const r = await analyzer.analyze([file('big.js', 'javascript', head, base)], ctx('review', { raw: { ...cfg.raw, 'complexity-file-length': 20 } }));
    expect(r.findings.map((x) => [x.ruleId, x.message, x.location.startLine, x.location.endLine])).toEqual([
      ['quality/large-file', '`big.js` has 15 → 25 lines of code (> 20)', 1, 25],
    ]);
  });

  it('an error in one file becomes a notice naming it', async () => {
    const bad = file('bad.js', 'javascript', 'function f() {}');
    Object.defineProperty(bad, 'base', {
      get() {
        throw new Error('unreadable base');
      },
    });
    const r = await analyzer.analyze([bad, file('ok.js', 'javascript', jsFn('ok', 2))], ctx('review'));
    expect(r.notices).toContainEqual({ level: 'warning', source: 'complexity', message: 'bad.js: not measured (unreadable base)' });
    expect(r.functions!.map((m) => m.name)).toEqual(['ok']);
  });

  it('rules() lists every rule id the analyzer can emit', () => {
    expect(analyzer.rules().map((r) => r.id).sort()).toEqual([
      'complexity/cognitive',
      'complexity/cyclomatic',
      'complexity/nesting',
      'quality/deep-nesting',
      'quality/duplicate-code',
      'quality/large-file',
      'quality/long-function',
      'quality/too-many-params',
    ]);
    expect(analyzer.rules().every((r) => r.title && r.help && r.severity)).toBe(true);
  });
});
