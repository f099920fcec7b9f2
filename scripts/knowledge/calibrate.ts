/**
 * Logistic calibration raw cosine → P(same entry), shared by every embedding model (the offline one trained in
 * train.ts and the provider models of build-provider.ts). Recipe: an entry's title and its bad code, taken as
 * queries (a finding message, a flagged hunk), against the entry's other chunks are the positives; the same
 * queries against the NEAREST other entry (its best chunk) are the negatives — the competitor a real query must
 * beat, not a random one that any query beats; balanced classes, plain gradient descent from a fixed start, so the
 * same vectors always give the same {a, b}. The fitted map makes the 0.75 threshold mean "three times likelier the
 * entry's own match than its closest look-alike" for whatever model produced the vectors.
 */
import type { ChunkKind, ChunkRecord, EntryRecord } from '../../src/knowledge/format.js';
import { dot } from '../../src/knowledge/model.js';

export interface Calibration {
  a: number;
  b: number;
}

interface CalibrationBase {
  entries: EntryRecord[];
  chunks: ChunkRecord[];
  /** chunks.length × dim, unit rows, row-major. */
  chunkVectors: Float32Array;
  dim: number;
}

/** Sync: one text → unit vector (the offline model). */
export interface SyncCalibrationInput extends CalibrationBase {
  embed: (text: string) => Float32Array;
}

/** Async: a batch of texts → unit vectors in order (a provider model), called `batchSize` texts at a time. */
export interface BatchCalibrationInput extends CalibrationBase {
  embedBatch: (texts: string[]) => Promise<Float32Array[]>;
  batchSize?: number;
}

/** One calibration query: its text, the entry it belongs to, the chunk kind to skip on its own entry. */
export interface CalibrationQuery {
  text: string;
  entry: number;
  /** Kind of the entry's chunk that IS the query (the bad example), skipped on the positive side. */
  skipKind: ChunkKind | 'none';
}

export function calibrationQueries(entries: EntryRecord[]): CalibrationQuery[] {
  const out: CalibrationQuery[] = [];
  entries.forEach((e, i) => {
    out.push({ text: e.title, entry: i, skipKind: 'none' });
    out.push({ text: e.bad, entry: i, skipKind: 'bad' });
  });
  return out;
}

/** Fit {a, b} from the query vectors (same order as calibrationQueries). */
export function fitFromVectors(input: CalibrationBase, queries: CalibrationQuery[], vectors: Float32Array[]): Calibration {
  const { chunks, chunkVectors, dim } = input;
  const pos: number[] = [];
  const neg: number[] = [];
  queries.forEach((q, i) => {
    const v = vectors[i]!;
    let own = -1;
    let nearest = -1;
    chunks.forEach((c, ci) => {
      const cos = dot(v, chunkVectors, ci * dim);
      if (c.entry !== q.entry) nearest = Math.max(nearest, cos);
      else if (c.kind !== q.skipKind) own = Math.max(own, cos);
    });
    pos.push(own);
    neg.push(nearest);
  });
  return logisticFit(pos, neg);
}

/** Gradient descent on the balanced log-loss, fixed start and step (deterministic). */
export function logisticFit(pos: number[], neg: number[]): Calibration {
  let a = 5;
  let b = 0;
  const n = pos.length + neg.length;
  for (let it = 0; it < 3000; it++) {
    let ga = 0;
    let gb = 0;
    for (const [xs, y] of [
      [pos, 1],
      [neg, 0],
    ] as const) {
      for (const x of xs) {
        const p = 1 / (1 + Math.exp(-(a * x + b)));
        ga += (p - y) * x;
        gb += p - y;
      }
    }
    a -= ((2 * ga) / n) * 10;
    b -= ((2 * gb) / n) * 10;
  }
  return { a, b };
}

export function fitCalibration(input: SyncCalibrationInput): Calibration;
export function fitCalibration(input: BatchCalibrationInput): Promise<Calibration>;
export function fitCalibration(input: SyncCalibrationInput | BatchCalibrationInput): Calibration | Promise<Calibration> {
  const queries = calibrationQueries(input.entries);
  if ('embed' in input) return fitFromVectors(input, queries, queries.map((q) => input.embed(q.text)));
  const { embedBatch, batchSize = 96 } = input;
  return (async () => {
    const vectors: Float32Array[] = [];
    const batches = Math.ceil(queries.length / batchSize);
    for (let b = 0; b < batches; b++) {
      const texts = queries.slice(b * batchSize, (b + 1) * batchSize).map((q) => q.text);
      let got: Float32Array[];
      try {
        got = await embedBatch(texts);
      } catch (e) {
        throw new Error(`calibration${batches > 1 ? ` batch ${b + 1}/${batches}` : ''} failed: ${(e as Error).message}`);
      }
      if (got.length !== texts.length) throw new Error(`calibration batch ${b + 1}/${batches}: ${got.length} vectors for ${texts.length} texts`);
      vectors.push(...got);
    }
    return fitFromVectors(input, queries, vectors);
  })();
}
