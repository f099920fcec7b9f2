/**
 * Fake embedding providers on 127.0.0.1 speaking the wire formats the real SDKs use:
 * OpenAI  POST /v1/embeddings                                  (SDK baseURL = url + '/v1')
 * Gemini  POST /v1beta/models/{model}:batchEmbedContents        (what @google/genai's models.embedContent calls
 *         for one or several contents on the Gemini Developer API) and :embedContent (single content)
 * Vectors are deterministic and meaningful: a signed hashed bag of the knowledge tokenizer's terms, at the
 * requested dimension, L2-normalised, so texts sharing terms are close. Every request is recorded.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenize } from '../../src/knowledge/tokenize.js';

export type EmbeddingsKind = 'openai' | 'gemini';

export interface EmbeddingRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The texts of this request, in order. */
  texts: string[];
  /** Requested dimension (dimensions / outputDimensionality), if any. */
  dim?: number;
  model?: string;
  /** Gemini taskType of the request (RETRIEVAL_QUERY / RETRIEVAL_DOCUMENT), if any. */
  taskType?: string;
}

export interface FakeEmbeddingsOptions {
  /** Answer every request with this HTTP status and a provider-shaped error (e.g. 401, 500). */
  failStatus?: number;
  /** Only fail requests whose 1-based number is in this set (default: all when failStatus is set). */
  failOn?: ReadonlySet<number>;
  /** Return vectors of this dimension whatever was asked (a misconfigured model). */
  forceDim?: number;
  /** Dimension when the request names none. */
  defaultDim?: number;
}

export interface FakeEmbeddings {
  kind: EmbeddingsKind;
  url: string;
  /** What to pass as the SDK base URL (OpenAI: url/v1; Gemini: url). */
  baseUrl: string;
  requests: EmbeddingRequest[];
  /** Every text embedded so far, in request order. */
  texts(): string[];
  /** Change the behaviour of later requests. */
  set(opts: FakeEmbeddingsOptions): void;
  close(): Promise<void>;
}

const memo = new Map<string, number[]>();

/** The fake model: signed feature hashing of tokenizer terms (log-scaled counts), unit length. Memoised: tests rebuild the same texts. */
export function fakeVector(text: string, dim: number): number[] {
  const key = `${dim}\0${text}`;
  let v = memo.get(key);
  if (!v) memo.set(key, (v = computeVector(text, dim)));
  return v;
}

function computeVector(text: string, dim: number): number[] {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const v = new Float64Array(dim);
  for (const [t, n] of counts) {
    const h = createHash('sha1').update(t).digest();
    const bucket = h.readUInt32LE(0) % dim;
    const sign = h[4]! & 1 ? 1 : -1;
    v[bucket]! += sign * (1 + Math.log(n));
  }
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s) || 1;
  // Round like a JSON API would (and keep the answer small).
  return Array.from(v, (x) => Math.round((x / norm) * 1e6) / 1e6);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

interface GeminiPart {
  text?: string;
}
interface GeminiRequest {
  model?: string;
  content?: { parts?: GeminiPart[] };
  outputDimensionality?: number;
  taskType?: string;
}

function parse(kind: EmbeddingsKind, path: string, body: Record<string, unknown>): Omit<EmbeddingRequest, 'path' | 'headers'> | undefined {
  if (kind === 'openai') {
    if (path !== '/v1/embeddings') return undefined;
    const input = body.input;
    const texts = Array.isArray(input) ? input.map(String) : [String(input)];
    return { texts, dim: typeof body.dimensions === 'number' ? body.dimensions : undefined, model: String(body.model) };
  }
  const m = /^\/v1beta\/models\/([^:/]+):(batchEmbedContents|embedContent)$/.exec(path.split('?')[0]!);
  if (!m) return undefined;
  const reqs: GeminiRequest[] = m[2] === 'batchEmbedContents' ? ((body.requests as GeminiRequest[] | undefined) ?? []) : [body as GeminiRequest];
  const texts = reqs.map((r) => (r.content?.parts ?? []).map((p) => p.text ?? '').join(''));
  return { texts, dim: reqs[0]?.outputDimensionality, model: m[1], taskType: reqs[0]?.taskType };
}

export async function startFakeEmbeddings(kind: EmbeddingsKind, initial: FakeEmbeddingsOptions = {}): Promise<FakeEmbeddings> {
  let opts = initial;
  const requests: EmbeddingRequest[] = [];
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string) =>
    kind === 'openai'
      ? send(res, status, { error: { message, type: status === 401 ? 'invalid_request_error' : 'server_error', code: status === 401 ? 'invalid_api_key' : null } }, { 'retry-after-ms': '5' })
      : send(res, status, { error: { code: status, message, status: status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL' } });

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = req.url ?? '';
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return error(res, 400, 'body is not JSON');
      }
      const parsed = parse(kind, path, body);
      if (!parsed) return error(res, 404, `no such endpoint: ${req.method} ${path}`);
      requests.push({ path, headers: req.headers, ...parsed });
      const n = requests.length;
      if (opts.failStatus && (!opts.failOn || opts.failOn.has(n))) {
        return error(res, opts.failStatus, opts.failStatus === 401 ? 'Incorrect API key provided' : 'The server had an error while processing your request');
      }
      const dim = opts.forceDim ?? parsed.dim ?? opts.defaultDim ?? 256;
      const vectors = parsed.texts.map((t) => fakeVector(t, dim));
      if (kind === 'openai') {
        send(res, 200, {
          object: 'list',
          // Out of order on purpose: clients must sort by index.
          data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })).reverse(),
          model: parsed.model,
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
      } else if (path.includes(':batchEmbedContents')) send(res, 200, { embeddings: vectors.map((values) => ({ values })) });
      else send(res, 200, { embedding: { values: vectors[0] } });
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    kind,
    url,
    baseUrl: kind === 'openai' ? `${url}/v1` : url,
    requests,
    texts: () => requests.flatMap((r) => r.texts),
    set(o) {
      opts = o;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
