/**
 * PR runs whose checkout lacks the commits: files from the REST API (fake server on 127.0.0.1), head text
 * from the workspace when it agrees with the patch, base text rebuilt from the patch, contents fetched otherwise.
 */
import { getOctokit } from '@actions/github';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headMatchesHunks, reverseApply, toFileChanges } from '../../src/diff/api.js';
import { loadChange } from '../../src/diff/index.js';
import { parsePatch } from '../../src/diff/parser.js';
import type { FileChange } from '../../src/diff/types.js';
import { writeFiles } from '../helpers/git-fixture.js';
import { file, startFakeApi, type FakeApi } from './fake-api.js';
import { config } from './helpers.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
let api: FakeApi;
let ws: string;
beforeEach(async () => {
  api = await startFakeApi();
  ws = mkdtempSync(join(tmpdir(), 'prs-ws-'));
});
afterEach(async () => {
  await api.close();
  rmSync(ws, { recursive: true, force: true });
});

function prEnv(name = 'pull_request'): NodeJS.ProcessEnv {
  const path = join(ws, '..', `${ws.split('/').pop()}-event.json`);
  writeFileSync(path, JSON.stringify({ pull_request: { number: 5, base: { sha: BASE, ref: 'main', repo: { full_name: 'acme/shop' } }, head: { sha: HEAD, ref: 'f', repo: { full_name: 'acme/shop' } } } }));
  return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path, GITHUB_REPOSITORY: 'acme/shop' };
}

const APP_BASE = 'import os\n\ndef f():\n    return 1\n\n\ndef g():\n    pass\n';
const APP_HEAD = 'import os\nimport sys\n\ndef f():\n    return 2\n\n\ndef g():\n    pass\n';
const APP_PATCH = '@@ -1,4 +1,5 @@\n import os\n+import sys\n \n def f():\n-    return 1\n+    return 2';

