/**
 * `npx tsx scripts/knowledge/build.ts` (npm run knowledge:build): knowledge/entries/**.md → knowledge/index.json
 * (entries + chunk list) and knowledge/embeddings.bin (offline model: vocabulary, SIF weights, int8 token vectors,
 * int8 chunk vectors, calibration). Both carry the sha256 of the entries' normalised content so the action can
 * refuse a stale pair. Deterministic: same entries → byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBm25, serializeBm25 } from '../../src/knowledge/bm25.js';
import { tokenize } from '../../src/knowledge/tokenize.js';
import { chunkText, contentHash, encodeEmbeddings, indexDigest, quantise, sectionOffsets, type EmbeddingsHeader, type IndexFile } from '../../src/knowledge/format.js';
import { OFFLINE_MODEL_ID } from '../../src/knowledge/store.js';
import { readEntries } from './entries.js';
import { generate } from './generate.js';
import { DEFAULT_TRAIN, train } from './train.js';

export function buildKnowledge(root: string, outDir = join(root, 'knowledge')): Record<string, number | string> {
  const entries = readEntries(root);
  const hash = contentHash(entries);
  const t = train(entries, DEFAULT_TRAIN);
  const dim = t.model.dim;
  // Same tokenizer and chunk texts as KnowledgeStore uses when no prebuilt statistics exist.
  const bm25 = serializeBm25(buildBm25(t.chunks.map((c) => tokenize(chunkText(entries[c.entry]!, c.kind)))));
  const index: IndexFile = { format: 'pr-sentinel-knowledge-index/1', contentHash: hash, entries, chunks: t.chunks, bm25 };
  const rows = (m: Float32Array, n: number) => Array.from({ length: n }, (_, i) => m.subarray(i * dim, (i + 1) * dim));
  const tokenSec = quantise(rows(t.model.vectors, t.model.vocab.size), dim);
  const chunkSec = quantise(rows(t.chunkVectors, t.chunks.length), dim);
  const [tokOff, chOff] = sectionOffsets([tokenSec, chunkSec]);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  // ASCII only (other characters as \u escapes): decoding an all-ASCII file takes V8's fast path at load.
  const indexText = JSON.stringify(index).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
  const header: EmbeddingsHeader = {
    format: 'pr-sentinel-embeddings/1',
    modelId: OFFLINE_MODEL_ID,
    dim,
    contentHash: hash,
    indexSha256: indexDigest(Buffer.from(indexText)),
    count: t.chunks.length,
    vocab: [...t.model.vocab.keys()],
    weights: Array.from(t.model.weights, round),
    commonComponent: Array.from(t.model.common, round),
    calibration: { a: round(t.calibration.a), b: round(t.calibration.b) },
    tokens: { offset: tokOff!, rows: t.model.vocab.size, dim },
    chunks: { offset: chOff!, rows: t.chunks.length, dim },
  };
  const bin = encodeEmbeddings(header, [tokenSec, chunkSec]);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'index.json'), indexText);
  writeFileSync(join(outDir, 'embeddings.bin'), bin);
  return { entries: entries.length, chunks: t.chunks.length, ...t.stats, bytes: bin.length, hash, a: header.calibration.a, b: header.calibration.b };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  if (process.argv.includes('--generate')) console.log(`generated ${generate(root)} entries from scripts/knowledge/data`);
  console.log(buildKnowledge(root));
}
