/**
 * Trains the offline embedding model on the knowledge entries (prose + code examples):
 *   terms (tokenize.ts) → co-occurrence counts (symmetric window, 1/distance weights) and term×entry counts
 *   → PPMI (context distribution smoothed with α = 0.75) → [PPMI_window | λ·PPMI_entry] → randomized truncated SVD
 *   → token vectors U·Σ^p, L2-normalised → SIF weights a/(a+p(w)) → chunk vectors with the first principal
 *   component removed → logistic calibration of raw cosine (calibrate.ts, shared with the provider models).
 * The window block captures "used like" similarity (query ≈ execute ≈ cursor); the entry block is LSA and ties a
 * term to the topics it explains, which is what retrieval needs.
 */
import { chunkText, CHUNK_KINDS, type ChunkRecord, type EntryRecord } from '../../src/knowledge/format.js';
import { embedText, normalise, rawTextVector, removeComponent, dot, type TokenModel } from '../../src/knowledge/model.js';
import { fitCalibration } from './calibrate.js';
import { tokenize } from '../../src/knowledge/tokenize.js';
import { csrFromTriples, randomizedSvd } from './svd.js';

export interface TrainOptions {
  dim: number;
  window: number;
  /** Weight of the term×entry (LSA) block; 0 = window co-occurrence only. */
  entryWeight: number;
  /** Weight of the window block; 0 = LSA only. */
  windowWeight: number;
  /** Exponent on singular values for token vectors. */
  power: number;
  sifA: number;
  powerIters: number;
}

/**
 * The shipped recipe: the term x entry (LSA) block alone. Compared on the labelled retrieval set against the window
 * block added, the window block alone and other sizes (`KNOWLEDGE_CANDIDATES=1 npm run bench -- knowledge`), it was
 * as good or better on vector and hybrid recall@3 and MRR in both knowledge-base versions measured.
 */
export const DEFAULT_TRAIN: TrainOptions = { dim: 160, window: 4, entryWeight: 1, windowWeight: 0, power: 0.5, sifA: 1e-3, powerIters: 3 };

export interface TrainedModel {
  model: TokenModel;
  chunks: ChunkRecord[];
  /** chunks × dim, unit rows. */
  chunkVectors: Float32Array;
  calibration: { a: number; b: number };
  stats: Record<string, number>;
}

export function buildChunks(entries: EntryRecord[]): ChunkRecord[] {
  const chunks: ChunkRecord[] = [];
  entries.forEach((_e, i) => {
    for (const kind of CHUNK_KINDS) chunks.push({ entry: i, kind });
  });
  return chunks;
}

export function train(entries: EntryRecord[], o: TrainOptions = DEFAULT_TRAIN): TrainedModel {
  const t0 = Date.now();
  // Token sequences: each field separately so windows never span a field boundary.
  const seqs: Array<{ entry: number; terms: string[] }> = [];
  entries.forEach((e, i) => {
    for (const s of [e.title, e.tags.join(' '), e.text, e.bad, e.good]) seqs.push({ entry: i, terms: tokenize(s) });
  });
  const vocab = new Map<string, number>();
  const freq: number[] = [];
  let totalTerms = 0;
  for (const s of seqs)
    for (const t of s.terms) {
      let id = vocab.get(t);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(t, id);
        freq.push(0);
      }
      freq[id]!++;
      totalTerms++;
    }
  const V = vocab.size;
  const D = entries.length;

  // Window co-occurrence.
  const ww = new Map<number, number>();
  const wd = new Map<number, number>();
  for (const s of seqs) {
    const ids = s.terms.map((t) => vocab.get(t)!);
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i]!;
      wd.set(a * D + s.entry, (wd.get(a * D + s.entry) ?? 0) + 1);
      for (let d = 1; d <= o.window && i + d < ids.length; d++) {
        const b = ids[i + d]!;
        if (a === b) continue;
        const w = 1 / d;
        ww.set(a * V + b, (ww.get(a * V + b) ?? 0) + w);
        ww.set(b * V + a, (ww.get(b * V + a) ?? 0) + w);
      }
    }
  }
  const triples: Array<[number, number, number]> = [];
  const ppmi = (counts: Map<number, number>, cols: number, colBase: number, weight: number) => {
    if (weight === 0) return;
    const rowSum = new Float64Array(V);
    const colSum = new Float64Array(cols);
    let total = 0;
    for (const [k, c] of counts) {
      const r = Math.floor(k / cols);
      rowSum[r]! += c;
      colSum[k - r * cols]! += c;
      total += c;
    }
    let colSmoothed = 0;
    for (let c = 0; c < cols; c++) colSmoothed += colSum[c]! ** 0.75;
    for (const [k, c] of counts) {
      const r = Math.floor(k / cols);
      const col = k - r * cols;
      const pmi = Math.log((c / total) / ((rowSum[r]! / total) * (colSum[col]! ** 0.75 / colSmoothed)));
      if (pmi > 0) triples.push([r, colBase + col, weight * pmi]);
    }
  };
  ppmi(ww, V, 0, o.windowWeight);
  ppmi(wd, D, V, o.entryWeight);
  const a = csrFromTriples(V, V + D, triples);
  const { u, s } = randomizedSvd(a, o.dim, { powerIters: o.powerIters, seed: 7 });
  const vectors = new Float32Array(V * o.dim);
  for (let r = 0; r < V; r++) {
    let n = 0;
    for (let c = 0; c < o.dim; c++) {
      const x = u[r * o.dim + c]! * s[c]! ** o.power;
      vectors[r * o.dim + c] = x;
      n += x * x;
    }
    n = Math.sqrt(n) || 1;
    for (let c = 0; c < o.dim; c++) vectors[r * o.dim + c]! /= n;
  }
  const weights = new Float32Array(V);
  for (let i = 0; i < V; i++) weights[i] = o.sifA / (o.sifA + freq[i]! / totalTerms);
  const model: TokenModel = { dim: o.dim, vocab, weights, vectors, common: new Float32Array(o.dim) };

  const chunks = buildChunks(entries);
  const raw = chunks.map((c) => rawTextVector(model, tokenize(chunkText(entries[c.entry]!, c.kind))));
  model.common = firstComponent(raw, o.dim);
  const chunkVectors = new Float32Array(chunks.length * o.dim);
  raw.forEach((v, i) => {
    removeComponent(v, model.common);
    chunkVectors.set(normalise(v), i * o.dim);
  });
  const calibration = fitCalibration({ entries, chunks, chunkVectors, dim: model.dim, embed: (t) => embedText(model, t) });
  return { model, chunks, chunkVectors, calibration, stats: { vocab: V, entries: D, nonzeros: triples.length, trainMs: Date.now() - t0 } };
}

/** Dominant direction of a set of vectors (power iteration on the uncentred covariance). */
function firstComponent(rows: Float32Array[], dim: number): Float32Array {
  let v: Float32Array = new Float32Array(dim).fill(1 / Math.sqrt(dim));
  for (let it = 0; it < 50; it++) {
    const next = new Float32Array(dim);
    for (const r of rows) {
      const d = dot(v, r);
      for (let j = 0; j < dim; j++) next[j]! += d * r[j]!;
    }
    v = normalise(next);
  }
  return v;
}
