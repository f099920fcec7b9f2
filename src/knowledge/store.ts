/**
 * Loading knowledge/index.json + knowledge/embeddings.bin. The action runs from <action>/dist/index.js, the CLI
 * from <pkg>/dist/cli.js and tests from src/knowledge/: knowledge/ sits beside dist/ (package.json "files"), so we
 * try ../knowledge from the bundle and ../../knowledge from this source file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash, decodeEmbeddings, indexDigest, lazyRows, quantisedVectors, type EmbeddingsHeader, type IndexFile } from './format.js';
import { embedText, type TokenModel } from './model.js';
import { deserializeBm25 } from './bm25.js';
import { KnowledgeStore } from './retrieve.js';

/** Bump when the tokenizer, chunking or training recipe changes: old files are then refused. */
export const OFFLINE_MODEL_ID = 'pr-sentinel-lsa-svd/2';
export const INDEX_FILE = 'index.json';
export const OFFLINE_FILE = 'embeddings.bin';

export function knowledgeDirCandidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const env = process.env.PR_SENTINEL_KNOWLEDGE_DIR;
  return [...(env ? [resolve(env)] : []), resolve(here, '..', 'knowledge'), resolve(here, '..', '..', 'knowledge')];
}

export function findKnowledgeDir(): string | undefined {
  return knowledgeDirCandidates().find((d) => existsSync(join(d, INDEX_FILE)) && existsSync(join(d, OFFLINE_FILE)));
}

export function readIndex(dir: string): IndexFile {
  return parseIndex(readFileSync(join(dir, INDEX_FILE)));
}

function parseIndex(bytes: Buffer): IndexFile {
  const idx = JSON.parse(bytes.toString('utf8')) as IndexFile;
  if (idx.format !== 'pr-sentinel-knowledge-index/1') throw new Error(`knowledge/${INDEX_FILE} has unknown format ${String(idx.format)}`);
  return idx;
}

/** Throws the message the summary shows when the header does not belong to these entries or this model. */
export function checkHeader(header: EmbeddingsHeader, file: string, expectedModel: string | ((id: string) => boolean), entriesHash: string): void {
  const modelOk = typeof expectedModel === 'string' ? header.modelId === expectedModel : expectedModel(header.modelId);
  if (!modelOk)
    throw new Error(
      `knowledge/${file} was built with model ${header.modelId}, this version expects ${String(typeof expectedModel === 'string' ? expectedModel : 'a provider model')}; run npm run knowledge:build`,
    );
  if (header.contentHash !== entriesHash)
    throw new Error(
      `knowledge/${file} was built from different entries (hash ${header.contentHash.slice(0, 12)}…≠${entriesHash.slice(0, 12)}…); run npm run knowledge:build`,
    );
}

export function loadOfflineStore(dir: string): KnowledgeStore {
  const indexBytes = readFileSync(join(dir, INDEX_FILE));
  const idx = parseIndex(indexBytes);
  const { header, data } = decodeEmbeddings(readFileSync(join(dir, OFFLINE_FILE)), `knowledge/${OFFLINE_FILE}`);
  checkHeader(header, OFFLINE_FILE, OFFLINE_MODEL_ID, idx.contentHash);
  // The index must be the one the embeddings were built with, unedited: a byte digest when the file records one
  // (cheap), else the entries' normalised content hash (files from before the digest existed).
  const intact = header.indexSha256 ? indexDigest(indexBytes) === header.indexSha256 : contentHash(idx.entries) === idx.contentHash;
  if (!intact) throw new Error(`knowledge/${INDEX_FILE} does not match its own entries (edited after the build?); run npm run knowledge:build`);
  if (!header.tokens || !header.vocab || !header.weights || !header.commonComponent) throw new Error(`knowledge/${OFFLINE_FILE} lacks the offline model sections`);
  if (header.count !== idx.chunks.length) throw new Error(`knowledge/${OFFLINE_FILE} has ${header.count} chunk vectors, index has ${idx.chunks.length}`);
  // Token rows are dequantised on first use: a query reads a few dozen of them, the file holds thousands.
  const model: TokenModel = {
    dim: header.dim,
    vocab: vocabMap(header.vocab),
    weights: Float32Array.from(header.weights),
    vectors: new Float32Array(0),
    row: lazyRows(data, header.tokens),
    common: Float32Array.from(header.commonComponent),
  };
  const store = new KnowledgeStore(idx.entries, idx.chunks, quantisedVectors(data, header.chunks), header.dim, header.calibration, (t) => embedText(model, t), idx.bm25 ? deserializeBm25(idx.bm25) : undefined);
  store.contentHash = idx.contentHash;
  return store;
}

function vocabMap(vocab: string[]): Map<string, number> {
  // A plain loop: building the Map from [term, i] pairs allocated an array per term and cost 3× as much at load.
  const m = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) m.set(vocab[i]!, i);
  return m;
}
