/**
 * Optional provider embeddings (opt-in with `embeddings: openai|gemini`): the chunks were embedded once by
 * scripts/knowledge/build-provider.ts into knowledge/embeddings-<provider>.bin; at run time only the query is
 * embedded, through the provider's own SDK. Anything missing (file, key) → the caller falls back to offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import type { Config } from '../config/types.js';
import { contentHash, decodeEmbeddings, quantisedVectors, type EmbeddingsHeader } from './format.js';
import { normalise } from './model.js';
import type { KnowledgeStore } from './retrieve.js';
import { checkHeader } from './store.js';

export type EmbeddingProvider = 'openai' | 'gemini';

export const PROVIDER_FILES: Record<EmbeddingProvider, string> = { openai: 'embeddings-openai.bin', gemini: 'embeddings-gemini.bin' };
export const PROVIDER_MODELS: Record<EmbeddingProvider, string> = { openai: 'text-embedding-3-small', gemini: 'gemini-embedding-001' };

export interface ProviderStore {
  store: KnowledgeStore;
  embedQuery(text: string): Promise<Float32Array>;
  /** Several queries, one request per QUERY_BATCH texts (the AI review's per-hunk context). */
  embedQueries(texts: string[]): Promise<Float32Array[]>;
}

/** Texts per embeddings request at run time (OpenAI allows 2,048 inputs, Gemini's batchEmbedContents 100). */
export const QUERY_BATCH: Record<EmbeddingProvider, number> = { openai: 96, gemini: 100 };

/**
 * Embeds texts with the provider SDK (used at run time for queries and by build-provider for chunks). `role` tells
 * models that embed queries and documents differently (Gemini's RETRIEVAL_QUERY / RETRIEVAL_DOCUMENT task types)
 * which side a text is on; OpenAI's models have one space for both.
 */
export function providerEmbedder(
  provider: EmbeddingProvider,
  model: string,
  dim: number,
  config: Pick<Config, 'openaiApiKey' | 'openaiBaseUrl' | 'geminiApiKey' | 'geminiBaseUrl' | 'aiTimeoutMs'>,
  role: 'query' | 'document' = 'query',
): (texts: string[]) => Promise<Float32Array[]> {
  if (provider === 'openai') {
    const client = new OpenAI({ apiKey: config.openaiApiKey, baseURL: config.openaiBaseUrl, maxRetries: 1, timeout: config.aiTimeoutMs });
    return async (texts) => {
      const r = await client.embeddings.create({ model, input: texts, dimensions: dim, encoding_format: 'float' });
      return [...r.data].sort((a, b) => a.index - b.index).map((d) => normalise(Float32Array.from(d.embedding)));
    };
  }
  const client = new GoogleGenAI({ apiKey: config.geminiApiKey, httpOptions: config.geminiBaseUrl ? { baseUrl: config.geminiBaseUrl, timeout: config.aiTimeoutMs } : { timeout: config.aiTimeoutMs } });
  return async (texts) => {
    const taskType = role === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT';
    const r = await client.models.embedContent({ model, contents: texts, config: { outputDimensionality: dim, taskType } });
    return (r.embeddings ?? []).map((e) => normalise(Float32Array.from(e.values ?? [])));
  };
}

export function loadProviderStore(dir: string, offline: KnowledgeStore, config: Config): ProviderStore | { reason: string } {
  const provider = config.embeddings as EmbeddingProvider;
  const file = PROVIDER_FILES[provider];
  const key = provider === 'openai' ? config.openaiApiKey : config.geminiApiKey;
  if (!key) return { reason: `no ${provider} API key configured` };
  const path = join(dir, file);
  if (!existsSync(path)) return { reason: `knowledge/${file} is not shipped (maintainers build it with scripts/knowledge/build-provider.ts)` };
  // A corrupt, foreign or stale file is a reason to fall back, never a failed run.
  let header: EmbeddingsHeader;
  let data: Uint8Array;
  try {
    ({ header, data } = decodeEmbeddings(readFileSync(path), `knowledge/${file}`));
    checkHeader(header, file, (id) => id.startsWith(`${provider}:`), offline.contentHash ?? contentHash(offline.entries));
  } catch (e) {
    return { reason: (e as Error).message.replace(/; run npm run knowledge:build$/, '; rebuild it with scripts/knowledge/build-provider.ts') };
  }
  if (!header.chunks || header.count !== offline.chunks.length || header.chunks.rows !== header.count || header.chunks.dim !== header.dim)
    return { reason: `knowledge/${file} has ${header.count} vectors for ${offline.chunks.length} chunks` };
  const model = header.modelId.slice(provider.length + 1);
  const embed = providerEmbedder(provider, model, header.dim, config);
  const vectors = quantisedVectors(data, header.chunks);
  const store = offline.withVectors(vectors, header.dim, header.calibration, () => {
    throw new Error('provider store needs an async query vector');
  });
  const embedQueries = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += QUERY_BATCH[provider]) {
      const part = texts.slice(i, i + QUERY_BATCH[provider]);
      const got = await embed(part);
      if (got.length !== part.length) throw new Error(`${provider} returned ${got.length} vectors for ${part.length} queries`);
      for (const v of got) if (v.length !== header.dim) throw new Error(`${provider} returned ${v.length} dimensions, expected ${header.dim}`);
      out.push(...got);
    }
    return out;
  };
  return {
    store,
    async embedQuery(text) {
      return (await embedQueries([text]))[0]!;
    },
    embedQueries,
  };
}
