/**
 * Provider embeddings end to end against fake OpenAI / Gemini embedding servers on 127.0.0.1 (real SDKs):
 * scripts/knowledge/build-provider.ts embeds every chunk of the committed knowledge/index.json into
 * embeddings-<provider>.bin, the loader accepts it with `embeddings: openai|gemini`, queries are embedded by the
 * provider, and every way it can go wrong falls back to the offline model with a notice naming the reason.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProviderFile } from '../../scripts/knowledge/build-provider.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { fitCalibration } from '../../scripts/knowledge/calibrate.js';
import { contentHash, decodeEmbeddings, dequantise, type IndexFile } from '../../src/knowledge/format.js';
import { calibrate, normalise } from '../../src/knowledge/model.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/index.js';
import { PROVIDER_FILES } from '../../src/knowledge/provider.js';
import { run } from '../../src/run.js';
import { fakeVector, startFakeEmbeddings, type FakeEmbeddings } from '../helpers/fake-embeddings.js';
import { reviewAnswer, startFakeLlm, type FakeLlm } from '../helpers/fake-llm.js';

const REPO_KNOWLEDGE = resolve('knowledge');
const index = JSON.parse(readFileSync(join(REPO_KNOWLEDGE, 'index.json'), 'utf8')) as IndexFile;
const silent = { debug() {}, info() {}, warn() {}, setSecret() {} };
const OPENAI_DIM = 256;
const GEMINI_DIM = 192;

let root: string;
let openai: FakeEmbeddings;
let gemini: FakeEmbeddings;
const savedEnv = process.env.PR_SENTINEL_KNOWLEDGE_DIR;

/** A knowledge dir holding copies of the committed offline files, plus optional provider files. */
function knowledgeDir(name: string, providerFiles: Record<string, string> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(REPO_KNOWLEDGE, 'index.json'), join(dir, 'index.json'));
  copyFileSync(join(REPO_KNOWLEDGE, 'embeddings.bin'), join(dir, 'embeddings.bin'));
  for (const [file, from] of Object.entries(providerFiles)) copyFileSync(from, join(dir, file));
  return dir;
}

function config(provider: 'openai' | 'gemini', extra: Record<string, string> = {}): Config {
  const fake = provider === 'openai' ? openai : gemini;
  return loadConfig({
    inputs: { embeddings: provider, [`${provider}-api-key`]: 'test-key', [`${provider}-base-url`]: fake.baseUrl, 'ai-timeout-ms': '30000', ...extra },
    env: {},
  });
}

async function load(dir: string, cfg: Config): Promise<KnowledgeBase> {
  process.env.PR_SENTINEL_KNOWLEDGE_DIR = dir;
  const kb = await loadKnowledgeBase(cfg, silent);
  expect(kb).toBeDefined();
  return kb!;
}

/** An entry with a distinctive title and code (the first python entry with a bad example). */
const probe = index.entries.find((e) => e.languages.includes('python') && e.bad.split('\n').length >= 3)!;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'prs-provider-'));
  [openai, gemini] = await Promise.all([startFakeEmbeddings('openai'), startFakeEmbeddings('gemini')]);
  const built = join(root, 'built');
  await buildProviderFile({ provider: 'openai', dim: OPENAI_DIM, knowledgeDir: REPO_KNOWLEDGE, outDir: built, apiKey: 'k', baseUrl: openai.baseUrl });
  await buildProviderFile({ provider: 'gemini', dim: GEMINI_DIM, knowledgeDir: REPO_KNOWLEDGE, outDir: built, apiKey: 'k', baseUrl: gemini.baseUrl });
  knowledgeDir('full', { [PROVIDER_FILES.openai]: join(built, PROVIDER_FILES.openai), [PROVIDER_FILES.gemini]: join(built, PROVIDER_FILES.gemini) });
});

afterAll(async () => {
  if (savedEnv === undefined) delete process.env.PR_SENTINEL_KNOWLEDGE_DIR;
  else process.env.PR_SENTINEL_KNOWLEDGE_DIR = savedEnv;
  await Promise.all([openai?.close(), gemini?.close()]);
  rmSync(root, { recursive: true, force: true });
});

