/**
 * The built action (dist/index.js) run as a child process with the environment a runner gives, against a fake GitHub
 * REST server on 127.0.0.1 and a fixture repository: summary, outputs, SARIF, and the exact API calls.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { sarifErrors } from '../report/sarif-validator.js';
import { FAKE_AWS_KEY, makeRepo, sampleChange, type GitFixture } from '../helpers/git-fixture.js';

const ACTION = resolve('dist/index.js');

interface ActionRun {
  code: number | null;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

function parseOutputs(text: string): Record<string, string> {
  // GITHUB_OUTPUT uses `name<<DELIM\nvalue\nDELIM` blocks.
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

async function runAction(repo: GitFixture, gh: FakeGitHub, opts: { fork?: boolean; inputs?: Record<string, string> } = {}): Promise<ActionRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'prs-runner-'));
  const eventPath = join(tmp, 'event.json');
  const summaryPath = join(tmp, 'summary.md');
  const outputPath = join(tmp, 'output.txt');
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  writeFileSync(
    eventPath,
    JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: repo.headSha, ref: 'feature', repo: { full_name: opts.fork ? 'mallory/shop' : 'acme/shop', fork: Boolean(opts.fork) } },
        base: { sha: repo.baseSha, ref: 'main', repo: { full_name: 'acme/shop' } },
      },
      repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
    }),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_SHA: repo.headSha,
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_RUN_ID: '42',
    RUNNER_TEMP: tmp,
    PR_SENTINEL_OSV_URL: 'http://127.0.0.1:9',
    'INPUT_GITHUB-TOKEN': 'ghs_fake_token_for_tests',
    'INPUT_FAIL-ON': 'none',
  };
  for (const [k, v] of Object.entries(opts.inputs ?? {})) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [ACTION], { cwd: repo.dir, env });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  // `::add-mask::VALUE` is how a secret is registered with the runner (which then hides it): the one place it may appear.
  stdout = stdout.replace(/^::add-mask::.*$/gm, '::add-mask::***');
  const result = { code, stdout, summary: readFileSync(summaryPath, 'utf8'), outputs: parseOutputs(readFileSync(outputPath, 'utf8')) };
  rmSync(tmp, { recursive: true, force: true });
  return result;
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
