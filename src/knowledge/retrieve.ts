/**
 * Hybrid retrieval over the knowledge chunks: cosine on the embedding side, BM25 on the lexical side, both
 * aggregated per entry (best chunk), fused by reciprocal rank fusion. The vector-side calibrated similarity is
 * what the threshold applies to, so a hit always has some semantic support, never only a shared keyword.
 */
import type { Guidance } from '../findings/types.js';
import { bm25Scores, buildBm25, type Bm25Index } from './bm25.js';
import { chunkText, CHUNK_KINDS, denseVectors, type ChunkKind, type ChunkRecord, type EntryRecord, type Vectors } from './format.js';
import { calibrate } from './model.js';
import { tokenize } from './tokenize.js';
import languageTable from './languages.json' with { type: 'json' };

export type RankMode = 'vector' | 'bm25' | 'hybrid';

export interface RankedEntry {
  entry: number;
  /** Reciprocal-rank score (summed over both sides in hybrid mode) times the language prior; higher is better. */
  score: number;
  /** Best raw cosine over the entry's chunks. */
  cosine: number;
  /** Calibrated similarity of that cosine. */
  similarity: number;
  bm25: number;
  /** Kind of the entry's best-matching chunk on the vector side. */
  bestKind: ChunkKind;
}

export interface SearchOptions {
  languages?: string[];
  k?: number;
  threshold?: number;
  mode?: RankMode;
  /** Only consider chunks of these kinds (default: all). */
  kinds?: ChunkKind[];
  /** Fusion weights (defaults from FUSION). */
  fusion?: Fusion;
}

/**
 * Reciprocal rank fusion: score = (wVec / (k + rankVec) + wBm25 / (k + rankBm25)) × language prior (vector or BM25
 * alone: 1 / (k + rank) × the same prior). When the query names its languages, an entry written for exactly that
 * language keeps its score, one for a related language (languages.json: C for C++, Java for Kotlin…) is scaled by
 * `related`, a language-agnostic one (general practice, complexity, AI categories) by `general`: for code in a
 * given language the specific advice is the better answer unless the general entry wins clearly on both sides.
 */
export interface Fusion {
  k: number;
  wVec: number;
  wBm25: number;
  related: number;
  general: number;
}

export const FUSION: Fusion = { k: 60, wVec: 1, wBm25: 1, related: 0.7, general: 0.5 };

const table = languageTable as unknown as Record<string, string[]>;

/** An entry for every language: no languages listed, or `general`. */
function isGeneral(e: EntryRecord): boolean {
  return e.languages.length === 0 || e.languages.includes('general');
}

/** Entry languages that apply to files of `lang`. */
export function applicableLanguages(lang: string): string[] {
  return table[lang] ?? [lang];
}

export class KnowledgeStore {
  readonly bm25: Bm25Index;
  readonly chunkVectors: Vectors;
  readonly byRule = new Map<string, number[]>();
  /** Content hash of the entries as recorded by the build (set by the loader; provider files must match it). */
  contentHash?: string;
  /** Where entry paths are browsable (…/blob/<ref>); guidance URLs are absolute when set, else the repo-relative path. */
  linkBase?: string;

  constructor(
    readonly entries: EntryRecord[],
    readonly chunks: ChunkRecord[],
    /** chunks.length × dim, unit rows (a dense matrix is wrapped). */
    chunkVectors: Float32Array | Vectors,
    readonly dim: number,
    readonly calibration: { a: number; b: number },
    /** Embeds a query into the same space as chunkVectors (sync offline model). */
    readonly embed: (text: string) => Float32Array,
    bm25?: Bm25Index,
  ) {
    this.chunkVectors = chunkVectors instanceof Float32Array ? denseVectors(chunkVectors, dim) : chunkVectors;
    this.bm25 = bm25 ?? buildBm25(chunks.map((c) => tokenize(chunkText(entries[c.entry]!, c.kind))));
    entries.forEach((e, i) => {
      for (const r of e.rules) {
        const list = this.byRule.get(r) ?? [];
        list.push(i);
        this.byRule.set(r, list);
      }
    });
  }