describe('build-provider', () => {
  it('embeds every chunk in batches and writes a header tied to the model and the entries', () => {
    const file = decodeEmbeddings(readFileSync(join(root, 'built', PROVIDER_FILES.openai)), 'openai file');
    expect(file.header).toMatchObject({ modelId: 'openai:text-embedding-3-small', dim: OPENAI_DIM, count: index.chunks.length, contentHash: contentHash(index.entries) });
    expect(file.header.chunks.rows).toBe(index.chunks.length);
    expect(file.header.vocab).toBeUndefined();
    expect(file.header.calibration.a).toBeGreaterThan(0);
    // Chunks first (96 per request), then the calibration queries (title + bad example per entry).
    const chunkRequests = Math.ceil(index.chunks.length / 96);
    expect(openai.requests.length).toBe(chunkRequests + Math.ceil((2 * index.entries.length) / 96));
    expect(openai.requests.every((r) => r.path === '/v1/embeddings' && r.dim === OPENAI_DIM && r.texts.length <= 96)).toBe(true);
    expect(openai.texts().slice(0, index.chunks.length)).toHaveLength(index.chunks.length);
    expect(openai.requests[0]!.headers.authorization).toBe('Bearer k');

    const g = decodeEmbeddings(readFileSync(join(root, 'built', PROVIDER_FILES.gemini)), 'gemini file');
    expect(g.header).toMatchObject({ modelId: 'gemini:gemini-embedding-001', dim: GEMINI_DIM, count: index.chunks.length });
    // @google/genai's models.embedContent calls batchEmbedContents on the Developer API, up to 100 per request.
    expect(gemini.requests.every((r) => r.path.endsWith('/v1beta/models/gemini-embedding-001:batchEmbedContents') && r.texts.length <= 100)).toBe(true);
    expect(gemini.requests[0]!.headers['x-goog-api-key']).toBe('k');
    // Gemini embeds documents and queries in different task spaces: chunks as documents, calibration as queries.
    const geminiChunkRequests = Math.ceil(index.chunks.length / 100);
    expect(gemini.requests.slice(0, geminiChunkRequests).every((r) => r.taskType === 'RETRIEVAL_DOCUMENT')).toBe(true);
    expect(gemini.requests.slice(geminiChunkRequests).every((r) => r.taskType === 'RETRIEVAL_QUERY')).toBe(true);
  });

  it('fits the calibration with the shared recipe (sync and batched embedders agree) on the vectors the loader uses', async () => {
    const file = decodeEmbeddings(readFileSync(join(root, 'built', PROVIDER_FILES.openai)), 'openai file');
    // The quantised rows keep their unit length, so they are the vectors the loader's int8 dot products see.
    const chunkVectors = dequantise(file.data, file.header.chunks);
    const embed = (t: string) => normalise(Float32Array.from(fakeVector(t, OPENAI_DIM)));
    const base = { entries: index.entries, chunks: index.chunks, chunkVectors, dim: OPENAI_DIM };
    const sync = fitCalibration({ ...base, embed });
    const batched = await fitCalibration({ ...base, embedBatch: async (ts) => ts.map(embed), batchSize: 7 });
    expect(batched).toEqual(sync);
    const round = (x: number) => Math.round(x * 1e6) / 1e6;
    expect(file.header.calibration).toEqual({ a: round(sync.a), b: round(sync.b) });
    // Meaningful: a query's own entry is a likely match, an unrelated cosine of 0 is not.
    expect(calibrate(0.9, sync)).toBeGreaterThan(0.95);
    expect(calibrate(0, sync)).toBeLessThan(0.05);
  });

  it('is deterministic: the same vectors give a byte-identical file', async () => {
    const again = join(root, 'again');
    await buildProviderFile({ provider: 'openai', dim: OPENAI_DIM, knowledgeDir: REPO_KNOWLEDGE, outDir: again, apiKey: 'k', baseUrl: openai.baseUrl });
    expect(Buffer.compare(readFileSync(join(again, PROVIDER_FILES.openai)), readFileSync(join(root, 'built', PROVIDER_FILES.openai)))).toBe(0);
  });

  it('fails with a message naming the batch on a 401, and without a key', async () => {
    const bad = await startFakeEmbeddings('openai', { failStatus: 401 });
    try {
      await expect(buildProviderFile({ provider: 'openai', dim: 64, knowledgeDir: REPO_KNOWLEDGE, outDir: join(root, 'no'), apiKey: 'wrong', baseUrl: bad.baseUrl })).rejects.toThrow(
        /openai text-embedding-3-small: embedding chunks batch 1\/\d+ \(items 1–96\) failed: 401 Incorrect API key/,
      );
      // The first failure stops the build: no retry storm, no file.
      expect(bad.requests).toHaveLength(1);
      expect(() => readFileSync(join(root, 'no', PROVIDER_FILES.openai))).toThrow();
    } finally {
      await bad.close();
    }
    // A later batch: its number and items are named (here the 3rd chunk batch, then a calibration batch).
    // Requests 1–3 are the first build (stopped at 3); the second build's first calibration request comes after all its chunk batches.
    const late = await startFakeEmbeddings('openai', { failStatus: 401, failOn: new Set([3, 3 + Math.ceil(index.chunks.length / 96) + 1]) });
    try {
      const opts = { provider: 'openai' as const, dim: 16, knowledgeDir: REPO_KNOWLEDGE, outDir: join(root, 'no'), apiKey: 'k', baseUrl: late.baseUrl };
      await expect(buildProviderFile(opts)).rejects.toThrow(/embedding chunks batch 3\/\d+ \(items 193–288\) failed: 401/);
      await expect(buildProviderFile(opts)).rejects.toThrow(/calibration failed: .*embedding calibration queries batch 1\/\d+ \(items 1–96\) failed: 401/);
    } finally {
      await late.close();
    }
    await expect(buildProviderFile({ provider: 'gemini', knowledgeDir: REPO_KNOWLEDGE, apiKey: undefined })).rejects.toThrow(/no gemini API key: set GEMINI_API_KEY/);
  });
});

