/** Event parsing for each supported event, and PR runs served by local git when the checkout has the commits. */
import { getOctokit } from '@actions/github';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, loadChange, readEvent } from '../../src/diff/index.js';
import { makeRepo, type GitFixture } from '../helpers/git-fixture.js';
import { startFakeApi, type FakeApi } from './fake-api.js';
import { config } from './helpers.js';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
let tmp: string;
let api: FakeApi;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'prs-event-'));
  api = await startFakeApi();
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await api.close();
});

let n = 0;
function env(name: string, payload: unknown, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const path = join(tmp, `event-${n++}.json`);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path, GITHUB_REPOSITORY: 'acme/shop', ...extra };
}

const pr = (number: number, headRepo: string | null = 'acme/shop') => ({
  number,
  base: { sha: SHA_A, ref: 'main', repo: { full_name: 'acme/shop' } },
  head: { sha: SHA_B, ref: 'feature', repo: headRepo === null ? null : { full_name: headRepo } },
});

describe('readEvent', () => {
  it('pull_request: shas, branches, number, ref, not a fork', async () => {
    const ev = await readEvent(env('pull_request', { pull_request: pr(7) }));
    expect(ev).toEqual({ name: 'pull_request', repository: 'acme/shop', pullNumber: 7, baseSha: SHA_A, headSha: SHA_B, baseRef: 'main', headRef: 'feature', isFork: false, ref: 'refs/pull/7/head' });
  });

  it('detects forks, including a deleted fork (head.repo null)', async () => {
    expect((await readEvent(env('pull_request', { pull_request: pr(8, 'mallory/shop') }))).isFork).toBe(true);
    expect((await readEvent(env('pull_request', { pull_request: pr(9, null) }))).isFork).toBe(true);
  });

  it('pull_request_target: the checkout is the base, never the head', async () => {
    const ev = await readEvent(env('pull_request_target', { pull_request: pr(10, 'mallory/shop') }));
    expect(ev).toMatchObject({ pullNumber: 10, isFork: true, checkoutIsBase: true, ref: 'refs/pull/10/head' });
  });

  it('push: before/after and GITHUB_REF; an all-zero before means a new branch', async () => {
    const push = await readEvent(env('push', { before: SHA_A, after: SHA_B }, { GITHUB_REF: 'refs/heads/dev', GITHUB_SHA: SHA_B }));
    expect(push).toMatchObject({ name: 'push', baseSha: SHA_A, headSha: SHA_B, ref: 'refs/heads/dev' });
    expect(push.singleCommit).toBeUndefined();
    expect(push.pullNumber).toBeUndefined();
    const created = await readEvent(env('push', { before: '0'.repeat(40), after: SHA_B }, { GITHUB_REF: 'refs/heads/new' }));
    expect(created).toMatchObject({ headSha: SHA_B, singleCommit: true, ref: 'refs/heads/new' });
    expect(created.baseSha).toBeUndefined();
  });

  it('workflow_dispatch with a pr-number looks the pull request up', async () => {
    api.pulls[42] = pr(42, 'mallory/shop');
    const octokit = getOctokit('t', { baseUrl: api.url });
    const ev = await readEvent(env('workflow_dispatch', { inputs: { 'pr-number': '42' } }), octokit);
    expect(ev).toMatchObject({ name: 'workflow_dispatch', pullNumber: 42, baseSha: SHA_A, headSha: SHA_B, isFork: true, ref: 'refs/pull/42/head' });
    expect(api.requests.some((r) => r.path === '/repos/acme/shop/pulls/42')).toBe(true);
    const alt = await readEvent(env('workflow_dispatch', { inputs: { 'pull-number': 42 } }), octokit);
    expect(alt.pullNumber).toBe(42);
  });

  it('workflow_dispatch errors name the input', async () => {
    const octokit = getOctokit('t', { baseUrl: api.url });
    await expect(readEvent(env('workflow_dispatch', { inputs: { 'pr-number': 'abc' } }), octokit)).rejects.toThrow("workflow_dispatch input 'pr-number' must be a pull request number, got 'abc'");
    await expect(readEvent(env('workflow_dispatch', { inputs: { 'pr-number': '3' } }))).rejects.toBeInstanceOf(InputError);
    await expect(readEvent(env('workflow_dispatch', { inputs: { 'pr-number': '404' } }), octokit)).rejects.toThrow('pull request #404 not found in acme/shop');
  });

  it('workflow_dispatch without a number reviews the head commit', async () => {
    const ev = await readEvent(env('workflow_dispatch', { inputs: {} }, { GITHUB_SHA: SHA_B, GITHUB_REF: 'refs/heads/main' }));
    expect(ev).toMatchObject({ headSha: SHA_B, singleCommit: true, ref: 'refs/heads/main' });
  });

  it('merge_group and a broken payload', async () => {
    const mg = await readEvent(env('merge_group', { merge_group: { base_sha: SHA_A, head_sha: SHA_B, head_ref: 'refs/heads/gh-readonly-queue/main/pr-1' } }));
    expect(mg).toMatchObject({ baseSha: SHA_A, headSha: SHA_B });
    await expect(readEvent(env('pull_request', '{ not json'))).rejects.toThrow(/is not valid JSON/);
  });
});

describe('pr mode with the commits in the checkout', () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = makeRepo({ 'app.py': 'a = 1\n' }, { 'app.py': 'a = 1\nb = 2\n', 'new.go': 'package x\n' });
  });
  afterAll(() => repo.cleanup());

  it('diffs locally and fills the change context from the event', async () => {
    const e = env('pull_request', { pull_request: { ...pr(7, 'mallory/shop'), base: { sha: repo.baseSha, ref: 'main', repo: { full_name: 'acme/shop' } }, head: { sha: repo.headSha, ref: 'feature', repo: { full_name: 'mallory/shop' } } } });
    const r = await loadChange({ mode: 'pr', root: repo.dir, env: e, config: config() });
    expect(r.change).toEqual({ mode: 'review', root: repo.dir, source: 'git', baseRef: 'main', headRef: 'feature', baseSha: repo.baseSha, headSha: repo.headSha, repository: 'acme/shop', pullNumber: 7, isFork: true, ref: 'refs/pull/7/head' });
    expect(r.files.map((f) => [f.path, [...(f.changedLines as Set<number>)]])).toEqual([
      ['app.py', [2]],
      ['new.go', [1]],
    ]);
  });

  it('a push that created a branch reviews the head commit against its parent', async () => {
    const e = env('push', { before: '0'.repeat(40), after: repo.headSha }, { GITHUB_REF: 'refs/heads/feature' });
    const r = await loadChange({ mode: 'pr', root: repo.dir, env: e, config: config() });
    expect(r.change).toMatchObject({ source: 'git', headSha: repo.headSha, ref: 'refs/heads/feature' });
    expect(r.files.map((f) => f.path)).toEqual(['app.py', 'new.go']);
  });

  it('without the commits and without a token it says what to do', async () => {
    const e = env('pull_request', { pull_request: pr(7) });
    await expect(loadChange({ mode: 'pr', root: repo.dir, env: e, config: config() })).rejects.toThrow(/not in the checkout .*fetch-depth: 0/);
  });
});
