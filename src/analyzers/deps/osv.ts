/**
 * OSV client (https://google.github.io/osv.dev/api/): `POST /v1/querybatch` in batches of ≤ 1000 queries,
 * following each query's `next_page_token`, then `GET /v1/vulns/{id}` for the details, cached for the run and
 * fetched with bounded concurrency. Every request has a timeout; 5xx, 429 and network errors are retried once
 * after a short backoff, then reported as OsvUnavailable so the caller can say so and carry on.
 */
import type { Ecosystem } from './types.js';

export interface OsvQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvVuln {
  id: string;
  summary?: string;
  details?: string;
  aliases?: string[];
  modified?: string;
  /** Set when the advisory was retracted: not a vulnerability any more. */
  withdrawn?: string;
  severity?: Array<{ type: string; score: string }>;
  affected?: Array<{
    package?: { ecosystem?: string; name?: string; purl?: string };
    ranges?: Array<{ type?: string; events?: OsvEvent[] }>;
    versions?: string[];
    severity?: Array<{ type: string; score: string }>;
    database_specific?: Record<string, unknown>;
  }>;
  references?: Array<{ type?: string; url?: string }>;
  database_specific?: { severity?: string; cwe_ids?: string[]; [k: string]: unknown };
}

export class OsvUnavailable extends Error {
  override name = 'OsvUnavailable';
}

export interface OsvClientOptions {
  baseUrl: string;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Backoff before the single retry. Default 500 ms. */
  retryDelayMs?: number;
  /** Parallel GET /v1/vulns requests. Default 8. */
  concurrency?: number;
  /** Queries per querybatch request (the API's limit is 1000). */
  batchSize?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const describe = (e: unknown) => (e instanceof Error ? (e.name === 'TimeoutError' ? 'timed out' : e.message) : String(e));

export class OsvClient {
  readonly stats = { querybatchRequests: 0, vulnRequests: 0, retries: 0, queries: 0 };
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly vulnCache = new Map<string, Promise<OsvVuln | undefined>>();
  private readonly queryCache = new Map<string, string[]>();

  constructor(opts: OsvClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.retryDelayMs = opts.retryDelayMs ?? 500;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.batchSize = Math.min(1000, Math.max(1, opts.batchSize ?? 1000));
  }

  private async request<T>(path: string, init?: { body: unknown }): Promise<T> {
    const url = `${this.base}${path}`;
    let last = '';
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await sleep(this.retryDelayMs);
      }
      try {
        const res = await fetch(url, {
          method: init ? 'POST' : 'GET',
          headers: init ? { 'content-type': 'application/json' } : undefined,
          body: init ? JSON.stringify(init.body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (res.ok) return (await res.json()) as T;
        await res.body?.cancel();
        last = `HTTP ${res.status} from ${path}`;
        if (res.status < 500 && res.status !== 429) throw new OsvUnavailable(last);
      } catch (e) {
        if (e instanceof OsvUnavailable) throw e;
        last = `${path}: ${describe(e)}`;
      }
    }
    throw new OsvUnavailable(last);
  }

  /** Advisory ids affecting each query's package version, in input order (answers cached for the run). */
  async query(queries: OsvQuery[]): Promise<string[][]> {
    const key = (q: OsvQuery) => `${q.ecosystem}\u0000${q.name}\u0000${q.version}`;
    const todo = [...new Map(queries.filter((q) => !this.queryCache.has(key(q))).map((q) => [key(q), q])).values()];
    for (let i = 0; i < todo.length; i += this.batchSize) {
      const batch = todo.slice(i, i + this.batchSize);
      const ids = batch.map(() => new Set<string>());
      // Queries still paginating: index in batch → page token.
      let pending = batch.map((_, j) => ({ j, token: undefined as string | undefined }));
      while (pending.length > 0) {
        this.stats.querybatchRequests++;
        const body = {
          queries: pending.map(({ j, token }) => ({ package: { name: batch[j]!.name, ecosystem: batch[j]!.ecosystem }, version: batch[j]!.version, ...(token ? { page_token: token } : {}) })),
        };
        const res = await this.request<{ results?: Array<{ vulns?: Array<{ id: string }>; next_page_token?: string }> }>('/v1/querybatch', { body });
        const results = res.results ?? [];
        if (results.length !== pending.length) throw new OsvUnavailable(`querybatch answered ${results.length} results for ${pending.length} queries`);
        const next: typeof pending = [];
        results.forEach((r, k) => {
          const { j } = pending[k]!;
          for (const v of r.vulns ?? []) if (v?.id) ids[j]!.add(v.id);
          if (r.next_page_token) next.push({ j, token: r.next_page_token });
        });
        pending = next;
      }
      this.stats.queries += batch.length;
      batch.forEach((q, j) => this.queryCache.set(key(q), [...ids[j]!]));
    }
    return queries.map((q) => this.queryCache.get(key(q)) ?? []);
  }

  /** Full advisory records; ids whose record could not be fetched are missing from the map. */
  async vulns(ids: string[]): Promise<Map<string, OsvVuln>> {
    const unique = [...new Set(ids)];
    const out = new Map<string, OsvVuln>();
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const id = unique[next++]!;
        let p = this.vulnCache.get(id);
        if (!p) {
          this.stats.vulnRequests++;
          p = this.request<OsvVuln>(`/v1/vulns/${encodeURIComponent(id)}`).catch(() => undefined);
          this.vulnCache.set(id, p);
        }
        const v = await p;
        if (v) out.set(id, v);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, unique.length) }, worker));
    return out;
  }
}
