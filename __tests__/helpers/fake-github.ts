/**
 * A small fake of the GitHub REST API on 127.0.0.1 for end-to-end tests: it keeps review comments, issue comments,
 * check runs and SARIF uploads in memory, records every request, and can play a read-only token (403 on writes).
 * GraphQL: it answers the pull request reviewThreads query (paginated, `first`/`after`) and records
 * resolveReviewThread mutations; any other GraphQL document gets `{ data: {} }`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface ReviewComment {
  id: number;
  path: string;
  line?: number;
  start_line?: number;
  side?: string;
  body: string;
  commit_id?: string;
  user: { login: string; type: string };
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  reviewComments: ReviewComment[];
  issueComments: Array<{ id: number; body: string; user: { login: string; type: string } }>;
  sarifUploads: Array<Record<string, unknown>>;
  checkRuns: Array<{ id: number; create: Record<string, unknown>; updates: Array<Record<string, unknown>> }>;
  /** One thread per top-level review comment posted through the API; tests may add more (e.g. a human's). */
  reviewThreads: ReviewThread[];
  /** Thread ids, in the order resolveReviewThread mutations named them. */
  resolvedThreads: string[];
  /** 'readonly' answers 403 to every write; 'ok' behaves. */
  mode: 'ok' | 'readonly';
  /** Optional extra routes: return undefined to fall through. */
  extra?: (req: RecordedRequest) => { status: number; body: unknown; headers?: Record<string, string> } | undefined;
  close(): Promise<void>;
}

export interface ReviewThread {
  id: string;
  isResolved: boolean;
  /** Database ids of the thread's comments, the first one first. */
  commentIds: number[];
}

const BOT = { login: 'github-actions[bot]', type: 'Bot' };

