/**
 * Logistic calibration raw cosine → P(same entry), shared by every embedding model (the offline one trained in
 * train.ts and the provider models of build-provider.ts). Recipe: an entry's title and its bad code, taken as
 * queries (a finding message, a flagged hunk), against the entry's other chunks are the positives; the same
 * queries against a different entry chosen deterministically are the negatives; balanced classes, plain gradient
 * descent from a fixed start, so the same vectors always give the same {a, b}. The fitted map makes the 0.75
 * threshold mean "three times likelier a real match than not" for whatever model produced the vectors.
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

/** One calibration query: its text, the entry it belongs to, the chunk kind to skip on its own entry, the negative entry. */
export interface CalibrationQuery {
  text: string;
  entry: number;
  /** Kind of the entry's chunk that IS the query (the bad example), skipped on the positive side. */
  skipKind: ChunkKind | 'none';
  other: number;
}

/** The deterministic "different entry" for entry i (a fixed stride through the list, never i itself). */
export function negativeEntry(i: number, n: number): number {
  const o = (i * 7919 + 13) % n;
  return o === i ? (i + 1) % n : o;
}

export function calibrationQueries(entries: EntryRecord[]): CalibrationQuery[] {
  const out: CalibrationQuery[] = [];
  entries.forEach((e, i) => {
    const other = negativeEntry(i, entries.length);
    out.push({ text: e.title, entry: i, skipKind: 'none', other });
    out.push({ text: e.bad, entry: i, skipKind: 'bad', other });
  });
  return out;
}

/** Fit {a, b} from the query vectors (same order as calibrationQueries). */
export function fitFromVectors(input: CalibrationBase, queries: CalibrationQuery[], vectors: Float32Array[]): Calibration {
  const { chunks, chunkVectors, dim } = input;
  const byEntry = new Map<number, number[]>();
  chunks.forEach((c, i) => {
    const list = byEntry.get(c.entry);
    if (list) list.push(i);
    else byEntry.set(c.entry, [i]);
  });
  const maxCos = (q: Float32Array, entry: number, skipKind: string) => {
    let m = -1;
    for (const ci of byEntry.get(entry) ?? []) if (chunks[ci]!.kind !== skipKind) m = Math.max(m, dot(q, chunkVectors, ci * dim));
    return m;
  };
  const pos: number[] = [];
  const neg: number[] = [];
  queries.forEach((q, i) => {
    const v = vectors[i]!;
    pos.push(maxCos(v, q.entry, q.skipKind));
    neg.push(maxCos(v, q.other, 'none'));
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