describe('provider retrieval', () => {
  it.each(['openai', 'gemini'] as const)('%s: queries are embedded by the provider and find the entry', async (provider) => {
    const fake = provider === 'openai' ? openai : gemini;
    const kb = await load(join(root, 'full'), config(provider));
    expect(kb.notices).toEqual([]);
    expect(kb.usesProvider?.()).toBe(true);
    const before = fake.requests.length;
    const hits = await kb.searchAsync!(probe.bad, { languages: ['python'] });
    // A provider failure would fall back silently to offline hits (which also find the probe): check it did not.
    expect(kb.notices, 'the provider call failed and fell back').toEqual([]);
    expect(hits[0]?.id).toBe(probe.id);
    expect(hits[0]!.similarity).toBeGreaterThan(0.9);
    expect(fake.requests.slice(before).map((r) => r.texts)).toEqual([[probe.bad]]);
    if (provider === 'gemini') expect(fake.requests.at(-1)!.taskType).toBe('RETRIEVAL_QUERY');
    expect(fake.requests.at(-1)!.dim).toBe(provider === 'openai' ? OPENAI_DIM : GEMINI_DIM);

    // All titles at once (short queries, a harder case): batched requests, most titles find their own entry first.
    const n0 = fake.requests.length;
    // Threshold 0: this measures ranking; what the calibrated threshold keeps is the calibration's business.
    const all = await kb.searchManyAsync!(index.entries.map((e) => ({ query: e.title, languages: e.languages })), { k: 3, threshold: 0 });
    expect(fake.requests.length - n0).toBe(Math.ceil(index.entries.length / (provider === 'openai' ? 96 : 100)));
    const first = all.filter((h, i) => h[0]?.id === index.entries[i]!.id).length;
    expect(first / index.entries.length, `${first}/${index.entries.length}`).toBeGreaterThan(0.8);
    expect(kb.notices).toEqual([]);
  });
});

