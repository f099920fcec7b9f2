/**
 * The built CLI (dist/cli.js) run as a user would: a review of a sample change in a real git repository,
 * a scan of a plain folder, every format, and the exit codes for bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifErrors } from '../report/sarif-validator.js';
import { FAKE_AWS_KEY, makeRepo, sampleChange, writeFiles, type GitFixture } from '../helpers/git-fixture.js';

const CLI = resolve('dist/cli.js');
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PR_SENTINEL_OSV_URL: 'http://127.0.0.1:9' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

interface JsonReport {
  verdict: string;
  findings: Array<{ ruleId: string; severity: string; location: { path: string; startLine: number; snippet?: string }; fingerprint: string; message: string }>;
  functions: Array<{ file: string; name: string; startLine: number; cyclomatic: number; cognitive: number }>;
}

describe('pr-sentinel CLI', () => {
  let repo: GitFixture;
  beforeAll(() => {
    const { base, head } = sampleChange();
    repo = makeRepo(base, head);
  });
  afterAll(() => repo.cleanup());

  it('reviews HEAD~1 and finds the leaked key, the injection and the complex function', () => {
    const r = cli(['review', '--base', 'HEAD~1', '--format', 'json'], repo.dir);
    expect(r.stderr).not.toContain(FAKE_AWS_KEY);
    const report = JSON.parse(r.stdout) as JsonReport;
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules.some((id) => id.startsWith('secrets/'))).toBe(true);
    expect(rules.some((id) => id.startsWith('sast/'))).toBe(true);
    expect(rules.some((id) => id.startsWith('complexity/'))).toBe(true);
    expect(r.stdout).not.toContain(FAKE_AWS_KEY);
    for (const f of report.findings) expect(f.location.path).toBe('app/orders.py');
    const shipping = report.functions.find((f) => f.name === 'shipping');
    expect(shipping?.cyclomatic).toBeGreaterThan(10);
    expect(report.functions.find((f) => f.name === 'total')).toBeUndefined();
    // A high-severity secret trips the default gate.
    expect(report.verdict).toBe('fail');
    expect(r.code).toBe(1);
  });

  it('prints a readable text report and honours --fail-on none', () => {
    const r = cli(['review', '--base', 'HEAD~1', '--fail-on', 'none'], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/app\/orders\.py/);
    expect(r.stdout).not.toContain(FAKE_AWS_KEY);
  });

  it('writes SARIF 2.1.0 to --output', () => {
    const out = join(repo.dir, 'out.sarif');
    const r = cli(['review', '--base', 'HEAD~1', '--format', 'sarif', '--output', out, '--fail-on', 'none'], repo.dir);
    expect(r.code).toBe(0);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(readFileSync(out, 'utf8')).not.toContain(FAKE_AWS_KEY);
  });

  it('produces markdown', () => {
    const r = cli(['review', '--base', 'HEAD~1', '--format', 'markdown', '--fail-on', 'none'], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\|/);
  });

  it('keeps fingerprints stable across runs', () => {
    const a = JSON.parse(cli(['review', '--base', 'HEAD~1', '--format', 'json'], repo.dir).stdout) as JsonReport;
    const b = JSON.parse(cli(['review', '--base', 'HEAD~1', '--format', 'json'], repo.dir).stdout) as JsonReport;
    expect(b.findings.map((f) => f.fingerprint)).toEqual(a.findings.map((f) => f.fingerprint));
  });

  it('baselines accepted findings', () => {
    const bl = join(repo.dir, 'baseline.json');
    cli(['review', '--base', 'HEAD~1', '--format', 'json', '--write-baseline', bl], repo.dir);
    const r = cli(['review', '--base', 'HEAD~1', '--format', 'json', '--baseline', bl], repo.dir);
    expect((JSON.parse(r.stdout) as JsonReport).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('exits 2 with a reason naming the bad input', () => {
    const badRef = cli(['review', '--base', 'no-such-ref'], repo.dir);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain('no-such-ref');
    const badFormat = cli(['scan', '.', '--format', 'xml'], repo.dir);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("'xml'");
    const noCmd = cli([], repo.dir);
    expect(noCmd.code).toBe(2);
    const noBase = cli(['review'], repo.dir);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toContain('--base');
    const cfg = join(repo.dir, 'bad.yml');
    writeFileSync(cfg, 'fail-on: sometimes\n');
    const badCfg = cli(['scan', '.', '--config', cfg], repo.dir);
    expect(badCfg.code).toBe(2);
    expect(badCfg.stderr).toContain('fail-on');
    expect(badCfg.stderr).toContain('sometimes');
    expect(badCfg.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('scans a folder that is not a git repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prs-scan-'));
    try {
      writeFiles(dir, { 'cfg/settings.py': `AWS_ACCESS_KEY_ID = "${FAKE_AWS_KEY}"\n`, 'bin.dat': Buffer.from([0, 1, 2, 3, 0, 255]) });
      const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'none'], tmpdir());
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(report.findings.some((f) => f.ruleId.startsWith('secrets/') && f.location.path === 'cfg/settings.py')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
