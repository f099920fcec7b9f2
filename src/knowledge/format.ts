/**
 * Knowledge files shipped under knowledge/: the entry index (index.json) and the embeddings file
 * (embeddings.bin). Binary layout: "PRSKB1\n", a uint32 LE header length, the header JSON, zero padding to a
 * 4-byte boundary, then sections described in the header (offsets relative to the start of the data area).
 */
import { createHash } from 'node:crypto';

/** One best-practice entry as stored in knowledge/index.json (parsed from knowledge/entries/**.md). */
export interface EntryRecord {
  id: string;
  title: string;
  languages: string[];
  tags: string[];
  cwe: string[];
  rules: string[];
  /** Explanation markdown (without the Bad/Good sections). */
  text: string;
  bad: string;
  good: string;
  /** Repository-relative path of the markdown file. */
  path: string;
}

export type ChunkKind = 'entry' | 'explanation' | 'bad' | 'good';

export interface ChunkRecord {
  entry: number;
  kind: ChunkKind;
}

export interface IndexFile {
  format: 'pr-sentinel-knowledge-index/1';
  contentHash: string;
  entries: EntryRecord[];
  chunks: ChunkRecord[];
  /** Prebuilt BM25 statistics over the chunks (optional: rebuilt at load time when absent). */
  bm25?: import('./bm25.js').SerializedBm25;
}

/** Section inside the binary: `rows` vectors of `dim` int8 values, one float32 scale per row. */
export interface MatrixSection {
  offset: number;
  rows: number;
  dim: number;
}

export interface EmbeddingsHeader {
  format: 'pr-sentinel-embeddings/1';
  modelId: string;
  dim: number;
  contentHash: string;
  /**
   * Offline file only: sha256 of the index.json it was built with (trailing newlines excluded). Checking it at load
   * costs a native hash over the bytes instead of re-normalising every entry, and catches any edit to the index.
   */
  indexSha256?: string;
  /** Number of chunk vectors. */
  count: number;
  /** Offline model only: vocabulary, per-term SIF weights, the common component removed from every vector. */
  vocab?: string[];
  weights?: number[];
  commonComponent?: number[];
  /** Logistic map raw cosine → calibrated similarity: 1 / (1 + exp(-(a * cos + b))). */
  calibration: { a: number; b: number };
  /** BM25 statistics over the chunks (terms → document frequency is recomputed from chunk terms at load). */
  chunkTerms?: { offset: number; lengths: number[] } | undefined;
  tokens?: MatrixSection;
  chunks: MatrixSection;
}

const MAGIC = 'PRSKB1\n';

/** sha256 over the entries' normalised content (order-independent, whitespace-normalised). */
export function contentHash(entries: Array<Omit<EntryRecord, 'path'> & { path?: string }>): string {
  const norm = [...entries]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => [
      e.id,
      e.title.trim(),
      [...e.languages].sort(),
      [...e.tags].sort(),
      [...e.cwe].sort(),
      [...e.rules].sort(),
      normText(e.text),
      normText(e.bad),
      normText(e.good),
    ]);
  return createHash('sha256').update(JSON.stringify(norm)).digest('hex');
}

function normText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trim();
}

/**
 * Quantise rows to int8 (max |x| → 127) with a per-row scale chosen so the dequantised row keeps the original
 * row's length: unit rows stay unit rows, so a loader can take dot products on the int8 data as cosines without
 * renormalising every row first.
 */
export function quantise(rows: Float32Array[], dim: number): Uint8Array {
  const buf = new ArrayBuffer(rows.length * 4 + rows.length * dim);
  const scales = new Float32Array(buf, 0, rows.length);
  const q = new Int8Array(buf, rows.length * 4, rows.length * dim);
  rows.forEach((r, i) => {
    let m = 0;
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      m = Math.max(m, Math.abs(r[j]!));
      norm += r[j]! * r[j]!;
    }
    const step = m > 0 ? m / 127 : 1;
    let qNorm = 0;
    for (let j = 0; j < dim; j++) {
      const x = Math.round(r[j]! / step);
      q[i * dim + j] = x;
      qNorm += x * x;
    }
    scales[i] = qNorm > 0 ? Math.sqrt(norm) / Math.sqrt(qNorm) : step;
  });
  return new Uint8Array(buf);
}

/** Row vectors retrieval reads: dense floats (training, tests) or int8 rows with a per-row scale (shipped files). */
export interface Vectors {
  readonly rows: number;
  readonly dim: number;
  /** v · row i */
  dot(v: Float32Array, row: number): number;
}

export function denseVectors(m: Float32Array, dim: number): Vectors {
  return {
    rows: m.length / dim,
    dim,
    dot(v, row) {
      let s = 0;
      const o = row * dim;
      for (let j = 0; j < dim; j++) s += v[j]! * m[o + j]!;
      return s;
    },
  };
}

