import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/report/index.js';
import { FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { finding, HEAD_SHA, sampleResult } from './sample.js';
import { validateSarif as validate } from './sarif-validator.js';

const rich = () => [
  finding({
    severity: 'critical',
    fix: { description: 'Pass a list and no shell', replacements: [{ path: 'app/x.py', startLine: 3, endLine: 3, text: 'subprocess.call(["tar", name])' }] },
    flow: [
      { path: 'app/x.py', startLine: 2, message: 'request.args' },
      { path: 'app/x.py', startLine: 3, message: 'shell sink' },
    ],
    location: { path: 'app/x.py', startLine: 3, endLine: 3, startColumn: 5, endColumn: 20, snippet: 'subprocess.call(cmd, shell=True)' },
    guidance: { id: 'g1', title: 'Avoid shells', text: 'Use argument lists.', url: 'https://example.org/g1' },
  }),
  finding({ ruleId: 'complexity/cyclomatic', severity: 'medium', title: 'Complex function', message: 'Cyclomatic 15 > 10 | `a` @team', line: 9, cwe: undefined }),
  finding({ ruleId: 'secrets/example-test-token', severity: 'high', title: 'AWS key', message: 'AWS access key id', line: 1, cwe: ['CWE-798'], securitySeverity: 9.1 }),
];

describe('SARIF', () => {
  it('is valid against the SARIF 2.1.0 schema and carries rules, fingerprints, flows and fixes', () => {
    const text = formatReport(sampleResult(rich()), 'sarif');
    const sarif = JSON.parse(text);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('pr-sentinel');
    expect(run.automationDetails.id).toBe('pr-sentinel/');
    expect(run.results).toHaveLength(3);
    const rules = run.tool.driver.rules as Array<{ id: string; properties: Record<string, unknown>; help: { text: string; markdown: string } }>;
    for (const r of run.results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const key = rules.find((r) => r.id === 'secrets/example-test-token')!;
    expect(key.properties['security-severity']).toBe('9.1');
    expect(key.properties.tags).toContain('external/cwe/cwe-798');
    expect(key.properties.tags).toContain('security');
    const cx = rules.find((r) => r.id === 'complexity/cyclomatic')!;
    expect(cx.properties['security-severity']).toBeUndefined();
    const crit = run.results.find((r: { ruleId: string; level: string }) => r.level === 'error' && r.ruleId === 'sast/command-injection');
    expect(crit.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^fp/);
    expect(crit.locations[0].physicalLocation.region).toMatchObject({ startLine: 3, startColumn: 5, endColumn: 20 });
    expect(crit.codeFlows[0].threadFlows[0].locations).toHaveLength(2);
    expect(crit.fixes[0].artifactChanges[0].replacements[0]).toEqual({ deletedRegion: { startLine: 3, endLine: 3 }, insertedContent: { text: 'subprocess.call(["tar", name])' } });
    expect(run.versionControlProvenance[0].revisionId).toBe(HEAD_SHA);
  });

  it('is valid with no findings and with a custom category', () => {
    const r = sampleResult([]);
    r.config = { ...r.config, sarifCategory: 'backend/' };
    const sarif = JSON.parse(formatReport(r, 'sarif'));
    expect(validate(sarif)).toBe(true);
    expect(sarif.runs[0].automationDetails.id).toBe('backend/');
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe('JSON', () => {
  it('has the documented top-level shape and the functions contract', () => {
    const r = sampleResult(rich(), {
      functions: [{ file: 'app/x.py', name: 'f', language: 'python', startLine: 1, endLine: 9, cyclomatic: 15, cognitive: 20, halstead: { distinctOperators: 1, distinctOperands: 1, totalOperators: 1, totalOperands: 1, vocabulary: 2, length: 2, volume: 2, difficulty: 1, effort: 2 }, maintainability: 50, nesting: 3, params: 1, lines: 9, logicalLines: 8 }],
    });
    const json = JSON.parse(formatReport(r, 'json'));
    for (const k of ['tool', 'verdict', 'counts', 'highestSeverity', 'findings', 'functions', 'notices', 'files', 'timings']) expect(json).toHaveProperty(k);
    expect(json.verdict).toBe('fail');
    expect(json.findings).toHaveLength(3);
    expect(json.functions[0]).toMatchObject({ name: 'f', cyclomatic: 15, cognitive: 20 });
    expect(json).not.toHaveProperty('commentableLines');
  });
});

describe('text', () => {
  it('groups by file with line, severity, rule, message and fix hint, and no ANSI unless asked', () => {
    const r = sampleResult([...rich(), finding({ path: 'b/y.ts', line: 4, message: 'evil \u001b[2J clear' })]);
    const out = formatReport(r, 'text');
    expect(out).toMatch(/FAIL: 4 findings/);
    expect(out).toMatch(/app\/x\.py\n\s+1\s+high\s+secrets\/example-test-token/);
    expect(out).toContain('fix: Pass a list and no shell');
    expect(out).not.toContain('\u001b');
    expect(out).toContain('minified');
    expect(formatReport(r, 'text', { color: true })).toContain('\u001b[');
  });
});

describe('markdown', () => {
  it('has verdict, counts by severity and analyzer, linked findings, skipped section, functions and AI usage', () => {
    const r = sampleResult(rich(), {
      functions: [{ file: 'app/x.py', name: 'shipping', language: 'python', startLine: 5, endLine: 40, cyclomatic: 15, cognitive: 20, halstead: { distinctOperators: 1, distinctOperands: 1, totalOperators: 1, totalOperands: 1, vocabulary: 2, length: 2, volume: 2, difficulty: 1, effort: 2 }, maintainability: 50, nesting: 3, params: 2, lines: 36, logicalLines: 30, base: { name: 'shipping', startLine: 5, endLine: 10, cyclomatic: 2, cognitive: 1, halstead: { distinctOperators: 1, distinctOperands: 1, totalOperators: 1, totalOperands: 1, vocabulary: 2, length: 2, volume: 2, difficulty: 1, effort: 2 }, maintainability: 80, nesting: 1, params: 2, lines: 6, logicalLines: 5 } }],
      ai: { findings: [], summary: 'Adds exports. <b>x</b> @boss', usage: [{ provider: 'openai', model: 'gpt-4.1-mini', tokensIn: 1000, tokensOut: 200, costUsd: 0.0012, calls: 1 }], notices: [], files: { reviewed: ['app/x.py'], clipped: [], skipped: [] } },
    });
    const md = formatReport(r, 'markdown');
    expect(md).toMatch(/❌ \*\*Failed\*\*/);
    expect(md).toMatch(/\| Analyzer \|/);
    expect(md).toContain(`https://github.com/acme/shop/blob/${HEAD_SHA}/app/x.py#L3`);
    expect(md).toContain('What was skipped and why');
    expect(md).toContain('vendor/big.js skipped');
    expect(md).toContain('`dist/app.min.js`');
    expect(md).toMatch(/2 → 15/);
    expect(md).toContain('$0.0012');
    expect(md).not.toContain('<b>x</b>');
    expect(md).not.toMatch(/@boss|@team/);
    // The hostile message stays inside its table cell.
    const row = md.split('\n').find((l) => l.includes('Cyclomatic 15'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(6);
  });
});