describe('reverse apply', () => {
  it('rebuilds the base from the head and the hunks', () => {
    const change: FileChange = { path: 'a', status: 'modified', binary: false, ...parsePatch(APP_PATCH) };
    expect(headMatchesHunks(APP_HEAD, change)).toBe(true);
    expect(reverseApply(APP_HEAD, change)).toBe(APP_BASE);
    expect(headMatchesHunks(APP_BASE, change)).toBe(false);
  });

  it('handles pure insertions, pure deletions and several hunks', () => {
    const base = Array.from({ length: 30 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
    const head = base.replace('l3\n', '').replace('l20\n', 'l20\nnew1\nnew2\n');
    const patch = '@@ -2,3 +2,2 @@\n l2\n-l3\n l4\n@@ -20,0 +20,2 @@ ctx\n+new1\n+new2';
    const change: FileChange = { path: 'a', status: 'modified', binary: false, ...parsePatch(patch) };
    expect(headMatchesHunks(head, change)).toBe(true);
    expect(reverseApply(head, change)).toBe(base);
  });

  it('maps API statuses and skips files without a patch', () => {
    const r = toFileChanges([
      { filename: 'a', status: 'removed', additions: 0, deletions: 3, changes: 3 },
      { filename: 'b', status: 'renamed', previous_filename: 'old/b', additions: 0, deletions: 0, changes: 0 },
      { filename: 'c.bin', status: 'modified', additions: 0, deletions: 0, changes: 0 },
      { filename: 'huge.sql', status: 'modified', additions: 9000, deletions: 0, changes: 9000 },
    ]);
    expect(r.changes.map((c) => [c.path, c.status, c.oldPath])).toEqual([
      ['a', 'deleted', undefined],
      ['b', 'renamed', 'old/b'],
      ['c.bin', 'modified', undefined],
    ]);
    expect(r.skipped).toEqual([{ path: 'huge.sql', reason: 'no patch from the GitHub API (binary or diff too large to show)' }]);
  });
});

describe('pr mode from the REST API', () => {
  it('pages through the files, reads heads from disk, rebuilds bases, fetches what the disk does not hold', async () => {
    const many = Array.from({ length: 230 }, (_, i) => file(`gen/f${i}.txt`, '@@ -0,0 +1 @@\n+x', 'added'));
    api.prFiles = [
      file('src/app.py', APP_PATCH),
      file('src/stale.py', '@@ -1 +1 @@\n-old\n+new'),
      file('package-lock.json', '@@ -1 +1 @@\n-{ "v": 1 }\n+{ "v": 2 }'),
      file('removed.js', '@@ -1 +0,0 @@\n-x', 'removed'),
      file('docs/b.md', '@@ -1 +1,2 @@\n a\n+b', 'renamed', { previous_filename: 'docs/a.md' }),
      { filename: 'huge.sql', status: 'modified', additions: 5000, deletions: 0, changes: 5000 },
      ...many,
    ];
    writeFiles(ws, {
      'src/app.py': APP_HEAD,
      // The workspace holds a different version (merge commit with newer base): the head must come from the API.
      'src/stale.py': 'merged\n',
      'package-lock.json': '{ "v": 2 }\n',
      'docs/b.md': 'a\nb\n',
      ...Object.fromEntries(many.map((f) => [f.filename, 'x\n'])),
    });
    api.contents.set(`${HEAD}:src/stale.py`, 'new\n');

    const octokit = getOctokit('t', { baseUrl: api.url });
    const r = await loadChange({ mode: 'pr', root: ws, env: prEnv(), octokit, config: config() });
    expect(r.change).toMatchObject({ source: 'api', pullNumber: 5, baseSha: BASE, headSha: HEAD, ref: 'refs/pull/5/head', repository: 'acme/shop', isFork: false });
    expect(r.notices).toContainEqual(expect.objectContaining({ level: 'info', message: expect.stringContaining('changed files come from the GitHub API') }));

    const pages = api.requests.filter((q) => q.path === '/repos/acme/shop/pulls/5/files').map((q) => q.query.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    expect(r.files).toHaveLength(3 + 230);

    const by = new Map(r.files.map((f) => [f.path, f]));
    expect(by.get('src/app.py')).toMatchObject({ head: APP_HEAD, base: APP_BASE, language: 'python' });
    expect([...(by.get('src/app.py')!.changedLines as Set<number>)]).toEqual([2, 5]);
    expect(by.get('src/stale.py')).toMatchObject({ head: 'new\n', base: 'old\n' });
    expect(by.get('docs/b.md')).toMatchObject({ head: 'a\nb\n', base: 'a\n' });
    expect(by.get('docs/b.md')!.change.oldPath).toBe('docs/a.md');
    expect(by.has('removed.js')).toBe(false);
    expect(r.depsFiles.map((f) => [f.path, f.base, f.head])).toEqual([['package-lock.json', '{ "v": 1 }\n', '{ "v": 2 }\n']]);
    expect(r.skipped).toEqual(
      expect.arrayContaining([
        { path: 'huge.sql', reason: 'no patch from the GitHub API (binary or diff too large to show)' },
        { path: 'package-lock.json', reason: 'lock file (dependency analysis only)' },
      ]),
    );
    // Only the stale file needed its content from the API; every base was rebuilt locally.
    const contentCalls = api.requests.filter((q) => q.path.includes('/contents/'));
    expect(contentCalls.map((q) => [decodeURIComponent(q.path), q.query.get('ref')])).toEqual([['/repos/acme/shop/contents/src/stale.py', HEAD]]);
    expect(contentCalls[0]!.accept).toContain('raw');
  });

  it('pull_request_target never trusts the checkout for head text', async () => {
    api.prFiles = [file('a.py', '@@ -1 +1 @@\n-x = 1\n+x = 2')];
    writeFiles(ws, { 'a.py': 'x = 2\n' });
    api.contents.set(`${HEAD}:a.py`, 'x = 2\n');
    const r = await loadChange({ mode: 'pr', root: ws, env: prEnv('pull_request_target'), octokit: getOctokit('t', { baseUrl: api.url }), config: config() });
    expect(r.files[0]).toMatchObject({ path: 'a.py', head: 'x = 2\n', base: 'x = 1\n' });
    expect(api.requests.filter((q) => q.path.includes('/contents/')).map((q) => q.query.get('ref'))).toEqual([HEAD]);
  });

  it('names the pull request when the API refuses to list its files', async () => {
    const octokit = getOctokit('t', { baseUrl: api.url, request: { retries: 0 } });
    const e = prEnv();
    e.GITHUB_REPOSITORY = 'acme/other';
    api.prFiles = [];
    // The fake answers any repository; make it fail by pointing at a closed port instead.
    await api.close();
    await expect(loadChange({ mode: 'pr', root: ws, env: e, octokit, config: config() })).rejects.toThrow(/cannot list the files of pull request #5 in acme\/other through the GitHub API/);
    api = await startFakeApi();
  });

  it('falls back to fetching the base when the head cannot be matched, and skips unreadable heads', async () => {
    api.prFiles = [file('a.py', '@@ -1 +1 @@\n-x = 1\n+x = 2'), file('missing.py', '@@ -1 +1 @@\n-y\n+z')];
    api.contents.set(`${HEAD}:a.py`, 'x = 2 but different\n');
    api.contents.set(`${BASE}:a.py`, 'x = 1\n');
    const r = await loadChange({ mode: 'pr', root: ws, env: prEnv(), octokit: getOctokit('t', { baseUrl: api.url }), config: config() });
    expect(r.files.map((f) => [f.path, f.head, f.base])).toEqual([['a.py', 'x = 2 but different\n', 'x = 1\n']]);
    expect(r.skipped).toContainEqual({ path: 'missing.py', reason: 'head content could not be read' });
  });

  it('uses compare for a push and the commit for a new branch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prs-push-'));
    try {
      const ev = (payload: unknown) => {
        const p = join(dir, `e${Math.random()}.json`);
        writeFileSync(p, JSON.stringify(payload));
        return { GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: p, GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: 'refs/heads/dev' };
      };
      api.compareFiles = [file('c.go', '@@ -0,0 +1 @@\n+package c', 'added')];
      api.commitFiles = [file('d.go', '@@ -0,0 +1 @@\n+package d', 'added')];
      writeFiles(ws, { 'c.go': 'package c\n', 'd.go': 'package d\n' });
      const octokit = getOctokit('t', { baseUrl: api.url });
      const push = await loadChange({ mode: 'pr', root: ws, env: ev({ before: BASE, after: HEAD }), octokit, config: config() });
      expect(push.files.map((f) => f.path)).toEqual(['c.go']);
      expect(push.change).toMatchObject({ source: 'api', ref: 'refs/heads/dev', baseSha: BASE, headSha: HEAD });
      expect(api.requests.some((q) => q.path === `/repos/acme/shop/compare/${BASE}...${HEAD}`)).toBe(true);
      const created = await loadChange({ mode: 'pr', root: ws, env: ev({ before: '0'.repeat(40), after: HEAD }), octokit, config: config() });
      expect(created.files.map((f) => f.path)).toEqual(['d.go']);
      expect(api.requests.some((q) => q.path === `/repos/acme/shop/commits/${HEAD}`)).toBe(true);
      // A force push: the API no longer knows `before`, so the head commit is reviewed alone, with a warning.
      api.compareFiles = null;
      const forced = await loadChange({ mode: 'pr', root: ws, env: ev({ before: BASE, after: HEAD }), octokit, config: config() });
      expect(forced.files.map((f) => f.path)).toEqual(['d.go']);
      expect(forced.notices).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringContaining('reviewed the head commit alone') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
