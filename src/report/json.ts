/**
 * The JSON report: the findings model as-is plus the run's facts. `functions[]` is the complexity contract
 * (FunctionMetrics, unchanged), so tools can track per-function metrics over time.
 */
import { safeFindings, safeText } from './common.js';
import type { RunResult } from './types.js';

export function buildJson(result: RunResult): Record<string, unknown> {
  const { change } = result;
  return {
    tool: result.tool,
    verdict: result.verdict,
    failOn: result.config.failOn,
    counts: result.counts,
    highestSeverity: result.highestSeverity,
    change: {
      mode: change.mode,
      source: change.source,
      ...(change.baseRef !== undefined ? { baseRef: change.baseRef } : {}),
      ...(change.headRef !== undefined ? { headRef: change.headRef } : {}),
      ...(change.baseSha !== undefined ? { baseSha: change.baseSha } : {}),
      ...(change.headSha !== undefined ? { headSha: change.headSha } : {}),
      ...(change.repository !== undefined ? { repository: change.repository } : {}),
      ...(change.pullNumber !== undefined ? { pullNumber: change.pullNumber } : {}),
    },
    findings: safeFindings(result.findings),
    functions: result.functions,
    notices: result.notices.map((n) => ({ ...n, message: safeText(n.message) })),
    files: result.files,
    suppressed: result.suppressed,
    baselined: result.baselined,
    timings: result.timings,
    stats: result.stats,
    ...(result.ai ? { ai: { ...result.ai, findings: undefined, summary: result.ai.summary !== undefined ? safeText(result.ai.summary) : undefined } } : {}),
  };
}

export function formatJson(result: RunResult): string {
  return `${JSON.stringify(buildJson(result), null, 2)}\n`;
}
