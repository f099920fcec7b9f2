/**
 * Re-runs against the fake GitHub on 127.0.0.1 with the real Octokit: review threads of vanished findings get
 * resolved through GraphQL (and a failing GraphQL only costs a notice), and a re-run on the same head commit
 * updates the earlier check run instead of creating another.
 */
import { getOctokit } from '@actions/github';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/types.js';
import { CHECK_NAME, publishAnnotations } from '../../src/report/annotations.js';
import { publishToGitHub } from '../../src/report/index.js';
import { publishReview } from '../../src/report/review.js';
import { startFakeGitHub, type FakeGitHub, type RecordedRequest } from '../helpers/fake-github.js';
import { finding, HEAD_SHA, sampleResult } from './sample.js';

let debug: string[];
const log = { debug: (m: string) => void debug.push(m), info: () => {}, warn: () => {}, setSecret: () => {} };
const plain = (gh: FakeGitHub) => getOctokit('t', { baseUrl: gh.url, request: { retries: 0 } });
const lines = new Map([['app/x.py', new Set([3, 4, 5, 6])]]);
const isGraphql = (q: RecordedRequest) => q.method === 'POST' && q.path === '/graphql';
const gqlQuery = (q: RecordedRequest) => String((q.body as { query?: string }).query ?? '');
const commentOf = (gh: FakeGitHub, line: number) => gh.reviewComments.filter((c) => c.line === line);
const threadOf = (gh: FakeGitHub, commentId: number) => gh.reviewThreads.find((t) => t.commentIds[0] === commentId)!;

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
  debug = [];
});
afterEach(async () => gh.close());

const a = finding({ line: 3 });
const b = finding({ line: 4, ruleId: 'sast/b' });
const c = finding({ line: 5, ruleId: 'sast/c' });
const review = (fs: Finding[]) => publishReview(sampleResult(fs), { octokit: plain(gh), log, commentableLines: lines });

