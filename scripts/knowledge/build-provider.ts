/**
 * `npx tsx scripts/knowledge/build-provider.ts --provider openai|gemini [--model M] [--dim N] [--out DIR]`
 * Maintainers run this (with OPENAI_API_KEY / GEMINI_API_KEY, optional OPENAI_BASE_URL / GEMINI_BASE_URL) to
 * build knowledge/embeddings-<provider>.bin: every chunk of knowledge/index.json embedded by the provider model,
 * int8-quantised like the offline file, plus a logistic calibration fitted for that model. The action then only
 * embeds queries (opt-in `embeddings: openai|gemini`). The file has a chunks section only (no vocabulary): the
 * header's modelId is `<provider>:<model>` and its contentHash ties it to the entries it was built from.
 * Deterministic: the same vectors give a byte-identical file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chunkText, contentHash, dequantise, encodeEmbeddings, quantise, sectionOffsets, type EmbeddingsHeader } from '../../src/knowledge/format.js';
import { PROVIDER_FILES, PROVIDER_MODELS, providerEmbedder, type EmbeddingProvider } from '../../src/knowledge/provider.js';
import { readIndex } from '../../src/knowledge/store.js';
import { fitCalibration } from './calibrate.js';

/** Texts per request: OpenAI accepts up to 2,048 inputs (300k tokens), Gemini's batchEmbedContents up to 100. */
export const BATCH_SIZE: Record<EmbeddingProvider, number> = { openai: 96, gemini: 100 };
export const DEFAULT_DIM = 768;

