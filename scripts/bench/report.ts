/**
 * Report-stage figures: time to render each format for a large result (default 5,000 findings over 500 files), output
 * sizes, and the GitHub publish path against the local fake server (API calls per run, first run vs re-run).
 *   npm run bench -- report      (PR_SENTINEL_BENCH_FINDINGS changes the size)
 */
import { getOctokit } from '@actions/github';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import type { Finding, Severity } from '../../src/findings/types.js';
import { formatReport, publishToGitHub } from '../../src/report/index.js';
import type { RunResult } from '../../src/report/types.js';
import { startFakeGitHub } from '../../__tests__/helpers/fake-github.js';

const N = Number(process.env.PR_SENTINEL_BENCH_FINDINGS ?? 5000);
const SEVS: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

function result(n: number): RunResult {
  const findings: Finding[] = Array.from({ length: n }, (_, i) => ({
    ruleId: `sast/rule-${i % 40}`,
    severity: SEVS[i % 5]!,
    title: `Rule ${i % 40}`,
    message: `Finding ${i}: user input reaches a sink | with \`ticks\` and @mention`,
    location: { path: `src/file${i % 500}.py`, startLine: (i % 300) + 1, snippet: `call(x${i})` },
    cwe: ['CWE-78'],
    fingerprint: `fp${i}`,
  }));
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    tool: { name: 'pr-sentinel', version: '0.1.0' },
    change: { mode: 'review', root: '/tmp', headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), repository: 'acme/shop', pullNumber: 7, ref: 'refs/pull/7/head', source: 'git' },
    config: loadConfig({ inputs: {}, env: {} }),
    findings,
    functions: [],
    notices: [],
    timings: [{ stage: 'diff', ms: 1 }],
    files: { analyzed: 500, skipped: [] },
    suppressed: 0,
    baselined: 0,
    counts,
    highestSeverity: n ? 'critical' : 'none',
    verdict: n ? 'fail' : 'pass',
    stats: {},
  };
}

export async function run(): Promise<void> {
  const r = result(N);
  for (const format of ['text', 'json', 'sarif', 'markdown'] as const) {
    formatReport(result(10), format); // warm-up (rule catalog, redaction rules)
    const t0 = performance.now();
    const out = formatReport(r, format);
    console.log(`format ${format.padEnd(8)} ${N} findings: ${(performance.now() - t0).toFixed(0)} ms, ${(out.length / 1024).toFixed(0)} KiB`);
  }

  const gh = await startFakeGitHub();
  const ws = mkdtempSync(join(tmpdir(), 'prs-bench-report-'));
  try {
    const small = result(200);
    const lines = new Map<string, Set<number>>();
    for (const f of small.findings) lines.set(f.location.path, (lines.get(f.location.path) ?? new Set()).add(f.location.startLine));
    const octokit = getOctokit('t', { baseUrl: gh.url });
    const log = { debug: () => {}, info: () => {}, warn: () => {}, setSecret: () => {} };
    for (const label of ['first run', 're-run']) {
      const before = gh.requests.length;
      const t0 = performance.now();
      await publishToGitHub(small, { octokit, commentableLines: lines, log, workspace: ws, summaryPath: join(ws, 'summary.md') });
      const reqs = gh.requests.slice(before);
      const writes = reqs.filter((q) => q.method !== 'GET').length;
      console.log(`publish 200 findings (${label}): ${(performance.now() - t0).toFixed(0)} ms, ${reqs.length} API calls (${writes} writes), ${gh.reviewComments.length} review comments in total`);
    }
  } finally {
    await gh.close();
    rmSync(ws, { recursive: true, force: true });
  }
}