/** Int8 rows read in place from the file buffer (no dequantised copy: the load path stays allocation-light). */
export function quantisedVectors(data: Uint8Array, sec: MatrixSection): Vectors {
  const base = data.byteOffset + sec.offset;
  const scales = base % 4 === 0 ? new Float32Array(data.buffer, base, sec.rows) : new Float32Array(data.buffer.slice(base, base + sec.rows * 4));
  const q = new Int8Array(data.buffer, base + sec.rows * 4, sec.rows * sec.dim);
  const dim = sec.dim;
  return {
    rows: sec.rows,
    dim,
    dot(v, row) {
      let s = 0;
      const o = row * dim;
      for (let j = 0; j < dim; j++) s += v[j]! * q[o + j]!;
      return s * scales[row]!;
    },
  };
}

/** Inverse of quantise: one contiguous Float32Array of rows × dim. */
export function dequantise(data: Uint8Array, sec: MatrixSection): Float32Array {
  const base = data.byteOffset + sec.offset;
  // Views straight into the file buffer when the scales are 4-byte aligned (the usual case); a copy otherwise.
  const aligned = base % 4 === 0;
  const buf = aligned ? data.buffer : data.buffer.slice(base, base + sec.rows * 4 + sec.rows * sec.dim);
  const start = aligned ? base : 0;
  const scales = new Float32Array(buf, start, sec.rows);
  const q = new Int8Array(buf, start + sec.rows * 4, sec.rows * sec.dim);
  const out = new Float32Array(sec.rows * sec.dim);
  for (let i = 0; i < sec.rows; i++) {
    const s = scales[i]!;
    for (let j = 0; j < sec.dim; j++) out[i * sec.dim + j] = q[i * sec.dim + j]! * s;
  }
  return out;
}

/** Like dequantise, one row at a time on first request (cached); nothing is copied or allocated up front. */
export function lazyRows(data: Uint8Array, sec: MatrixSection): (i: number) => Float32Array {
  const base = data.byteOffset + sec.offset;
  const view = new DataView(data.buffer, base, sec.rows * 4);
  const q = new Int8Array(data.buffer, base + sec.rows * 4, sec.rows * sec.dim);
  const cache = new Map<number, Float32Array>();
  return (i) => {
    let r = cache.get(i);
    if (r) return r;
    r = new Float32Array(sec.dim);
    const s = view.getFloat32(i * 4, true);
    const o = i * sec.dim;
    for (let j = 0; j < sec.dim; j++) r[j] = q[o + j]! * s;
    cache.set(i, r);
    return r;
  };
}

/** sha256 of an index file's bytes without trailing CR/LF (so a checkout that rewrote the final newline still matches). */
export function indexDigest(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return createHash('sha256').update(bytes.subarray(0, end)).digest('hex');
}

export function encodeEmbeddings(header: EmbeddingsHeader, sections: Uint8Array[]): Uint8Array {
  // Offsets are assigned here in order, each section 4-byte aligned.
  let off = 0;
  const placed: number[] = [];
  for (const s of sections) {
    placed.push(off);
    off += align4(s.length);
  }
  const json = Buffer.from(JSON.stringify(header));
  const headLen = MAGIC.length + 4 + json.length;
  const dataStart = align4(headLen);
  const out = new Uint8Array(dataStart + off);
  out.set(Buffer.from(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  sections.forEach((s, i) => out.set(s, dataStart + placed[i]!));
  return out;
}

/** Byte offsets each section will get in encodeEmbeddings (for filling the header before encoding). */
export function sectionOffsets(sections: Uint8Array[]): number[] {
  let off = 0;
  return sections.map((s) => {
    const o = off;
    off += align4(s.length);
    return o;
  });
}

export function decodeEmbeddings(buf: Uint8Array, name: string): { header: EmbeddingsHeader; data: Uint8Array } {
  const magic = Buffer.from(buf.subarray(0, MAGIC.length)).toString('latin1');
  if (magic !== MAGIC) throw new Error(`${name} is not a pr-sentinel embeddings file (bad magic)`);
  const truncated = () => new Error(`${name} is truncated or corrupt (${buf.length} bytes); run npm run knowledge:build`);
  if (buf.length < MAGIC.length + 4) throw truncated();
  const len = new DataView(buf.buffer, buf.byteOffset).getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + len > buf.length) throw truncated();
  let header: EmbeddingsHeader;
  try {
    header = JSON.parse(Buffer.from(buf.subarray(MAGIC.length + 4, MAGIC.length + 4 + len)).toString('utf8')) as EmbeddingsHeader;
  } catch {
    throw truncated();
  }
  const dataStart = align4(MAGIC.length + 4 + len);
  const data = buf.subarray(dataStart);
  // Every section the header promises must lie inside the file.
  for (const sec of [header.tokens, header.chunks]) {
    if (sec && sec.offset + sec.rows * 4 + sec.rows * sec.dim > data.length) throw truncated();
  }
  return { header, data };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** Text of each chunk kind, the same at build and at run time. */
export function chunkText(e: Pick<EntryRecord, 'title' | 'text' | 'bad' | 'good' | 'tags'>, kind: ChunkKind): string {
  switch (kind) {
    case 'entry':
      return `${e.title}\n${e.tags.join(' ')}\n${e.text}\n${e.bad}\n${e.good}`;
    case 'explanation':
      return `${e.title}\n${e.text}`;
    case 'bad':
      return e.bad;
    case 'good':
      return e.good;
  }
}

export const CHUNK_KINDS: ChunkKind[] = ['entry', 'explanation', 'bad', 'good'];