export interface BuildProviderOptions {
  provider: EmbeddingProvider;
  /** Provider model (default PROVIDER_MODELS[provider]). */
  model?: string;
  /** Requested vector dimension (default DEFAULT_DIM). */
  dim?: number;
  /** Directory holding index.json (default: the repository's knowledge/). */
  knowledgeDir: string;
  /** Where to write embeddings-<provider>.bin (default knowledgeDir). */
  outDir?: string;
  apiKey?: string;
  baseUrl?: string;
  batchSize?: number;
  timeoutMs?: number;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

export interface BuildProviderResult {
  path: string;
  modelId: string;
  dim: number;
  chunks: number;
  requests: number;
  bytes: number;
  calibration: { a: number; b: number };
}

export async function buildProviderFile(opts: BuildProviderOptions): Promise<BuildProviderResult> {
  const { provider } = opts;
  if (provider !== 'openai' && provider !== 'gemini') throw new Error(`unknown provider ${String(provider)} (expected openai or gemini)`);
  const envName = provider === 'openai' ? 'OPENAI_API_KEY' : 'GEMINI_API_KEY';
  if (!opts.apiKey) throw new Error(`no ${provider} API key: set ${envName}`);
  const model = opts.model ?? PROVIDER_MODELS[provider];
  const dim = opts.dim ?? DEFAULT_DIM;
  if (!Number.isInteger(dim) || dim < 8) throw new Error(`--dim must be an integer ≥ 8, got ${dim}`);
  const batchSize = opts.batchSize ?? BATCH_SIZE[provider];
  const log = opts.log ?? (() => {});

  const idx = readIndex(opts.knowledgeDir);
  const hash = contentHash(idx.entries);
  if (idx.contentHash !== hash) throw new Error(`${join(opts.knowledgeDir, 'index.json')} does not match its own entries; run npm run knowledge:build first`);
  const config =
    provider === 'openai'
      ? { openaiApiKey: opts.apiKey, openaiBaseUrl: opts.baseUrl, aiTimeoutMs: opts.timeoutMs ?? 120_000 }
      : { geminiApiKey: opts.apiKey, geminiBaseUrl: opts.baseUrl, aiTimeoutMs: opts.timeoutMs ?? 120_000 };
  // Chunks are the documents; the calibration queries are embedded the way the action embeds its queries.
  const embedders = { document: providerEmbedder(provider, model, dim, config, 'document'), query: providerEmbedder(provider, model, dim, config, 'query') };
  let requests = 0;
  // One request per batch, in order; any failure names the batch and stops the build (no partial file).
  const embedAll = async (texts: string[], what: string, role: 'query' | 'document'): Promise<Float32Array[]> => {
    const embed = embedders[role];
    const out: Float32Array[] = [];
    const batches = Math.ceil(texts.length / batchSize);
    for (let b = 0; b < batches; b++) {
      const from = b * batchSize;
      const part = texts.slice(from, from + batchSize);
      let got: Float32Array[];
      try {
        requests++;
        got = await embed(part);
      } catch (e) {
        throw new Error(`${provider} ${model}: embedding ${what} batch ${b + 1}/${batches} (items ${from + 1}–${from + part.length}) failed: ${(e as Error).message}`);
      }
      if (got.length !== part.length) throw new Error(`${provider} ${model}: ${what} batch ${b + 1}/${batches} returned ${got.length} vectors for ${part.length} texts`);
      const bad = got.findIndex((v) => v.length !== dim);
      if (bad >= 0) throw new Error(`${provider} ${model}: ${what} batch ${b + 1}/${batches} returned ${got[bad]!.length} dimensions, asked for ${dim} (does the model support this --dim?)`);
      out.push(...got);
      log(`${what}: ${out.length}/${texts.length}`);
    }
    return out;
  };

  const texts = idx.chunks.map((c) => chunkText(idx.entries[c.entry]!, c.kind));
  const rows = await embedAll(texts, 'chunks', 'document');
  const chunkSec = quantise(rows, dim);
  const [chOff] = sectionOffsets([chunkSec]);
  const chunks = { offset: chOff!, rows: rows.length, dim };
  // Calibrate against the vectors the action will actually use: quantised (rows keep their unit length).
  const chunkVectors = dequantise(chunkSec, { ...chunks, offset: 0 });
  const cal = await fitCalibration({
    entries: idx.entries,
    chunks: idx.chunks,
    chunkVectors,
    dim,
    // One call with every query: embedAll batches them and names the failing batch.
    batchSize: Number.MAX_SAFE_INTEGER,
    embedBatch: (q) => embedAll(q, 'calibration queries', 'query'),
  });
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const header: EmbeddingsHeader = {
    format: 'pr-sentinel-embeddings/1',
    modelId: `${provider}:${model}`,
    dim,
    contentHash: hash,
    count: rows.length,
    calibration: { a: round(cal.a), b: round(cal.b) },
    chunks,
  };
  const bin = encodeEmbeddings(header, [chunkSec]);
  const outDir = opts.outDir ?? opts.knowledgeDir;
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, PROVIDER_FILES[provider]);
  writeFileSync(path, bin);
  return { path, modelId: header.modelId, dim, chunks: rows.length, requests, bytes: bin.length, calibration: header.calibration };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { values } = parseArgs({ options: { provider: { type: 'string' }, model: { type: 'string' }, dim: { type: 'string' }, out: { type: 'string' } } });
  const provider = values.provider as EmbeddingProvider;
  const knowledgeDir = join(root, 'knowledge');
  buildProviderFile({
    provider,
    model: values.model,
    dim: values.dim ? Number(values.dim) : undefined,
    knowledgeDir,
    outDir: values.out ? resolve(values.out) : knowledgeDir,
    apiKey: provider === 'openai' ? process.env.OPENAI_API_KEY : process.env.GEMINI_API_KEY,
    baseUrl: (provider === 'openai' ? process.env.OPENAI_BASE_URL : process.env.GEMINI_BASE_URL) || undefined,
    log: (l) => process.stderr.write(`${l}\n`),
  }).then(
    (r) => console.log(r),
    (e: unknown) => {
      console.error(`build-provider: ${(e as Error).message}`);
      process.exitCode = 1;
    },
  );
}