  /** Same chunks and BM25, different query embedder and vectors (provider embeddings). */
  withVectors(chunkVectors: Float32Array | Vectors, dim: number, calibration: { a: number; b: number }, embed: (t: string) => Float32Array): KnowledgeStore {
    return new KnowledgeStore(this.entries, this.chunks, chunkVectors, dim, calibration, embed, this.bm25);
  }

  allowed(languages: string[] | undefined): (e: EntryRecord) => boolean {
    if (!languages || languages.length === 0) return () => true;
    const want = new Set(languages.flatMap(applicableLanguages));
    return (e) => isGeneral(e) || e.languages.some((l) => want.has(l));
  }

  rank(query: string, opts: SearchOptions = {}, queryVector?: Float32Array): RankedEntry[] {
    const mode = opts.mode ?? 'hybrid';
    const ok = this.allowed(opts.languages);
    const kinds = new Set(opts.kinds ?? CHUNK_KINDS);
    const q = queryVector ?? this.embed(query);
    const bm = mode === 'vector' ? undefined : bm25Scores(this.bm25, tokenize(query));
    const best = new Map<number, RankedEntry>();
    for (let c = 0; c < this.chunks.length; c++) {
      const ch = this.chunks[c]!;
      if (!kinds.has(ch.kind)) continue;
      const e = this.entries[ch.entry]!;
      if (!ok(e)) continue;
      const cos = this.chunkVectors.dot(q, c);
      const b = bm ? bm[c]! : 0;
      const cur = best.get(ch.entry);
      if (!cur) best.set(ch.entry, { entry: ch.entry, score: 0, cosine: cos, similarity: 0, bm25: b, bestKind: ch.kind });
      else {
        if (cos > cur.cosine) {
          cur.cosine = cos;
          cur.bestKind = ch.kind;
        }
        if (b > cur.bm25) cur.bm25 = b;
      }
    }
    const list = [...best.values()];
    for (const r of list) r.similarity = calibrate(r.cosine, this.calibration);
    // Every mode scores by reciprocal rank (so the language prior below means the same whatever the scorer):
    // vector and BM25 alone use their own rank, the hybrid sums both (RRF).
    const f = opts.fusion ?? FUSION;
    if (mode !== 'bm25') {
      const byVec = [...list].sort((x, y) => y.cosine - x.cosine || x.entry - y.entry);
      const w = mode === 'hybrid' ? f.wVec : 1;
      byVec.forEach((r, i) => (r.score += w / (f.k + i + 1)));
    }
    if (mode !== 'vector') {
      const byBm = [...list].sort((x, y) => y.bm25 - x.bm25 || x.entry - y.entry);
      const w = mode === 'hybrid' ? f.wBm25 : 1;
      // An entry sharing no term with the query gets no lexical vote.
      byBm.forEach((r, i) => (r.score += r.bm25 > 0 ? w / (f.k + i + 1) : 0));
    }
    if (opts.languages?.length) {
      const own = new Set(opts.languages);
      for (const r of list) {
        const e = this.entries[r.entry]!;
        if (e.languages.some((l) => own.has(l))) continue;
        r.score *= isGeneral(e) ? f.general : f.related;
      }
    }
    const threshold = opts.threshold ?? 0;
    return list
      .filter((r) => r.similarity >= threshold)
      .sort((x, y) => y.score - x.score || x.entry - y.entry)
      .slice(0, opts.k ?? 5);
  }

  guidance(i: number): Guidance {
    return toGuidance(this.entries[i]!, this.linkBase);
  }
}

/** Short guidance for findings and comments: the explanation's first paragraph(s), up to ~600 characters. */
export function toGuidance(e: EntryRecord, linkBase?: string): Guidance {
  let text = '';
  for (const para of e.text.split(/\n\s*\n/)) {
    if (text && text.length + para.length > 600) break;
    text = text ? `${text}\n\n${para.trim()}` : para.trim();
  }
  const url = linkBase ? `${linkBase}/${e.path.split('/').map(encodeURIComponent).join('/')}` : e.path;
  return { id: e.id, title: e.title, text, url, goodExample: e.good, badExample: e.bad };
}
