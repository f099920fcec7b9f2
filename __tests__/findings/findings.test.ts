import { describe, expect, it } from 'vitest';
import type { AnalyzedFile } from '../../src/analyzers/types.js';
import { ConfigError } from '../../src/config/errors.js';
import { gateFails, highestSeverity, parseBaseline, parseSuppression, processFindings, renderBaseline, ruleMatches } from '../../src/findings/index.js';
import type { Finding, Severity } from '../../src/findings/types.js';

const file = (path: string, head: string, changed: number[] | 'all'): AnalyzedFile => ({
  path,
  head,
  change: { path, status: 'modified', binary: false, hunks: [], additions: 0, deletions: 0 },
  changedLines: changed === 'all' ? 'all' : new Set(changed),
});
const finding = (ruleId: string, path: string, line: number, severity: Severity = 'high', extra: Partial<Finding> = {}): Finding => ({
  ruleId,
  severity,
  title: ruleId,
  message: `${ruleId} at ${line}`,
  location: { path, startLine: line },
  ...extra,
});

describe('fingerprints', () => {
  it('survive unrelated edits above the line and re-indentation', () => {
    const before = file('a.py', 'x = 1\nquery = "SELECT " + name\n', 'all');
    const after = file('a.py', '# new comment\nimport os\nx = 1\n    query  =  "SELECT " + name\n', 'all');
    const f1 = processFindings([finding('sast/sql', 'a.py', 2, 'high', { message: 'same' })], { files: [before], minSeverity: 'low' }).findings[0]!;
    const f2 = processFindings([finding('sast/sql', 'a.py', 4, 'high', { message: 'same' })], { files: [after], minSeverity: 'low' }).findings[0]!;
    expect(f1.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(f2.fingerprint).toBe(f1.fingerprint);
  });
  it('differ for identical lines in the same file (occurrence index) and for other rules', () => {
    const f = file('a.js', 'eval(x)\neval(x)\n', 'all');
    const out = processFindings([finding('sast/eval', 'a.js', 1), finding('sast/eval', 'a.js', 2), finding('sast/other', 'a.js', 1)], { files: [f], minSeverity: 'low' }).findings;
    expect(new Set(out.map((x) => x.fingerprint)).size).toBe(3);
  });
  it('use the redacted snippet, not the raw line, for secrets', () => {
    const raw = 'token = "ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"';
    const a = processFindings([finding('secrets/github-pat', 'c.py', 1, 'high', { location: { path: 'c.py', startLine: 1, snippet: 'token = "ghp_…AAAA"' } })], { files: [file('c.py', raw, 'all')], minSeverity: 'low' }).findings[0]!;
    const b = processFindings([finding('secrets/github-pat', 'c.py', 1, 'high', { location: { path: 'c.py', startLine: 1, snippet: 'token = "ghp_…AAAA"' } })], { files: [file('c.py', 'other text entirely', 'all')], minSeverity: 'low' }).findings[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
  });
});

describe('scoping, severity floor, dedupe and order', () => {
  const f = file('src/a.ts', 'a\nb\nc\nd\ne\n', [2, 3]);
  it('keeps findings touching changed lines only', () => {
    const out = processFindings(
      [finding('sast/x', 'src/a.ts', 1), finding('sast/x', 'src/a.ts', 3), finding('complexity/cyclomatic', 'src/a.ts', 1, 'medium', { location: { path: 'src/a.ts', startLine: 1, endLine: 5 } }), finding('sast/x', 'other.ts', 1)],
      { files: [f], minSeverity: 'low' },
    );
    expect(out.findings.map((x) => `${x.ruleId}:${x.location.startLine}`)).toEqual(['sast/x:3', 'complexity/cyclomatic:1']);
    expect(out.outsideChange).toBe(2);
  });
  it('drops below the floor, removes duplicates and sorts by severity then place', () => {
    const out = processFindings([finding('a/b', 'src/a.ts', 3, 'low'), finding('a/b', 'src/a.ts', 2, 'info'), finding('a/c', 'src/a.ts', 3, 'critical'), finding('a/c', 'src/a.ts', 3, 'critical')], { files: [f], minSeverity: 'low' });
    expect(out.findings.map((x) => x.severity)).toEqual(['critical', 'low']);
    expect(out.belowSeverity).toBe(1);
  });
});

describe('inline suppression', () => {
  it('parses rule lists in any comment syntax', () => {
    expect(parseSuppression('x = 1  # pr-sentinel-ignore secrets/generic-secret')).toEqual(['secrets/generic-secret']);
    expect(parseSuppression('// pr-sentinel-ignore sast/js/eval, complexity')).toEqual(['sast/js/eval', 'complexity']);
    expect(parseSuppression('<!-- pr-sentinel-ignore * -->')).toEqual(['*']);
    expect(parseSuppression('nothing here')).toBeUndefined();
  });
  it('matches ids, prefixes and wildcards', () => {
    expect(ruleMatches('secrets', 'secrets/aws')).toBe(true);
    expect(ruleMatches('secrets/*', 'secrets/aws')).toBe(true);
    expect(ruleMatches('secrets/aws', 'secrets/aws')).toBe(true);
    expect(ruleMatches('secrets/aws', 'secrets/aws-secret')).toBe(false);
    expect(ruleMatches('sast', 'secrets/aws')).toBe(false);
  });
  it('applies on the line and the line above only, for the named rule', () => {
    const f = file('a.py', 'a = eval(x)  # pr-sentinel-ignore sast/py/eval\n# pr-sentinel-ignore sast/py/eval\nb = eval(y)\n\nc = eval(z)\nd = eval(w) # pr-sentinel-ignore secrets\n', 'all');
    const out = processFindings([1, 3, 5, 6].map((l) => finding('sast/py/eval', 'a.py', l)), { files: [f], minSeverity: 'low' });
    expect(out.findings.map((x) => x.location.startLine)).toEqual([5, 6]);
    expect(out.suppressed).toBe(2);
  });
});

describe('baseline', () => {
  it('round-trips and hides accepted findings', () => {
    const f = file('a.py', 'eval(a)\neval(b)\n', 'all');
    const first = processFindings([finding('sast/eval', 'a.py', 1)], { files: [f], minSeverity: 'low' }).findings;
    const baseline = parseBaseline('b.json', renderBaseline(first));
    const out = processFindings([finding('sast/eval', 'a.py', 1), finding('sast/eval', 'a.py', 2)], { files: [f], minSeverity: 'low', baseline });
    expect(out.findings.map((x) => x.location.startLine)).toEqual([2]);
    expect(out.baselined).toBe(1);
    expect(parseBaseline('b.json', '["abc"]').has('abc')).toBe(true);
  });
  it('rejects malformed baselines with the file name', () => {
    expect(() => parseBaseline('b.json', '{')).toThrow(ConfigError);
    expect(() => parseBaseline('b.json', '{"findings":[{}]}')).toThrow(/b.json: entry 0/);
  });
});

describe('gate', () => {
  const fs = [finding('a/b', 'x', 1, 'medium')];
  it('fails at or above the threshold only', () => {
    expect(gateFails(fs, 'medium')).toBe(true);
    expect(gateFails(fs, 'high')).toBe(false);
    expect(gateFails(fs, 'none')).toBe(false);
    expect(highestSeverity(fs)).toBe('medium');
    expect(highestSeverity([])).toBe('none');
  });
});