describe('review threads of vanished findings', () => {
  it('edits the comment and resolves exactly its thread, paging past 100 threads; a thread a person resolved is left alone', async () => {
    // 130 threads of other reviewers come first, so ours are only found on the second page.
    for (let i = 1; i <= 130; i++) gh.reviewThreads.push({ id: `PRRT_other${i}`, isResolved: i % 3 === 0, commentIds: [i] });
    await review([a, b, c]);
    expect(gh.reviewComments).toHaveLength(3);
    const [ca, cb, cc] = [commentOf(gh, 3)[0]!, commentOf(gh, 4)[0]!, commentOf(gh, 5)[0]!];
    threadOf(gh, cc.id).isResolved = true; // a person resolved c's thread by hand
    const before = gh.requests.length;

    const second = await review([a]);
    expect(second).toMatchObject({ posted: 0, resolved: 2, threadsResolved: 1 });
    expect(cb.body).toMatch(/^~~.*~~\n\n✅ Resolved in aaaaaaa/);
    expect(cc.body).toMatch(/✅ Resolved in aaaaaaa/);
    expect(gh.resolvedThreads).toEqual([`PRRT_${cb.id}`]);
    expect(threadOf(gh, cb.id).isResolved).toBe(true);
    expect(threadOf(gh, ca.id).isResolved).toBe(false);
    expect(gh.reviewThreads.filter((t) => t.id.startsWith('PRRT_other') && t.isResolved)).toHaveLength(43); // untouched
    expect(second.notices).toEqual([]);

    const gql = gh.requests.slice(before).filter(isGraphql);
    const pages = gql.filter((q) => /reviewThreads/.test(gqlQuery(q)));
    expect(pages.map((q) => (q.body as { variables: { after: string | null; pull: number } }).variables)).toEqual([
      { owner: 'acme', name: 'shop', pull: 7, after: null },
      { owner: 'acme', name: 'shop', pull: 7, after: '100' },
    ]);
    expect(gql.filter((q) => /resolveReviewThread/.test(gqlQuery(q)))).toHaveLength(1);

    // Nothing left to do on the next run: no edits, no GraphQL at all.
    const mark = gh.requests.length;
    expect(await review([a])).toMatchObject({ posted: 0, updated: 0, resolved: 0, threadsResolved: 0 });
    expect(gh.requests.slice(mark).filter(isGraphql)).toEqual([]);
  });

  it('posts a new comment when a finding comes back, without re-opening the resolved thread', async () => {
    await review([a, b]);
    const old = commentOf(gh, 4)[0]!;
    await review([a]);
    expect(gh.resolvedThreads).toEqual([`PRRT_${old.id}`]);
    const oldBody = old.body;

    const back = await review([a, b]);
    expect(back).toMatchObject({ posted: 1, updated: 0, resolved: 0 });
    const both = commentOf(gh, 4);
    expect(both).toHaveLength(2);
    expect(old.body).toBe(oldBody); // history left as it was
    expect(threadOf(gh, old.id).isResolved).toBe(true);
    const fresh = both.find((x) => x.id !== old.id)!;
    expect(fresh.body).not.toMatch(/Resolved/);

    // Gone again: the new comment and its thread are resolved, the old ones not touched twice.
    const again = await review([a]);
    expect(again).toMatchObject({ resolved: 1, threadsResolved: 1 });
    expect(gh.resolvedThreads).toEqual([`PRRT_${old.id}`, `PRRT_${fresh.id}`]);
  });

  it('a GraphQL 403 leaves the thread open with a visible notice, and the rest of the report still goes out', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'prs-rerun-'));
    try {
      const summaryPath = join(ws, 'summary.md');
      const opts = { octokit: plain(gh), summaryPath, commentableLines: lines, log, workspace: ws };
      await publishToGitHub(sampleResult([a, b]), opts);
      gh.extra = (q) => (isGraphql(q) ? { status: 403, body: { message: 'Resource not accessible by integration' } } : undefined);
      const notices = await publishToGitHub(sampleResult([a, c]), opts);

      expect(commentOf(gh, 4)[0]!.body).toMatch(/✅ Resolved/); // the edit still happens
      expect(commentOf(gh, 5)).toHaveLength(1); // the new finding is still posted
      expect(gh.resolvedThreads).toEqual([]);
      const n = notices.find((x) => x.source === 'report/review-comments' && /left open/.test(x.message));
      expect(n).toMatchObject({ level: 'info' });
      expect(n!.message).toMatch(/1 review thread\(s\) left open: listing them through GraphQL failed \(403 Resource not accessible/);
      expect(debug.some((d) => /could not list review threads through GraphQL: 403/.test(d))).toBe(true);
      // Check run, summary comment and job summary of the second run are all there.
      expect(gh.checkRuns).toHaveLength(1);
      expect(gh.issueComments).toHaveLength(1);
      expect(gh.issueComments[0]!.body).toMatch(/left open/);
      expect(readFileSync(summaryPath, 'utf8')).toMatch(/left open/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('a GraphQL errors array on the mutation degrades to a notice; a thread that cannot be found only to a debug line', async () => {
    await review([a, b, c]);
    const [cb, cc] = [commentOf(gh, 4)[0]!, commentOf(gh, 5)[0]!];
    gh.reviewThreads.splice(gh.reviewThreads.indexOf(threadOf(gh, cc.id)), 1); // c's thread is not listed
    gh.extra = (q) =>
      isGraphql(q) && /resolveReviewThread/.test(gqlQuery(q))
        ? { status: 200, body: { data: { resolveReviewThread: null }, errors: [{ type: 'FORBIDDEN', path: ['resolveReviewThread'], message: 'Resource not accessible by integration' }] } }
        : undefined;
    const out = await review([a]);
    expect(out).toMatchObject({ resolved: 2, threadsResolved: 0 });
    expect(cb.body).toMatch(/✅ Resolved/);
    expect(threadOf(gh, cb.id).isResolved).toBe(false);
    expect(out.notices).toHaveLength(1);
    expect(out.notices[0]).toMatchObject({ level: 'info', source: 'report/review-comments' });
    expect(out.notices[0]!.message).toMatch(/^1 review thread\(s\) left open: resolving through GraphQL failed \(.*Resource not accessible by integration.*\)/);
    expect(out.notices[0]!.message).not.toMatch(/\n/);
    expect(debug.some((d) => d.includes(`no review thread found for comment ${cc.id}`))).toBe(true);
    expect(debug.some((d) => d.includes(`could not resolve review thread PRRT_${cb.id}`))).toBe(true);
  });

  it('an answer without reviewThreads (e.g. the pull request not visible) is a notice, not a throw', async () => {
    await review([a, b]);
    gh.extra = (q) => (isGraphql(q) && /reviewThreads/.test(gqlQuery(q)) ? { status: 200, body: { data: { repository: null } } } : undefined);
    const out = await review([a]);
    expect(out).toMatchObject({ resolved: 1, threadsResolved: 0 });
    expect(out.notices.map((n) => n.message)).toEqual([expect.stringMatching(/left open: listing them through GraphQL failed \(the answer has no reviewThreads/)]);
  });
});

describe('check run on a re-run for the same head commit', () => {
  const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => finding({ line: from + i, ruleId: `sast/r${from + i}`, severity: (from + i) % 2 ? 'medium' : 'low' }));
  const annotate = (fs: Finding[], checkKey = 'pr-sentinel:ci/scan') => publishAnnotations(sampleResult(fs), { octokit: plain(gh), log, summary: 'sum', checkKey });
  const sent = (body: Record<string, unknown>) => ((body.output as { annotations?: unknown[] } | undefined)?.annotations ?? []) as Array<{ start_line: number }>;
  const creates = () => gh.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/check-runs'));
  const patches = () => gh.requests.filter((q) => q.method === 'PATCH' && /\/check-runs\/\d+$/.test(q.path));

  it('updates the earlier run (no second create), adds only the annotations it lacks, ≤ 50 per request, and names stale ones', async () => {
    expect(await annotate(many(1, 120))).toEqual([]);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]!.body).toMatchObject({ name: CHECK_NAME, head_sha: HEAD_SHA, external_id: 'pr-sentinel:ci/scan' });

    // The same findings again (a plain workflow re-run): one update, nothing appended twice.
    const p0 = patches().length;
    expect(await annotate(many(1, 120))).toEqual([]);
    expect(creates()).toHaveLength(1);
    expect(gh.checkRuns).toHaveLength(1);
    const rerun = patches().slice(p0);
    expect(rerun).toHaveLength(1);
    expect(rerun[0]!.body).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: '120 findings, highest medium', summary: 'sum', annotations: [] } });
    expect(gh.requests.some((q) => q.method === 'GET' && q.path === `/repos/acme/shop/commits/${HEAD_SHA}/check-runs` && q.query.get('check_name') === CHECK_NAME)).toBe(true);

    // 5 fixed, 60 new: 60 appended in batches of 50 + 10, the 5 stale ones named in the summary.
    const p1 = patches().length;
    const next = [...many(6, 115), ...many(500, 60)];
    expect(await annotate(next)).toEqual([]);
    expect(creates()).toHaveLength(1);
    const third = patches().slice(p1);
    expect(third.map((q) => sent(q.body as Record<string, unknown>).length)).toEqual([50, 10]);
    expect(third.every((q) => /5 annotations from an earlier attempt on this commit are no longer reported/.test((q.body as { output: { summary: string } }).output.summary))).toBe(true);
    const run = gh.checkRuns[0]!;
    for (const b of [run.create, ...run.updates]) expect(sent(b).length).toBeLessThanOrEqual(50);
    const all = [run.create, ...run.updates].flatMap(sent).map((x) => x.start_line);
    expect(new Set(all).size).toBe(all.length); // never the same annotation twice
    expect(all.filter((l) => l >= 500)).toHaveLength(60);
  });

  it("never touches a same-named run that is not this job's (the Actions job itself, another workflow)", async () => {
    // The job's own check run may be called "pr-sentinel" too; it carries no (or another) external_id.
    gh.checkRuns.push({ id: 1, create: { name: CHECK_NAME, head_sha: HEAD_SHA, status: 'in_progress' }, updates: [] });
    await annotate(many(1, 3), 'pr-sentinel:other/job');
    await annotate(many(1, 3));
    expect(creates()).toHaveLength(2);
    expect(patches()).toEqual([]);
    expect(gh.checkRuns[0]!.updates).toEqual([]);
  });

  it('falls back to creating a run when the lookup or the update of the earlier run fails', async () => {
    await annotate(many(1, 3));
    gh.extra = (q) => (q.method === 'GET' && q.path.endsWith('/check-runs') ? { status: 500, body: { message: 'boom' } } : undefined);
    await annotate(many(1, 3));
    expect(creates()).toHaveLength(2);
    expect(debug.some((d) => /could not list check runs for aaaaaaa \(500/.test(d))).toBe(true);

    // The earlier run belongs to another app: its update is refused, a new run is created.
    gh.extra = (q) => (q.method === 'PATCH' ? { status: 403, body: { message: 'Invalid app_id' } } : undefined);
    const notices = await annotate(many(1, 3));
    expect(notices).toEqual([]);
    expect(creates()).toHaveLength(3);
    expect(debug.some((d) => /could not reuse check run \d+ \(403/.test(d))).toBe(true);
  });
});
