/** The GitHub sinks against the fake REST server on 127.0.0.1: exact calls, re-runs, and degradation. */
import { getOctokit } from '@actions/github';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/github/client.js';
import { emitWorkflowCommands, publishAnnotations } from '../../src/report/annotations.js';
import { publishToGitHub, readSummaryState } from '../../src/report/index.js';
import { anchorFor, commentBody, publishReview } from '../../src/report/review.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { finding, HEAD_SHA, sampleResult } from './sample.js';

const log = { debug: () => {}, info: () => {}, warn: () => {}, setSecret: () => {} };
// A plain client (no throttling pacing) keeps these tests fast; the client test below covers the plugins.
const plain = (gh: FakeGitHub) => getOctokit('t', { baseUrl: gh.url, request: { retries: 0 } });
const changed = (path: string, lines: number[]) => new Map([[path, new Set(lines)]]);

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => gh.close());

describe('review comments', () => {
  it('comments only on added lines, most severe first, within max-comments, with a suggestion when the fix fits', async () => {
    const fs = [
      finding({ line: 3, severity: 'medium', fix: { description: 'use a list', replacements: [{ path: 'app/x.py', startLine: 3, endLine: 3, text: 'run(["a"])' }] } }),
      finding({ line: 4, severity: 'critical', ruleId: 'secrets/example-test-token' }),
      finding({ line: 20, severity: 'high' }), // not an added line
      finding({ line: 5, severity: 'low' }),
    ];
    const r = sampleResult(fs);
    r.config = { ...r.config, maxComments: 2 };
    const out = await publishReview(r, { octokit: plain(gh), log, commentableLines: changed('app/x.py', [3, 4, 5]) });
    expect(out.posted).toBe(2);
    const reviews = gh.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/pulls/7/reviews'));
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.body).toMatchObject({ event: 'COMMENT', commit_id: HEAD_SHA });
    expect(gh.reviewComments.map((c) => c.line)).toEqual([4, 3]);
    expect(gh.reviewComments.every((c) => c.side === 'RIGHT')).toBe(true);
    expect(gh.reviewComments[1]!.body).toContain('```suggestion\nrun(["a"])\n```');
    expect(out.notInlined.map((f) => f.location.startLine).sort()).toEqual([20, 5].sort());
  });

  it('does not duplicate on a re-run, edits changed wording and marks vanished findings resolved', async () => {
    const a = finding({ line: 3 });
    const b = finding({ line: 4, ruleId: 'sast/other' });
    const lines = changed('app/x.py', [3, 4]);
    await publishReview(sampleResult([a, b]), { octokit: plain(gh), log, commentableLines: lines });
    expect(gh.reviewComments).toHaveLength(2);
    const second = await publishReview(sampleResult([{ ...a, message: 'Reworded.' }]), { octokit: plain(gh), log, commentableLines: lines });
    expect(gh.reviewComments).toHaveLength(2);
    expect(second).toMatchObject({ posted: 0, updated: 1, resolved: 1 });
    expect(gh.reviewComments.find((c) => c.line === 3)!.body).toContain('Reworded.');
    expect(gh.reviewComments.find((c) => c.line === 4)!.body).toMatch(/✅ Resolved in aaaaaaa/);
    const third = await publishReview(sampleResult([{ ...a, message: 'Reworded.' }]), { octokit: plain(gh), log, commentableLines: lines });
    expect(third).toMatchObject({ posted: 0, updated: 0, resolved: 0 });
  });

  it('caps our open comments at max-comments across re-runs', async () => {
    const many = Array.from({ length: 10 }, (_, i) => finding({ line: i + 1, ruleId: `sast/r${i}` }));
    const r = sampleResult(many);
    r.config = { ...r.config, maxComments: 3 };
    const lines = changed('app/x.py', many.map((_, i) => i + 1));
    await publishReview(r, { octokit: plain(gh), log, commentableLines: lines });
    const again = await publishReview(r, { octokit: plain(gh), log, commentableLines: lines });
    expect(gh.reviewComments).toHaveLength(3);
    expect(again.posted).toBe(0);
    expect(again.notInlined).toHaveLength(7);
  });

  it('paginates existing comments before deciding what is new', async () => {
    const many = Array.from({ length: 120 }, (_, i) => finding({ line: i + 1, ruleId: `sast/r${i}` }));
    const r = sampleResult(many);
    r.config = { ...r.config, maxComments: 200 };
    const lines = changed('app/x.py', many.map((_, i) => i + 1));
    await publishReview(r, { octokit: plain(gh), log, commentableLines: lines });
    expect(gh.reviewComments).toHaveLength(120);
    const again = await publishReview(r, { octokit: plain(gh), log, commentableLines: lines });
    expect(again.posted).toBe(0);
    expect(gh.reviewComments).toHaveLength(120);
    expect(gh.requests.filter((q) => q.method === 'GET' && q.query.get('page') === '2').length).toBeGreaterThan(0);
  });

  it('falls back to single comments when the review is refused with 422, and reports the refused ones', async () => {
    gh.extra = (q) => {
      if (q.method === 'POST' && q.path.endsWith('/reviews')) return { status: 422, body: { message: 'Unprocessable: line must be part of the diff' } };
      if (q.method === 'POST' && q.path.endsWith('/pulls/7/comments') && (q.body as { line: number }).line === 4) return { status: 422, body: { message: 'pull_request_review_thread.line must be part of the diff' } };
      return undefined;
    };
    const out = await publishReview(sampleResult([finding({ line: 3 }), finding({ line: 4, ruleId: 'sast/b' })]), { octokit: plain(gh), log, commentableLines: changed('app/x.py', [3, 4]) });
    expect(out.posted).toBe(1);
    expect(out.notInlined.map((f) => f.location.startLine)).toEqual([4]);
    expect(out.notices.some((n) => /refused/.test(n.message))).toBe(true);
  });

  it('anchors a multi-line suggestion only when every replaced line was added', () => {
    const f = finding({ line: 3, fix: { description: 'd', replacements: [{ path: 'app/x.py', startLine: 3, endLine: 4, text: 'x' }] } });
    expect(anchorFor(f, changed('app/x.py', [3, 4]))).toEqual({ line: 4, startLine: 3, suggestion: 'x' });
    expect(anchorFor(f, changed('app/x.py', [3]))).toEqual({ line: 3 });
    expect(anchorFor(f, changed('other.py', [3]))).toBeUndefined();
    const fenced = finding({ line: 3, fix: { description: 'd', replacements: [{ path: 'app/x.py', startLine: 3, endLine: 3, text: 'x = "````"' }] } });
    expect(commentBody(fenced, anchorFor(fenced, changed('app/x.py', [3]))!)).toContain('`````suggestion\nx = "````"\n`````');
  });

  it('links the full guidance only when its URL is absolute (the action repository), never a repo-relative path', () => {
    const guidance = { id: 'python/sql-parameters', title: 'Use query parameters', text: 'Bind values.', goodExample: 'cur.execute(q, (x,))' };
    const abs = finding({ guidance: { ...guidance, url: 'https://github.com/acme/pr-sentinel/blob/v1/knowledge/entries/python/sql-parameters.md' } });
    expect(commentBody(abs, { line: 3 })).toContain('[Read the full guidance](https://github.com/acme/pr-sentinel/blob/v1/knowledge/entries/python/sql-parameters.md)');
    const rel = finding({ guidance: { ...guidance, url: 'knowledge/entries/python/sql-parameters.md' } });
    expect(commentBody(rel, { line: 3 })).not.toContain('Read the full guidance');
    expect(commentBody(rel, { line: 3 })).toContain('Guidance: Use query parameters');
  });
});

