/**
 * Knowledge stage: best-practice entries (knowledge/entries/**.md, built into knowledge/index.json +
 * knowledge/embeddings.bin by scripts/knowledge/build.ts), retrieved offline with a hybrid of our own static
 * embeddings and BM25. Optional provider embeddings (OpenAI / Gemini) for queries, against a second prebuilt file.
 */
import type { AnalyzedFile, Logger } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { Finding, Guidance, Notice } from '../findings/types.js';
import { attachGuidance, guidanceForRule, knowledgeMatches } from './enrich.js';
import { loadProviderStore, type ProviderStore } from './provider.js';
import type { KnowledgeStore } from './retrieve.js';
import { findKnowledgeDir, knowledgeDirCandidates, loadOfflineStore } from './store.js';

export { KNOWLEDGE_MATCH_RULE } from './enrich.js';

export interface KnowledgeHit {
  id: string;
  title: string;
  /** Fused score (higher is better). */
  score: number;
  /** Vector-side cosine similarity. */
  similarity: number;
  guidance: Guidance;
}

export interface KnowledgeBase {
  /** The entry written for this finding's rule, if any. */
  guidanceFor(finding: Finding): Guidance | undefined;
  /** Hybrid (vector + BM25) search; hits below the vector threshold are dropped. */
  search(query: string, opts?: { languages?: string[]; k?: number; threshold?: number }): KnowledgeHit[];
  /**
   * Optional (added by the knowledge stage): same as search, but embeds the query with the configured provider
   * model when `embeddings: openai|gemini` is set and its file and key are present; otherwise the offline search.
   */
  searchAsync?(query: string, opts?: { languages?: string[]; k?: number; threshold?: number }): Promise<KnowledgeHit[]>;
  /**
   * Optional (added by the knowledge stage): searchAsync for many queries at once, the provider embedding them in
   * batched requests (the AI review's per-hunk context). Results in query order.
   */
  searchManyAsync?(queries: Array<{ query: string; languages?: string[] }>, opts?: { k?: number; threshold?: number }): Promise<KnowledgeHit[][]>;
  /** Optional (added by the knowledge stage): true when queries are embedded by a provider model (searchAsync differs from search). */
  usesProvider?(): boolean;
  /** Optional (added by the knowledge stage): degradations to show in the summary (e.g. provider fallback). */
  notices?: Notice[];
}

/** The in-process cache: the files are read once per process. */
const cache = new Map<string, KnowledgeStore>();

export function storeFor(dir: string): KnowledgeStore {
  let s = cache.get(dir);
  if (!s) cache.set(dir, (s = loadOfflineStore(dir)));
  return s;
}

/** Wraps a store in the KnowledgeBase contract. `internal` gives the enrich step the store itself. */
export function makeKnowledgeBase(store: KnowledgeStore, threshold: number, provider?: ProviderStore, notices: Notice[] = []): KnowledgeBase & { store: KnowledgeStore } {
  const toHits = (s: KnowledgeStore, query: string, opts: { languages?: string[]; k?: number; threshold?: number } = {}, qv?: Float32Array): KnowledgeHit[] =>
    s.rank(query, { languages: opts.languages, k: opts.k ?? 5, threshold: opts.threshold ?? threshold }, qv).map((r) => {
      const e = s.entries[r.entry]!;
      return { id: e.id, title: e.title, score: r.score, similarity: r.similarity, guidance: s.guidance(r.entry) };
    });
  const fallback = (e: unknown) => {
    // Once the provider failed, the rest of the run stays offline (one notice, no retry storm).
    if (!provider) return;
    notices.push({ level: 'warning', source: 'knowledge', message: `provider embeddings failed, used the offline model: ${(e as Error).message}` });
    provider = undefined;
  };
  const searchMany = async (queries: Array<{ query: string; languages?: string[] }>, opts: { k?: number; threshold?: number } = {}): Promise<KnowledgeHit[][]> => {
    if (provider && queries.length > 0) {
      try {
        const p = provider;
        const vectors = await p.embedQueries(queries.map((q) => q.query));
        return queries.map((q, i) => toHits(p.store, q.query, { ...opts, languages: q.languages }, vectors[i]));
      } catch (e) {
        fallback(e);
      }
    }
    return queries.map((q) => toHits(store, q.query, { ...opts, languages: q.languages }));
  };
  return {
    store,
    notices,
    guidanceFor: (f) => guidanceForRule(store, f.ruleId),
    search: (q, opts) => toHits(store, q, opts),
    async searchAsync(q, opts) {
      return (await searchMany([{ query: q, languages: opts?.languages }], opts))[0]!;
    },
    searchManyAsync: (queries, opts) => searchMany(queries, opts),
    usesProvider: () => provider !== undefined,
  };
}

/**
 * Where the entries can be read in a browser: inside an action run, the action's own repository at the ref the
 * workflow pinned (`uses: owner/pr-sentinel@v1` → GITHUB_ACTION_REPOSITORY, GITHUB_ACTION_REF), so links in PR
 * comments, the summary and code-scanning help open the entry that produced the guidance. Elsewhere (CLI, a local
 * `uses: ./`) guidance keeps the repository-relative path.
 */
export function guidanceLinkBase(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const repo = env.GITHUB_ACTION_REPOSITORY;
  const ref = env.GITHUB_ACTION_REF;
  if (!repo || !ref || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return undefined;
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return `${server}/${repo}/blob/${ref.split("/").map(encodeURIComponent).join("/")}`;
}

export async function loadKnowledgeBase(config: Config, log: Logger): Promise<KnowledgeBase | undefined> {
  const dir = findKnowledgeDir();
  if (!dir) throw new Error(`knowledge files not found (looked in ${knowledgeDirCandidates().join(', ')}); run npm run knowledge:build`);
  const store = storeFor(dir);
  store.linkBase = guidanceLinkBase();
  const notices: Notice[] = [];
  let provider: ProviderStore | undefined;
  if (config.embeddings !== 'offline') {
    const r = loadProviderStore(dir, store, config);
    if ('reason' in r) {
      notices.push({ level: 'warning', source: 'knowledge', message: `${config.embeddings} embeddings not used (${r.reason}); using the offline model` });
      log.warn(`knowledge: ${config.embeddings} embeddings not used (${r.reason}); using the offline model`);
    } else provider = r;
  }
  log.debug(`knowledge: ${store.entries.length} entries, ${store.chunks.length} chunks from ${dir}`);
  return makeKnowledgeBase(store, config.knowledgeThreshold, provider, notices);
}

/** Attach guidance to findings and produce quality/ notes for hunks that strongly match a known bad example. */
export function enrichFindings(
  kb: KnowledgeBase | undefined,
  findings: Finding[],
  files: AnalyzedFile[],
  config: Config,
): { findings: Finding[]; notes: Finding[] } {
  if (!kb) return { findings, notes: [] };
  const store = (kb as Partial<{ store: KnowledgeStore }>).store;
  if (!store) {
    // A foreign KnowledgeBase (tests, other callers): guidance by rule only.
    return { findings: findings.map((f) => (f.guidance ? f : { ...f, guidance: kb.guidanceFor(f) })), notes: [] };
  }
  const enriched = attachGuidance(store, findings, files, config.knowledgeThreshold);
  return { findings: enriched, notes: knowledgeMatches(store, enriched, files, config) };
}