export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: FakeGitHub = {
    url: '',
    requests: [],
    reviewComments: [],
    issueComments: [],
    sarifUploads: [],
    checkRuns: [],
    reviewThreads: [],
    resolvedThreads: [],
    mode: 'ok',
    close: async () => {},
  };

  const handle = (req: RecordedRequest): { status: number; body: unknown; headers?: Record<string, string> } => {
    const extra = state.extra?.(req);
    if (extra) return extra;
    const { method, path } = req;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (method !== 'GET' && state.mode === 'readonly') {
      return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' } };
    }
    let m: RegExpMatchArray | null;
    if (method === 'POST' && /\/check-runs$/.test(path)) {
      const id = nextId++;
      state.checkRuns.push({ id, create: body, updates: [] });
      return { status: 201, body: { id, html_url: `https://github.com/checks/${id}` } };
    }
    if (method === 'PATCH' && (m = path.match(/\/check-runs\/(\d+)$/))) {
      const run = state.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return { status: 404, body: { message: 'Not Found' } };
      run.updates.push(body);
      return { status: 200, body: { id: run.id } };
    }
    if (method === 'GET' && /\/pulls\/\d+\/comments$/.test(path)) return page(req, state.reviewComments, state.url);
    if (method === 'POST' && /\/pulls\/\d+\/reviews$/.test(path)) {
      const comments = (body.comments as Array<Record<string, unknown>> | undefined) ?? [];
      for (const c of comments) {
        const id = nextId++;
        state.reviewComments.push({ id, path: String(c.path), line: c.line as number, start_line: c.start_line as number | undefined, side: c.side as string, body: String(c.body), commit_id: body.commit_id as string, user: BOT });
        state.reviewThreads.push({ id: `PRRT_${id}`, isResolved: false, commentIds: [id] });
      }
      return { status: 200, body: { id: nextId++, state: 'COMMENTED' } };
    }
    if (method === 'POST' && (m = path.match(/\/pulls\/\d+\/comments$/))) {
      const c = { id: nextId++, path: String(body.path), line: body.line as number, side: body.side as string, body: String(body.body), commit_id: body.commit_id as string, user: BOT };
      state.reviewComments.push(c);
      state.reviewThreads.push({ id: `PRRT_${c.id}`, isResolved: false, commentIds: [c.id] });
      return { status: 201, body: c };
    }
    if ((m = path.match(/\/pulls\/comments\/(\d+)$/))) {
      const c = state.reviewComments.find((x) => x.id === Number(m![1]));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      if (method === 'PATCH') c.body = String(body.body);
      if (method === 'DELETE') state.reviewComments.splice(state.reviewComments.indexOf(c), 1);
      return { status: method === 'DELETE' ? 204 : 200, body: c };
    }
    if (method === 'POST' && /\/pulls\/comments\/\d+\/replies$/.test(path)) return { status: 201, body: { id: nextId++ } };
    if (method === 'GET' && /\/issues\/\d+\/comments$/.test(path)) return page(req, state.issueComments, state.url);
    if (method === 'POST' && /\/issues\/\d+\/comments$/.test(path)) {
      const c = { id: nextId++, body: String(body.body), user: BOT };
      state.issueComments.push(c);
      return { status: 201, body: c };
    }
    if ((m = path.match(/\/issues\/comments\/(\d+)$/))) {
      const c = state.issueComments.find((x) => x.id === Number(m![1]));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      if (method === 'PATCH') c.body = String(body.body);
      return { status: 200, body: c };
    }
    if (method === 'POST' && /\/code-scanning\/sarifs$/.test(path)) {
      state.sarifUploads.push(body);
      return { status: 202, body: { id: `sarif-${nextId++}`, url: 'https://api.github.com/sarif' } };
    }
    if (method === 'GET' && /\/commits\/[^/]+\/check-runs$/.test(path)) {
      const ref = decodeURIComponent(path.split('/').at(-2)!);
      const name = req.query.get('check_name');
      const runs = state.checkRuns
        .map((r) => ({ id: r.id, name: r.create.name, head_sha: r.create.head_sha, external_id: r.create.external_id ?? null, status: r.create.status ?? 'queued', app: { id: 15368, slug: 'github-actions' } }))
        .filter((r) => r.head_sha === ref && (name === null || r.name === name));
      return { status: 200, body: { total_count: runs.length, check_runs: runs } };
    }
    if (method === 'GET' && (m = path.match(/\/check-runs\/(\d+)\/annotations$/))) {
      const run = state.checkRuns.find((r) => r.id === Number(m![1]));
      if (!run) return { status: 404, body: { message: 'Not Found' } };
      // The API appends the annotations of every create/update call.
      const all = [run.create, ...run.updates].flatMap((b) => ((b.output as { annotations?: unknown[] } | undefined)?.annotations ?? []) as unknown[]);
      return page(req, all, state.url);
    }
    if (method === 'POST' && path === '/graphql') return graphql(state, body);
    return { status: 404, body: { message: `Not Found (fake has no route for ${method} ${path})` } };
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep raw text */
      }
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body };
      state.requests.push(rec);
      const out = handle(rec);
      res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(out.status === 204 ? undefined : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

/** The two GraphQL documents the review sink sends; anything else gets an empty answer. */
function graphql(state: FakeGitHub, body: Record<string, unknown>): { status: number; body: unknown } {
  const query = String(body.query ?? '');
  const vars = (body.variables ?? {}) as Record<string, unknown>;
  if (/resolveReviewThread/.test(query)) {
    const id = String(vars.threadId);
    const t = state.reviewThreads.find((x) => x.id === id);
    if (!t) return { status: 200, body: { data: { resolveReviewThread: null }, errors: [{ type: 'NOT_FOUND', path: ['resolveReviewThread'], message: `Could not resolve to a node with the global id of '${id}'` }] } };
    t.isResolved = true;
    state.resolvedThreads.push(id);
    return { status: 200, body: { data: { resolveReviewThread: { thread: { id, isResolved: true } } } } };
  }
  if (/reviewThreads/.test(query)) {
    const first = Math.min(100, Number(/reviewThreads\(first:\s*(\d+)/.exec(query)?.[1] ?? vars.first ?? 100));
    const start = typeof vars.after === 'string' ? Number(vars.after) : 0;
    const slice = state.reviewThreads.slice(start, start + first);
    const end = start + slice.length;
    const nodes = slice.map((t) => ({ id: t.id, isResolved: t.isResolved, comments: { nodes: t.commentIds.slice(0, 1).map((databaseId) => ({ databaseId })) } }));
    const reviewThreads = { pageInfo: { hasNextPage: end < state.reviewThreads.length, endCursor: slice.length ? String(end) : null }, nodes };
    return { status: 200, body: { data: { repository: { pullRequest: { reviewThreads } } } } };
  }
  return { status: 200, body: { data: {} } };
}

function page<T>(req: RecordedRequest, all: T[], base: string): { status: number; body: unknown; headers?: Record<string, string> } {
  const per = Number(req.query.get('per_page') ?? 30);
  const n = Number(req.query.get('page') ?? 1);
  const slice = all.slice((n - 1) * per, n * per);
  const headers: Record<string, string> = {};
  if (n * per < all.length) {
    const next = new URL(`${base}${req.path}`);
    next.searchParams.set('per_page', String(per));
    next.searchParams.set('page', String(n + 1));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  return { status: 200, body: slice, headers };
}
