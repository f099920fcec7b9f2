// PLACEHOLDER until the knowledge stage lands (issue 7). The signatures are the contract.
import type { AnalyzedFile, Logger } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { Finding, Guidance } from '../findings/types.js';

export interface KnowledgeHit {
  id: string;
  title: string;
  /** Fused score (higher is better). */
  score: number;
  /** Vector-side cosine similarity. */
  similarity: number;
  guidance: Guidance;
}

export interface KnowledgeBase {
  /** The entry written for this finding's rule, if any. */
  guidanceFor(finding: Finding): Guidance | undefined;
  /** Hybrid (vector + BM25) search; hits below the vector threshold are dropped. */
  search(query: string, opts?: { languages?: string[]; k?: number; threshold?: number }): KnowledgeHit[];
}

export async function loadKnowledgeBase(_config: Config, _log: Logger): Promise<KnowledgeBase | undefined> {
  return undefined;
}

/** Attach guidance to findings and produce quality/ notes for hunks that strongly match a known bad example. */
export function enrichFindings(
  _kb: KnowledgeBase | undefined,
  findings: Finding[],
  _files: AnalyzedFile[],
  _config: Config,
): { findings: Finding[]; notes: Finding[] } {
  return { findings, notes: [] };
}