describe('fallback to the offline model', () => {
  const offlineIds = async (kb: KnowledgeBase, q: string) => kb.search(q, { languages: probe.languages }).map((h) => h.id);

  it('the server answers with the wrong dimension: offline hits and a notice, the provider is not asked again', async () => {
    const kb = await load(join(root, 'full'), config('openai'));
    openai.set({ forceDim: 64 });
    try {
      const hits = await kb.searchAsync!(probe.title, { languages: probe.languages });
      expect(hits.map((h) => h.id)).toEqual(await offlineIds(kb, probe.title));
      expect(kb.notices).toEqual([expect.objectContaining({ source: 'knowledge', level: 'warning', message: expect.stringMatching(/provider embeddings failed, used the offline model: openai returned 64 dimensions, expected 256/) })]);
      const n = openai.requests.length;
      await kb.searchAsync!('another query', {});
      expect(openai.requests.length).toBe(n);
      expect(kb.usesProvider?.()).toBe(false);
    } finally {
      openai.set({});
    }
  });

  it('the server fails with 500: offline hits and a notice naming the status', async () => {
    const kb = await load(join(root, 'full'), config('gemini'));
    gemini.set({ failStatus: 500 });
    try {
      const hits = await kb.searchAsync!(probe.title, { languages: probe.languages });
      expect(hits.map((h) => h.id)).toEqual(await offlineIds(kb, probe.title));
      expect(kb.notices).toHaveLength(1);
      expect(kb.notices![0]!.message).toMatch(/provider embeddings failed, used the offline model: .*500/);
    } finally {
      gemini.set({});
    }
  });

  it('no API key: not used, with the reason', async () => {
    const kb = await load(join(root, 'full'), loadConfig({ inputs: { embeddings: 'openai', 'openai-base-url': openai.baseUrl }, env: {} }));
    expect(kb.usesProvider?.()).toBe(false);
    expect(kb.notices?.map((n) => n.message)).toEqual(['openai embeddings not used (no openai API key configured); using the offline model']);
    const n = openai.requests.length;
    expect((await kb.searchAsync!(probe.title, {})).map((h) => h.id)).toEqual(kb.search(probe.title).map((h) => h.id));
    expect(openai.requests.length).toBe(n);
  });

  it('no provider file shipped: not used, with the reason', async () => {
    const kb = await load(knowledgeDir('bare'), config('gemini'));
    expect(kb.usesProvider?.()).toBe(false);
    expect(kb.notices?.[0]?.message).toMatch(/gemini embeddings not used \(knowledge\/embeddings-gemini\.bin is not shipped .*build-provider\.ts\)\); using the offline model/);
  });

  it('a file built from different entries: not used, with the reason', async () => {
    // A maintainer built the provider file, then the entries changed (here: the first 30 entries, one edited).
    const entries = index.entries.slice(0, 30).map((e, i) => (i === 0 ? { ...e, bad: `${e.bad}\n# edited` } : e));
    const other: IndexFile = { format: index.format, contentHash: contentHash(entries), entries, chunks: index.chunks.filter((c) => c.entry < 30) };
    const otherDir = join(root, 'other');
    mkdirSync(otherDir, { recursive: true });
    writeFileSync(join(otherDir, 'index.json'), JSON.stringify(other));
    await buildProviderFile({ provider: 'openai', dim: 32, knowledgeDir: otherDir, apiKey: 'k', baseUrl: openai.baseUrl });
    const kb = await load(knowledgeDir('foreign', { [PROVIDER_FILES.openai]: join(otherDir, PROVIDER_FILES.openai) }), config('openai'));
    expect(kb.usesProvider?.()).toBe(false);
    expect(kb.notices?.[0]?.message).toMatch(/openai embeddings not used \(knowledge\/embeddings-openai\.bin was built from different entries .*build-provider\.ts\)/);
  });

  it('a corrupt file: not used, with the reason (never a failed run)', async () => {
    const dir = knowledgeDir('corrupt');
    writeFileSync(join(dir, PROVIDER_FILES.openai), 'not an embeddings file');
    const kb = await load(dir, config('openai'));
    expect(kb.notices?.[0]?.message).toMatch(/openai embeddings not used \(knowledge\/embeddings-openai\.bin is not a pr-sentinel embeddings file/);
  });
});

describe('the AI review context comes from the provider', () => {
  let llm: FakeLlm;
  let work: string;
  beforeAll(async () => {
    llm = await startFakeLlm('gemini', () => ({ answer: reviewAnswer([], { overview: 'Adds a helper.', risk: 'low', focus: [] }) }));
    work = join(root, 'scan');
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'helper.py'), `${probe.bad}\n`);
  });
  afterAll(async () => {
    await llm?.close();
  });

  const scan = (extra: Record<string, string> = {}) => {
    process.env.PR_SENTINEL_KNOWLEDGE_DIR = join(root, 'full');
    const cfg = config('openai', { analyzers: 'secrets', 'ai-providers': 'gemini:gemini-2.5-flash', 'gemini-api-key': 'g-key', 'gemini-base-url': llm.url, ...extra });
    return run({ target: { mode: 'scan', root: work }, config: cfg, log: silent });
  };

  it('the hunk is embedded by the provider and its guidance reaches the prompt', async () => {
    const n = openai.requests.length;
    const calls = llm.requests.length;
    const result = await scan();
    const asked = openai.requests.slice(n).flatMap((r) => r.texts);
    expect(asked).toEqual([probe.bad]);
    expect(llm.requests.length).toBe(calls + 1);
    expect(llm.requests.at(-1)!.body).toContain('Relevant guidance:');
    expect(llm.requests.at(-1)!.body).toContain(JSON.stringify(`- ${probe.title}:`).slice(1, -1));
    expect(result.notices.filter((x) => x.source === 'knowledge')).toEqual([]);
  });

  it('a provider failure falls back to offline guidance and the notice reaches the run result', async () => {
    openai.set({ failStatus: 500 });
    try {
      const calls = llm.requests.length;
      const result = await scan();
      expect(llm.requests.length).toBe(calls + 1);
      expect(llm.requests.at(-1)!.body).toContain('Relevant guidance:');
      expect(result.notices).toContainEqual(expect.objectContaining({ source: 'knowledge', message: expect.stringMatching(/provider embeddings failed, used the offline model: 500/) }));
    } finally {
      openai.set({});
    }
  });
});
