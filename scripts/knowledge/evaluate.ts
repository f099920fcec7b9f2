/**
 * Retrieval evaluation over knowledge/eval/queries.jsonl: recall@k and MRR per ranking mode. Shared by the bench
 * (scripts/bench/knowledge.ts) and the retrieval sanity test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fusion, KnowledgeStore, RankMode } from '../../src/knowledge/retrieve.js';

export interface EvalQuery {
  query: string;
  expected: string[];
  languages?: string[];
  kind?: 'code' | 'message';
}

export function readQueries(root: string): EvalQuery[] {
  return readFileSync(join(root, 'knowledge', 'eval', 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuery);
}

export interface EvalResult {
  mode: RankMode;
  queries: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  misses: Array<{ query: string; expected: string[]; got: string[] }>;
}

export function evaluate(store: KnowledgeStore, queries: EvalQuery[], mode: RankMode, embed?: (q: string) => Float32Array, fusion?: Fusion): EvalResult {
  let r1 = 0;
  let r3 = 0;
  let mrr = 0;
  const misses: EvalResult['misses'] = [];
  for (const q of queries) {
    const ranked = store.rank(q.query, { mode, languages: q.languages, k: 10, fusion }, embed?.(q.query)).map((r) => store.entries[r.entry]!.id);
    const pos = ranked.findIndex((id) => q.expected.includes(id));
    if (pos === 0) r1++;
    if (pos >= 0 && pos < 3) r3++;
    else misses.push({ query: q.query.slice(0, 80), expected: q.expected, got: ranked.slice(0, 3) });
    if (pos >= 0) mrr += 1 / (pos + 1);
  }
  const n = queries.length || 1;
  return { mode, queries: queries.length, recallAt1: r1 / n, recallAt3: r3 / n, mrr: mrr / n, misses };
}
