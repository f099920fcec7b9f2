/**
 * `npm run bench -- knowledge`: retrieval quality on knowledge/eval/queries.jsonl (recall@1, recall@3, MRR) for
 * the offline vector model, BM25 alone and the hybrid; the calibrated-similarity distribution of true and false
 * top hits; load time, one-query latency and the size of the shipped files.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, readQueries } from '../knowledge/evaluate.js';
import { loadOfflineStore } from '../../src/knowledge/store.js';
import { KnowledgeStore } from '../../src/knowledge/retrieve.js';
import { embedText } from '../../src/knowledge/model.js';
import { readEntries } from '../knowledge/entries.js';
import { loadConfig } from '../../src/config/load.js';
import { knowledgeMatches } from '../../src/knowledge/enrich.js';
import { addedFile } from '../../__tests__/ai/fixtures.js';
import { DEFAULT_TRAIN, train, type TrainOptions } from '../knowledge/train.js';

/**
 * The embedding-model candidates compared with KNOWLEDGE_CANDIDATES=1 (each retrained in memory on the committed
 * entries, ~5 s apiece): the shipped recipe, its two halves alone, and other sizes.
 */
const CANDIDATES: Array<{ name: string; opts: Partial<TrainOptions> }> = [
  { name: 'LSA (term x entry PPMI), 160 d (shipped)', opts: {} },
  { name: 'LSA + window PPMI, 160 d', opts: { windowWeight: 1 } },
  { name: 'window PPMI only, 160 d', opts: { entryWeight: 0, windowWeight: 1 } },
  { name: 'LSA, 96 d', opts: { dim: 96 } },
  { name: 'LSA, 256 d', opts: { dim: 256 } },
  { name: 'LSA + window PPMI, 96 d', opts: { windowWeight: 1, dim: 96 } },
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

export async function run(): Promise<void> {
  const dir = join(root, 'knowledge');
  const t0 = performance.now();
  const store = loadOfflineStore(dir);
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  store.rank('subprocess called with shell=True and user input', { k: 5 });
  const firstQueryMs = performance.now() - t1;
  const queries = readQueries(root);
  const t2 = performance.now();
  const results = (['vector', 'bm25', 'hybrid'] as const).map((m) => evaluate(store, queries, m));
  const perQueryMs = (performance.now() - t2) / (queries.length * 3);
  console.log(`entries ${store.entries.length}, chunks ${store.chunks.length}, queries ${queries.length}`);
  console.log('mode     recall@1  recall@3  MRR');
  for (const r of results) console.log(`${r.mode.padEnd(8)} ${r.recallAt1.toFixed(3).padStart(8)}  ${r.recallAt3.toFixed(3).padStart(8)}  ${r.mrr.toFixed(3)}`);
  for (const kind of ['code', 'message'] as const) {
    const sub = queries.filter((q) => (q.kind ?? 'code') === kind);
    const h = evaluate(store, sub, 'hybrid');
    console.log(`hybrid on ${kind} queries (${sub.length}): recall@3 ${h.recallAt3.toFixed(3)}, MRR ${h.mrr.toFixed(3)}`);
  }
  // Calibrated similarity of the top vector hit, split by whether it was a correct entry.
  const right: number[] = [];
  const wrong: number[] = [];
  for (const q of queries) {
    const top = store.rank(q.query, { mode: 'vector', languages: q.languages, k: 1 })[0];
    if (!top) continue;
    (q.expected.includes(store.entries[top.entry]!.id) ? right : wrong).push(top.similarity);
  }
  const fmt = (xs: number[]) => `n=${xs.length} p10 ${pct(xs, 0.1).toFixed(2)} p50 ${pct(xs, 0.5).toFixed(2)} p90 ${pct(xs, 0.9).toFixed(2)}`;
  console.log(`calibrated similarity of top vector hit: correct ${fmt(right)}; wrong ${fmt(wrong)}`);
  const above = (xs: number[], t: number) => xs.filter((x) => x >= t).length;
  console.log(`at threshold 0.75: ${above(right, 0.75)}/${right.length} correct tops kept, ${above(wrong, 0.75)}/${wrong.length} wrong tops kept`);
  console.log(`in this process: load ${loadMs.toFixed(1)} ms, first query ${firstQueryMs.toFixed(1)} ms, mean query ${perQueryMs.toFixed(2)} ms`);
  // Cold: a fresh process per measurement (what one action run pays), median of 7.
  const cold: Array<{ loadMs: number; queryMs: number }> = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'knowledge', 'cold-load.ts')], { encoding: 'utf8' });
    cold.push(JSON.parse(out.trim().split('\n').pop()!) as { loadMs: number; queryMs: number });
  }
  const med = (xs: number[]) => pct(xs, 0.5);
  const totals = cold.map((c) => c.loadMs + c.queryMs);
  console.log(`fresh process (median of 7): load ${med(cold.map((c) => c.loadMs)).toFixed(1)} ms + first query ${med(cold.map((c) => c.queryMs)).toFixed(1)} ms = ${med(totals).toFixed(1)} ms (max ${Math.max(...totals).toFixed(1)} ms)`);
  // quality/knowledge-match notes: each entry's bad example added as a file in its language should give one note
  // naming that entry; its good example should give none.
  const config = loadConfig({});
  let tried = 0;
  let noted = 0;
  let own = 0;
  let goodNoted = 0;
  for (const e of store.entries) {
    const language = e.languages.find((l) => l !== 'general');
    if (!language) continue;
    tried++;
    const bad = knowledgeMatches(store, [], [addedFile('src/added', language, `${e.bad}\n`)], config);
    if (bad.length > 0) noted++;
    if (bad[0]?.guidance?.id === e.id) own++;
    if (knowledgeMatches(store, [], [addedFile('src/added', language, `${e.good}\n`)], config).length > 0) goodNoted++;
  }
  console.log(`knowledge-match notes: bad examples noted ${noted}/${tried} (naming their own entry ${own}); good examples noted ${goodNoted}/${tried}`);
  const size = (f: string) => statSync(join(dir, f)).size;
  console.log(`files: embeddings.bin ${(size('embeddings.bin') / 1e6).toFixed(2)} MB, index.json ${(size('index.json') / 1e6).toFixed(2)} MB`);
  if (process.env.KNOWLEDGE_CANDIDATES) {
    const entries = readEntries(root);
    console.log('model candidates (retrained in memory; the shipped file is the first):');
    for (const c of CANDIDATES) {
      const t = train(entries, { ...DEFAULT_TRAIN, ...c.opts });
      const s = new KnowledgeStore(entries, t.chunks, t.chunkVectors, t.model.dim, t.calibration, (x) => embedText(t.model, x));
      const v = evaluate(s, queries, 'vector');
      const h = evaluate(s, queries, 'hybrid');
      console.log(`  ${c.name.padEnd(42)} vector recall@3 ${v.recallAt3.toFixed(3)} MRR ${v.mrr.toFixed(3)} | hybrid recall@3 ${h.recallAt3.toFixed(3)} MRR ${h.mrr.toFixed(3)}`);
    }
  }
  if (process.env.KNOWLEDGE_BENCH_MISSES) for (const r of results) for (const m of r.misses) console.log(r.mode, JSON.stringify(m));
}
