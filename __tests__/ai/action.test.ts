/**
 * The built action (dist/index.js) with the AI review on, against a fake GitHub API and a fake OpenAI server:
 * the AI comment and summary reach the PR, the planted key never reaches the provider, a re-run on the same
 * head sends nothing new (state kept in the summary comment), a provider outage keeps every deterministic
 * finding, and a fork PR without secrets says why the AI review was skipped.
 * Skipped only when dist/index.js has not been built (PR_SENTINEL_E2E_ACTION points at another build).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBuiltAction } from '../helpers/action-runner.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { startFakeLlm, reviewAnswer, type FakeLlm, type Script } from '../helpers/fake-llm.js';
import { FAKE_AWS_KEY, makeRepo, sampleChange, type GitFixture } from '../helpers/git-fixture.js';

const ACTION = process.env.PR_SENTINEL_E2E_ACTION ? resolve(process.env.PR_SENTINEL_E2E_ACTION) : resolve('dist/index.js');

async function runAction(repo: GitFixture, gh: FakeGitHub, inputs: Record<string, string>, fork = false) {
  const run = await runBuiltAction(ACTION, repo, gh, { inputs, fork });
  const count = run.outputs['findings-count'];
  return { ...run, findingsCount: count === undefined ? undefined : Number(count) };
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
