import type { Config } from '../config/types.js';
import type { ChangeContext } from '../diff/types.js';
import type { Finding, FunctionMetrics, Notice, Severity } from '../findings/types.js';
import type { AiOutcome } from '../ai/index.js';

/** Everything one run produced. Every sink (summary, annotations, review, SARIF, CLI formats) reads this. */
export interface RunResult {
  tool: { name: 'pr-sentinel'; version: string };
  change: ChangeContext;
  config: Config;
  /** Final findings: filtered to the change, suppressions and baseline applied, fingerprinted, sorted. */
  findings: Finding[];
  functions: FunctionMetrics[];
  notices: Notice[];
  /** Milliseconds per stage/analyzer, in run order ("diff", "secrets", "sast", …, "ai"). */
  timings: Array<{ stage: string; ms: number }>;
  files: { analyzed: number; skipped: Array<{ path: string; reason: string }> };
  suppressed: number;
  baselined: number;
  counts: Record<Severity, number>;
  highestSeverity: Severity | 'none';
  /** 'fail' when a finding reaches config.failOn. */
  verdict: 'pass' | 'fail';
  ai?: AiOutcome;
  /** Head-side lines the change adds, per file: where inline review comments may go. Not serialised. */
  commentableLines?: Map<string, Set<number>>;
  /** Analyzer stats, keyed by analyzer name. */
  stats: Record<string, Record<string, number>>;
}
