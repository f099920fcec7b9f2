/**
 * The built action (dist/index.js) with the AI review on, against a fake GitHub API and a fake OpenAI server:
 * the AI comment and summary reach the PR, the planted key never reaches the provider, a re-run on the same
 * head sends nothing new (state kept in the summary comment), a provider outage keeps every deterministic
 * finding, and a fork PR without secrets says why the AI review was skipped.
 * Skipped only when dist/index.js has not been built (PR_SENTINEL_E2E_ACTION points at another build).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { startFakeLlm, reviewAnswer, type FakeLlm, type Script } from '../helpers/fake-llm.js';
import { FAKE_AWS_KEY, makeRepo, sampleChange, type GitFixture } from '../helpers/git-fixture.js';

const ACTION = process.env.PR_SENTINEL_E2E_ACTION ? resolve(process.env.PR_SENTINEL_E2E_ACTION) : resolve('dist/index.js');

async function runAction(repo: GitFixture, gh: FakeGitHub, inputs: Record<string, string>, fork = false) {
  const tmp = mkdtempSync(join(tmpdir(), 'prs-ai-runner-'));
  const file = (name: string, text = '') => {
    writeFileSync(join(tmp, name), text);
    return join(tmp, name);
  };
  const headRepo = fork ? 'mallory/shop' : 'acme/shop';
  const event = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: repo.headSha, ref: 'feature', repo: { full_name: headRepo, fork } },
      base: { sha: repo.baseSha, ref: 'main', repo: { full_name: 'acme/shop' } },
    },
    repository: { full_name: 'acme/shop', name: 'shop', owner: { login: 'acme' } },
  };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: file('event.json', JSON.stringify(event)),
    GITHUB_STEP_SUMMARY: file('summary.md'),
    GITHUB_OUTPUT: file('output.txt'),
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
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [ACTION], { cwd: repo.dir, env });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const summary = readFileSync(join(tmp, 'summary.md'), 'utf8');
  const outputs = readFileSync(join(tmp, 'output.txt'), 'utf8');
  rmSync(tmp, { recursive: true, force: true });
  const count = /findings-count<<(\S+)\n(\d+)\n/.exec(outputs)?.[2];
  return { code, log, summary, findingsCount: count === undefined ? undefined : Number(count) };
}

describe.skipIf(!existsSync(ACTION))('the built action with the AI review', () => {
  let repo: GitFixture;
  let gh: FakeGitHub;
  const llms: FakeLlm[] = [];
  beforeAll(() => {
    const { base, head } = sampleChange();
    repo = makeRepo(base, head);
  });
  afterAll(() => repo.cleanup());
  beforeEach(async () => {
    gh = await startFakeGitHub();
  });
  afterEach(async () => {
    await gh.close();
    await Promise.all(llms.splice(0).map((l) => l.close()));
  });
  const llm = async (script: Script) => {
    const l = await startFakeLlm('openai', script);
    llms.push(l);
    return l;
  };
  const aiInputs = (l: FakeLlm) => ({ 'ai-providers': 'openai:gpt-4.1-mini', 'openai-api-key': 'sk-action-test', 'openai-base-url': l.baseUrl });

  it('posts the AI comment and summary; the key never reaches the provider; a re-run on the same head sends nothing new', async () => {
    const l = await llm([
      {
        answer: reviewAnswer(
          [{ file: 'app/orders.py', startLine: 11, category: 'security', message: 'Validate the archive name against an allow-list before building the command.', confidence: 0.9 }],
          { overview: 'Adds an order export endpoint and a shipping cost function.', risk: 'high', focus: ['app/orders.py'] },
        ),
      },
    ]);
    const first = await runAction(repo, gh, aiInputs(l));
    expect(first.code, first.log).toBe(0);
    expect(l.requests).toHaveLength(1);
    expect(l.requests[0]!.body).not.toContain(FAKE_AWS_KEY);
    // The key appears only in the ::add-mask:: command that tells the runner to mask it.
    expect(first.log.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain('sk-action-test');
    expect(first.log).toContain('::add-mask::sk-action-test');
    expect(first.summary).toContain('Adds an order export endpoint and a shipping cost function.');
    expect(gh.reviewComments.some((c) => c.body.includes('allow-list') && c.line === 11)).toBe(true);
    expect(gh.issueComments.map((c) => c.body).join('\n')).toContain('Adds an order export endpoint');

    const second = await runAction(repo, gh, aiInputs(l));
    expect(second.code, second.log).toBe(0);
    expect(l.requests).toHaveLength(1); // incremental: every hunk was reviewed at this head already
  });

  it('provider down: the AI review is skipped with the reason, every deterministic finding is still reported', async () => {
    const plain = await runAction(repo, gh, {});
    const l = await llm([{ status: 401, message: 'Incorrect API key provided' }]);
    const run = await runAction(repo, gh, aiInputs(l));
    expect(run.code, run.log).toBe(0);
    expect(run.summary).toMatch(/every AI provider failed/);
    expect(run.summary).toMatch(/authentication failed \\?\(HTTP 401\\?\)/); // markdown may escape the parentheses
    expect(run.findingsCount).toBe(plain.findingsCount);
    expect(run.findingsCount).toBeGreaterThanOrEqual(3);
  });

  it('fork PR without secrets: says so, deterministic findings still reported', async () => {
    gh.mode = 'readonly';
    const run = await runAction(repo, gh, { 'ai-providers': 'openai:gpt-4.1-mini' }, true);
    expect(run.code, run.log).toBe(0);
    expect(run.summary).toContain('fork PR: no secrets available');
    expect(run.findingsCount).toBeGreaterThanOrEqual(3);
  });
});