describe('annotations', () => {
  it('sends one check run with all annotations in batches of 50', async () => {
    const fs = Array.from({ length: 120 }, (_, i) => finding({ line: i + 1, ruleId: `sast/r${i}`, severity: i % 2 ? 'medium' : 'low' }));
    const notices = await publishAnnotations(sampleResult(fs), { octokit: plain(gh), log, summary: 'sum' });
    expect(notices).toEqual([]);
    expect(gh.checkRuns).toHaveLength(1);
    const run = gh.checkRuns[0]!;
    expect(run.create).toMatchObject({ name: 'pr-sentinel', head_sha: HEAD_SHA, status: 'completed', conclusion: 'neutral' });
    const sizes = [run.create, ...run.updates].map((b) => ((b.output as { annotations: unknown[] }).annotations ?? []).length);
    expect(sizes).toEqual([50, 50, 20]);
  });

  it('falls back to workflow commands on 403, with escaped properties', async () => {
    gh.mode = 'readonly';
    const lines: string[] = [];
    const sink = { error: (m: string, p: object) => lines.push(`error ${JSON.stringify(p)} ${m}`), warning: (m: string, p: object) => lines.push(`warning ${JSON.stringify(p)} ${m}`), notice: (m: string, p: object) => lines.push(`notice ${JSON.stringify(p)} ${m}`) };
    const notices = await publishAnnotations(sampleResult([finding({ path: 'a,b:c.py' })]), { octokit: plain(gh), log, summary: 's', commands: sink });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error .*"file":"a,b:c.py".*"startLine":3/);
    expect(notices[0]!.message).toMatch(/not permitted.*read-only/);
  });

  it('caps workflow commands per level', () => {
    let n = 0;
    const count = () => void n++;
    const out = emitWorkflowCommands(Array.from({ length: 70 }, (_, i) => finding({ line: i + 1 })), { error: count, warning: count, notice: count });
    expect(out).toEqual({ emitted: 50, dropped: 20 });
    expect(n).toBe(50);
  });
});

