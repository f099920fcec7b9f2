/**
 * The offline embedding model at run time: static token vectors (trained by scripts/knowledge/train.ts with
 * PPMI + truncated SVD), combined into a text vector by a SIF-weighted mean with the common component removed,
 * then L2-normalised. No network, no download: everything comes from knowledge/embeddings.bin.
 */
import { tokenize } from './tokenize.js';

export interface TokenModel {
  dim: number;
  vocab: Map<string, number>;
  /** Per-term SIF weight a / (a + p(term)). */
  weights: Float32Array;
  /** vocab.size × dim, row-major. */
  vectors: Float32Array;
  /**
   * Row i on demand, instead of `vectors` (the shipped model: a query touches a few dozen of thousands of rows, so
   * the loader dequantises a row the first time a query uses it and never allocates the whole matrix).
   */
  row?: (i: number) => Float32Array;
  /** Unit vector removed from every text vector (the direction every text shares). */
  common: Float32Array;
}

/** Unnormalised SIF mean of the text's token vectors (zero vector when no term is known). */
export function rawTextVector(model: TokenModel, terms: string[]): Float32Array {
  const { dim, vocab, weights, vectors, row } = model;
  const v = new Float32Array(dim);
  let n = 0;
  for (const t of terms) {
    const i = vocab.get(t);
    if (i === undefined) continue;
    const w = weights[i]!;
    if (row) {
      const r = row(i);
      for (let j = 0; j < dim; j++) v[j]! += w * r[j]!;
    } else {
      const base = i * dim;
      for (let j = 0; j < dim; j++) v[j]! += w * vectors[base + j]!;
    }
    n++;
  }
  if (n > 0) for (let j = 0; j < dim; j++) v[j]! /= n;
  return v;
}

export function removeComponent(v: Float32Array, u: Float32Array): void {
  let d = 0;
  for (let j = 0; j < v.length; j++) d += v[j]! * u[j]!;
  for (let j = 0; j < v.length; j++) v[j]! -= d * u[j]!;
}

export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let j = 0; j < v.length; j++) v[j]! /= n;
  return v;
}

/** Text → unit vector (all zeros when none of its terms is in the vocabulary). */
export function embedText(model: TokenModel, text: string): Float32Array {
  const v = rawTextVector(model, tokenize(text));
  removeComponent(v, model.common);
  return normalise(v);
}

export function dot(a: Float32Array, b: Float32Array, bOffset = 0): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[bOffset + j]!;
  return s;
}

/** Raw cosine → calibrated similarity in [0, 1] (logistic fit at build time; see train.ts). */
export function calibrate(cos: number, c: { a: number; b: number }): number {
  return 1 / (1 + Math.exp(-(c.a * cos + c.b)));
}
