// PLACEHOLDER until the AI review lands (issue 8). The signatures are the contract.
import type { AnalyzedFile, Logger } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { ChangeContext } from '../diff/types.js';
import type { Finding, Notice } from '../findings/types.js';
import type { KnowledgeBase } from '../knowledge/index.js';

/** Kept in the summary comment's hidden marker between runs. */
export interface AiState {
  /** Head sha last reviewed. */
  reviewedSha: string;
  /** Hash per reviewed hunk, so re-runs review only what changed. */
  hunkHashes?: string[];
}

export interface AiUsage {
  provider: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  calls: number;
}

export interface AiOutcome {
  /** ai/… findings (with fix when a suggestion is safe). */
  findings: Finding[];
  /** Markdown PR summary: what changed, risk, where to look. */
  summary?: string;
  usage: AiUsage[];
  notices: Notice[];
  files: { reviewed: string[]; clipped: string[]; skipped: Array<{ path: string; reason: string }> };
  state?: AiState;
  /** Set when the AI review did not run at all; shown in the summary. */
  skippedReason?: string;
}

export interface AiInput {
  files: AnalyzedFile[];
  /** Deterministic findings (already redacted). */
  findings: Finding[];
  change: ChangeContext;
  config: Config;
  log: Logger;
  knowledge?: KnowledgeBase;
  previousState?: AiState;
}

export async function runAiReview(input: AiInput): Promise<AiOutcome> {
  const empty = { findings: [], usage: [], notices: [], files: { reviewed: [], clipped: [], skipped: [] } };
  if (input.config.aiProviders.length === 0) return { ...empty, skippedReason: 'no AI provider configured' };
  return { ...empty, skippedReason: 'AI review not implemented yet' };
}