describe('publishToGitHub', () => {
  it('writes SARIF and the job summary, uploads gzip+base64 SARIF, keeps one summary comment with the AI state', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'prs-report-'));
    try {
      const summaryPath = join(ws, 'summary.md');
      const r = sampleResult([finding()], { ai: { findings: [], usage: [], notices: [], files: { reviewed: [], clipped: [], skipped: [] }, state: { reviewedSha: HEAD_SHA, hunkHashes: ['h1'] } } });
      const opts = { octokit: plain(gh), summaryPath, commentableLines: changed('app/x.py', [3]), log, workspace: ws };
      const notices = await publishToGitHub(r, opts);
      expect(notices.filter((n) => n.level !== 'info')).toEqual([]);
      const sarif = JSON.parse(readFileSync(join(ws, 'pr-sentinel.sarif'), 'utf8'));
      expect(sarif.version).toBe('2.1.0');
      const up = gh.sarifUploads[0] as { sarif: string; commit_sha: string; ref: string };
      expect(up).toMatchObject({ commit_sha: HEAD_SHA, ref: 'refs/pull/7/head' });
      expect(JSON.parse(gunzipSync(Buffer.from(up.sarif, 'base64')).toString('utf8'))).toEqual(sarif);
      expect(readFileSync(summaryPath, 'utf8')).toContain('What was skipped and why');
      expect(gh.issueComments).toHaveLength(1);
      expect(await readSummaryState(plain(gh), 'acme/shop', 7)).toEqual({ reviewedSha: HEAD_SHA, hunkHashes: ['h1'] });
      await publishToGitHub(r, opts);
      expect(gh.issueComments).toHaveLength(1);
      expect(gh.reviewComments).toHaveLength(1);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('never throws on a read-only token and names the problem in the summary', async () => {
    gh.mode = 'readonly';
    const ws = mkdtempSync(join(tmpdir(), 'prs-report-'));
    try {
      const summaryPath = join(ws, 'summary.md');
      const sink: string[] = [];
      const orig = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((s: string) => (sink.push(String(s)), true)) as typeof process.stdout.write;
      let notices;
      try {
        notices = await publishToGitHub(sampleResult([finding()]), { octokit: plain(gh), summaryPath, commentableLines: changed('app/x.py', [3]), log, workspace: ws });
      } finally {
        process.stdout.write = orig;
      }
      expect(notices.some((n) => /code scanning upload not permitted/.test(n.message))).toBe(true);
      expect(sink.join('')).toMatch(/::error [^\n]*file=app\/x\.py,line=3,endLine=3/);
      expect(readFileSync(summaryPath, 'utf8')).toMatch(/not permitted/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('GitHub client', () => {
  it('retries 5xx, not 4xx, and honours Retry-After on rate limits', async () => {
    let fails = 0;
    let limited = 0;
    gh.extra = (q) => {
      if (q.path.endsWith('/flaky') && fails++ < 1) return { status: 502, body: { message: 'bad gateway' } };
      if (q.path.endsWith('/flaky')) return { status: 200, body: { ok: true } };
      if (q.path.endsWith('/denied')) return { status: 403, body: { message: 'nope' } };
      if (q.path.endsWith('/limited') && limited++ < 1) return { status: 403, body: { message: 'You have exceeded a secondary rate limit' }, headers: { 'retry-after': '1' } };
      if (q.path.endsWith('/limited')) return { status: 200, body: { ok: true } };
      return undefined;
    };
    const warnings: string[] = [];
    const client = createGitHubClient('t', { baseUrl: gh.url, log: { ...log, warn: (m) => warnings.push(m) } });
    expect((await client.request('GET /flaky')).data).toEqual({ ok: true });
    expect(fails).toBe(2);
    const before = gh.requests.length;
    await expect(client.request('GET /denied')).rejects.toMatchObject({ status: 403 });
    expect(gh.requests.length - before).toBe(1);
    const t0 = Date.now();
    expect((await client.request('GET /limited')).data).toEqual({ ok: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(warnings.some((w) => /secondary rate limit.*retrying in 1s/.test(w))).toBe(true);
  }, 20_000);
});
