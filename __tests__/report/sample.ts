/** Hand-built RunResults for the sink tests: hostile text, a fix, a flow, metrics and notices. */
import { loadConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/findings/types.js';
import type { RunResult } from '../../src/report/types.js';

export const HEAD_SHA = 'a'.repeat(40);

export function finding(over: Partial<Finding> & { line?: number; path?: string } = {}): Finding {
  const { line = 3, path = 'app/x.py', ...rest } = over;
  return {
    ruleId: 'sast/command-injection',
    severity: 'high',
    title: 'Command injection',
    message: 'User input reaches a shell command.',
    location: { path, startLine: line, snippet: 'subprocess.call(cmd, shell=True)' },
    cwe: ['CWE-78'],
    fingerprint: `fp${path.replace(/\W/g, '')}${line}${rest.ruleId ?? ''}`.replace(/[^A-Za-z0-9]/g, ''),
    ...rest,
  };
}

export function sampleResult(findings: Finding[] = [finding()], over: Partial<RunResult> = {}): RunResult {
  const config = loadConfig({ inputs: {}, env: {} });
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const order = ['critical', 'high', 'medium', 'low', 'info'] as const;
  return {
    tool: { name: 'pr-sentinel', version: '0.1.0' },
    change: { mode: 'review', root: '/tmp/repo', baseSha: 'b'.repeat(40), headSha: HEAD_SHA, repository: 'acme/shop', pullNumber: 7, ref: 'refs/pull/7/head', source: 'git' },
    config,
    findings,
    functions: [],
    notices: [{ level: 'warning', source: 'diff', message: 'vendor/big.js skipped: over the size cap' }],
    timings: [{ stage: 'diff', ms: 12 }, { stage: 'sast', ms: 40 }],
    files: { analyzed: 2, skipped: [{ path: 'dist/app.min.js', reason: 'minified' }] },
    suppressed: 0,
    baselined: 0,
    counts,
    highestSeverity: order.find((s) => counts[s] > 0) ?? 'none',
    verdict: findings.some((f) => f.severity === 'high' || f.severity === 'critical') ? 'fail' : 'pass',
    stats: {},
    ...over,
  };
}
