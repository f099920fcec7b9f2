/**
 * The built action (dist/index.js) run as a child process with the environment a runner gives, against a fake GitHub
 * REST server on 127.0.0.1 and a fixture repository: summary, outputs, SARIF, and the exact API calls.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltAction } from '../helpers/action-runner.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { sarifErrors } from '../report/sarif-validator.js';
import { FAKE_AWS_KEY, makeRepo, sampleChange, type GitFixture } from '../helpers/git-fixture.js';

const ACTION = resolve('dist/index.js');

async function runAction(repo: GitFixture, gh: FakeGitHub, opts: { fork?: boolean; inputs?: Record<string, string> } = {}) {
  const run = await runBuiltAction(ACTION, repo, gh, opts);
  // `::add-mask::VALUE` is how a secret is registered with the runner (which then hides it): the one place it may appear.
  return { ...run, stdout: run.log.replace(/^::add-mask::.*$/gm, '::add-mask::***') };
}

const changedLines = (repo: GitFixture): Set<number> => {
  const diff = repo.git('diff', '-U0', repo.baseSha, repo.headSha, '--', 'app/orders.py');
  const lines = new Set<number>();
  for (const m of diff.matchAll(/^@@ -\S+ \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const n = m[2] === undefined ? 1 : Number(m[2]);
    for (let i = 0; i < n; i++) lines.add(start + i);
  }
  return lines;
};

describe('the built action on a pull request', () => {
  let repo: GitFixture;
  let gh: FakeGitHub;
  beforeAll(() => {
    const { base, head } = sampleChange();
    repo = makeRepo(base, head);
  });
  afterAll(() => repo.cleanup());
  beforeEach(async () => {
    gh = await startFakeGitHub();
  });
  afterEach(async () => gh.close());

  it('writes the summary, outputs, SARIF, check run, review comments and the SARIF upload', async () => {
    const run = await runAction(repo, gh);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain(FAKE_AWS_KEY);

    // Outputs.
    expect(Number(run.outputs['findings-count'])).toBeGreaterThanOrEqual(3);
    expect(run.outputs['verdict']).toBe('pass');
    expect(['critical', 'high']).toContain(run.outputs['highest-severity']);
    const sarifPath = run.outputs['sarif-file']!;
    const sarifText = readFileSync(sarifPath, 'utf8');
    expect(sarifText).not.toContain(FAKE_AWS_KEY);
    const sarif = JSON.parse(sarifText) as { version: string; runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: Record<string, string> }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.length).toBe(Number(run.outputs['findings-count']));

    // Summary.
    expect(run.summary).toMatch(/pr-sentinel/i);
    expect(run.summary).toContain('app/orders.py');
    expect(run.summary).not.toContain(FAKE_AWS_KEY);

    // Check run with annotations.
    expect(gh.checkRuns).toHaveLength(1);
    const checkBodies = [gh.checkRuns[0]!.create, ...gh.checkRuns[0]!.updates];
    const annotations = checkBodies.flatMap((u) => ((u.output as { annotations?: unknown[] } | undefined)?.annotations ?? []) as Array<{ path: string; start_line: number }>);
    expect(annotations.length).toBe(Number(run.outputs['findings-count']));
    for (const u of checkBodies) expect(((u.output as { annotations?: unknown[] } | undefined)?.annotations ?? []).length).toBeLessThanOrEqual(50);

    // Review comments only on changed lines, each carrying a fingerprint marker.
    const changed = changedLines(repo);
    expect(gh.reviewComments.length).toBeGreaterThan(0);
    for (const c of gh.reviewComments) {
      expect(c.path).toBe('app/orders.py');
      expect(changed.has(c.line!)).toBe(true);
      expect(c.body).toMatch(/pr-sentinel:fp=/);
      expect(c.body).not.toContain(FAKE_AWS_KEY);
    }
    expect(gh.issueComments).toHaveLength(1);

    // SARIF upload: gzip + base64 of the same SARIF, for the PR head.
    expect(gh.sarifUploads).toHaveLength(1);
    const up = gh.sarifUploads[0]! as { commit_sha: string; ref: string; sarif: string };
    expect(up.commit_sha).toBe(repo.headSha);
    expect(up.ref).toBe('refs/pull/7/head');
    const uploaded = JSON.parse(gunzipSync(Buffer.from(up.sarif, 'base64')).toString('utf8')) as { version: string; runs: unknown[] };
    expect(uploaded.version).toBe('2.1.0');

    // A second run on the same head posts no duplicate comments and edits the summary comment in place.
    const before = gh.reviewComments.length;
    const second = await runAction(repo, gh);
    expect(second.code, second.stdout).toBe(0);
    expect(gh.reviewComments.length).toBe(before);
    expect(gh.issueComments).toHaveLength(1);
    expect(gh.requests.some((r) => r.method === 'PATCH' && /\/issues\/comments\/\d+$/.test(r.path))).toBe(true);
  });

  it('fails the step when the gate is reached', async () => {
    const run = await runAction(repo, gh, { inputs: { 'fail-on': 'high' } });
    expect(run.code).toBe(1);
    expect(run.outputs['verdict']).toBe('fail');
  });

  it('degrades on a read-only token: workflow-command annotations, SARIF file, a visible warning', async () => {
    gh.mode = 'readonly';
    const run = await runAction(repo, gh);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/::(error|warning|notice) [^\n]*file=app\/orders\.py,line=\d+/);
    expect(run.stdout).not.toContain(FAKE_AWS_KEY);
    expect(Number(run.outputs['findings-count'])).toBeGreaterThanOrEqual(3);
    expect(readFileSync(run.outputs['sarif-file']!, 'utf8')).toContain('2.1.0');
    expect(run.summary).toMatch(/403|read-only|not accessible|permission/i);
    expect(gh.reviewComments).toHaveLength(0);
  });

  it('degrades on a fork PR and says so', async () => {
    gh.mode = 'readonly';
    const run = await runAction(repo, gh, { fork: true });
    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toMatch(/fork/i);
    expect(Number(run.outputs['findings-count'])).toBeGreaterThanOrEqual(3);
  });
});
