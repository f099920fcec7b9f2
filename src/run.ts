/**
 * The one pipeline behind both shells (main.ts for the action, cli.ts for the terminal):
 * config (given) → diff → analyzers → findings → knowledge / ai → RunResult for the report sinks.
 * Every stage after the diff degrades to a Notice instead of throwing, so what was produced is never lost.
 */
import type { getOctokit } from '@actions/github';
import { ANALYZERS } from './analyzers/index.js';
import type { AnalyzedFile, AnalyzerContext, Logger } from './analyzers/types.js';
import type { Config } from './config/types.js';
import { loadChange, type RunEvent } from './diff/index.js';
import { compareFindings, countBySeverity, gateFails, highestSeverity, processFindings } from './findings/process.js';
import type { Finding, FunctionMetrics, Notice } from './findings/types.js';
import { enrichFindings, loadKnowledgeBase, type KnowledgeBase } from './knowledge/index.js';
import { runAiReview, type AiOutcome, type AiState } from './ai/index.js';
import type { RunResult } from './report/types.js';
import { TOOL } from './version.js';

export type Octokit = ReturnType<typeof getOctokit>;

export type RunTarget =
  | { mode: 'scan'; root: string }
  | { mode: 'review'; root: string; baseRef: string; headRef?: string }
  /** `event`: the run's event when the caller already read it (the action reads it to find the base config). */
  | { mode: 'pr'; root: string; env: NodeJS.ProcessEnv; octokit?: Octokit; event?: RunEvent };

export interface RunOptions {
  target: RunTarget;
  config: Config;
  log: Logger;
  /** Accepted findings (fingerprints) from the baseline file. */
  baseline?: Set<string>;
  /** AI state from the previous run's summary comment (incremental re-review). */
  previousAiState?: AiState;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function run(opts: RunOptions): Promise<RunResult> {
  const { config, log } = opts;
  const timings: RunResult['timings'] = [];
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      timings.push({ stage, ms: Math.round(performance.now() - start) });
    }
  };

  // The diff stage is the only one allowed to throw: without a change there is nothing to report on.
  const loaded = await timed('diff', () => loadChange({ ...opts.target, config } as Parameters<typeof loadChange>[0]));
  const { change, files, depsFiles } = loaded;
  const notices: Notice[] = [...loaded.notices];
  const ctx: AnalyzerContext = { config, change, log };

  const raw: Finding[] = [];
  const functions: FunctionMetrics[] = [];
  const stats: RunResult['stats'] = {};
  for (const id of config.analyzers) {
    const analyzer = ANALYZERS[id];
    const input = id === 'deps' ? depsFiles : files;
    try {
      const result = await timed(id, () => analyzer.analyze(input, ctx));
      raw.push(...result.findings);
      if (result.functions) functions.push(...result.functions);
      if (result.notices) notices.push(...result.notices);
      if (result.stats) stats[id] = result.stats;
    } catch (e) {
      log.warn(`${id} analyzer failed: ${describe(e)}`);
      notices.push({ level: 'error', source: id, message: `analyzer failed and reported nothing: ${describe(e)}` });
    }
  }

  const known = uniqueByPath([...files, ...depsFiles]);
  const processed = processFindings(raw, { files: known, minSeverity: config.minSeverity, baseline: opts.baseline });
  let findings = processed.findings;
  let suppressed = processed.suppressed;
  let baselined = processed.baselined;
  const addLate = (late: Finding[]) => {
    if (late.length === 0) return;
    const p = processFindings(late, { files: known, minSeverity: config.minSeverity, baseline: opts.baseline });
    suppressed += p.suppressed;
    baselined += p.baselined;
    findings = [...findings, ...p.findings].sort(compareFindings);
  };

  let kb: KnowledgeBase | undefined;
  await timed('knowledge', async () => {
    try {
      kb = await loadKnowledgeBase(config, log);
      const enriched = enrichFindings(kb, findings, files, config);
      findings = enriched.findings;
      addLate(enriched.notes);
    } catch (e) {
      notices.push({ level: 'warning', source: 'knowledge', message: `guidance not attached: ${describe(e)}` });
    }
  });

  let ai: AiOutcome | undefined;
  if (config.aiProviders.length > 0) {
    await timed('ai', async () => {
      try {
        ai = await runAiReview({ files, findings, change, config, log, knowledge: kb, previousState: opts.previousAiState });
        notices.push(...ai.notices);
        if (ai.skippedReason) notices.push({ level: 'warning', source: 'ai', message: `AI review skipped: ${ai.skippedReason}` });
        addLate(ai.findings);
      } catch (e) {
        notices.push({ level: 'error', source: 'ai', message: `AI review failed; deterministic findings are complete: ${describe(e)}` });
      }
    });
  } else {
    notices.push({ level: 'info', source: 'ai', message: 'AI review off: no provider configured (set `ai-providers` and an API key to enable it)' });
  }

  // The knowledge stage records its degradations (e.g. provider embeddings unavailable) as it is used, AI included.
  if (kb?.notices) notices.push(...kb.notices);

  return {
    tool: TOOL,
    change,
    config,
    findings,
    functions,
    notices,
    timings,
    files: { analyzed: files.length, skipped: loaded.skipped },
    suppressed,
    baselined,
    counts: countBySeverity(findings),
    highestSeverity: highestSeverity(findings),
    verdict: gateFails(findings, config.failOn) ? 'fail' : 'pass',
    ai,
    stats,
    commentableLines: commentableLines(files),
  };
}

function uniqueByPath(files: AnalyzedFile[]): AnalyzedFile[] {
  const seen = new Map<string, AnalyzedFile>();
  for (const f of files) if (!seen.has(f.path)) seen.set(f.path, f);
  return [...seen.values()];
}

function commentableLines(files: AnalyzedFile[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const f of files) if (f.changedLines !== 'all' && f.changedLines.size > 0) out.set(f.path, new Set(f.changedLines));
  return out;
}
