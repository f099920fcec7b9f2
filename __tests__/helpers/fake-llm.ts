/**
 * Fake LLM providers on 127.0.0.1 speaking each real wire format the SDKs use:
 * OpenAI  POST {base}/chat/completions                        (base = url + '/v1')
 * Gemini  POST /v1beta/models/{model}:generateContent          (base = url)
 * Anthropic POST /v1/messages                                  (base = url)
 * Each server answers from a script: model text (wrapped in the provider's response shape), HTTP errors
 * with headers (429 + Retry-After), delays longer than the client timeout, or raw bodies. Every request
 * is recorded (path, headers, raw body) so tests can assert what left the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LlmKind = 'openai' | 'gemini' | 'anthropic';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json?: unknown;
}

export interface Reply {
  /** Model output text, wrapped in the provider's success shape. */
  answer?: string;
  /** Mark the answer as cut off at the output limit (finish_reason length / MAX_TOKENS / max_tokens). */
  truncated?: boolean;
  usage?: { in: number; out: number };
  /** An HTTP error in the provider's error shape. */
  status?: number;
  message?: string;
  headers?: Record<string, string>;
  /** Raw body sent as-is (with `status`, default 200). */
  raw?: string;
  /** Wait before answering (longer than the client timeout = a timeout). */
  delayMs?: number;
}

export type Script = Reply[] | ((req: RecordedRequest, n: number) => Reply);

export interface FakeLlm {
  kind: LlmKind;
  url: string;
  /** What to pass as the SDK base URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function successBody(kind: LlmKind, r: Reply, model: string): unknown {
  const text = r.answer ?? '';
  const tin = r.usage?.in ?? 100;
  const tout = r.usage?.out ?? 50;
  if (kind === 'openai') {
    return {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: r.truncated ? 'length' : 'stop', logprobs: null }],
      usage: { prompt_tokens: tin, completion_tokens: tout, total_tokens: tin + tout },
    };
  }
  if (kind === 'gemini') {
    return {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: r.truncated ? 'MAX_TOKENS' : 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: tin, candidatesTokenCount: tout, totalTokenCount: tin + tout },
      modelVersion: model,
    };
  }
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: r.truncated ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: tin, output_tokens: tout },
  };
}

function errorBody(kind: LlmKind, status: number, message: string): unknown {
  if (kind === 'openai') return { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null, param: null } };
  if (kind === 'gemini') return { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status === 401 || status === 403 ? 'PERMISSION_DENIED' : 'INTERNAL' } };
  return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : status === 401 ? 'authentication_error' : 'api_error', message } };
}

function routeModel(kind: LlmKind, method: string, path: string, json: unknown): string | undefined {
  if (method !== 'POST') return undefined;
  if (kind === 'openai' && /\/chat\/completions$/.test(path)) return String((json as { model?: string })?.model ?? '');
  if (kind === 'gemini') {
    const m = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(path);
    return m ? decodeURIComponent(m[1]!) : undefined;
  }
  if (kind === 'anthropic' && path === '/v1/messages') return String((json as { model?: string })?.model ?? '');
  return undefined;
}

export async function startFakeLlm(kind: LlmKind, script: Script): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const pick = (req: RecordedRequest, n: number): Reply => {
    if (typeof script === 'function') return script(req, n);
    return script[Math.min(n, script.length - 1)] ?? { status: 500, message: 'script empty' };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, json };
    const model = routeModel(kind, recorded.method, path, json);
    if (model === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(kind, 404, `no route ${req.method} ${path}`)));
      return;
    }
    const n = requests.length;
    requests.push(recorded);
    const reply = pick(recorded, n);
    if (reply.delayMs) {
      await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed || req.socket.destroyed) return;
    }
    const headers = { 'content-type': 'application/json', ...(reply.headers ?? {}) };
    if (reply.raw !== undefined) {
      res.writeHead(reply.status ?? 200, headers);
      res.end(reply.raw);
    } else if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, headers);
      res.end(JSON.stringify(errorBody(kind, reply.status, reply.message ?? `fake ${kind} error ${reply.status}`)));
    } else {
      res.writeHead(200, headers);
      res.end(JSON.stringify(successBody(kind, reply, model)));
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    kind,
    url,
    baseUrl: kind === 'openai' ? `${url}/v1` : url,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A review answer as a model would write it. */
export function reviewAnswer(
  comments: Array<Partial<{ file: string; startLine: number; endLine: number; severity: string; category: string; message: string; confidence: number; replacement: string }>>,
  summary: { overview?: string; risk?: string; focus?: string[] } = {},
): string {
  return JSON.stringify({
    summary: { overview: summary.overview ?? 'Adds a helper.', risk: summary.risk ?? 'low', focus: summary.focus ?? [] },
    comments: comments.map((c) => ({ severity: 'medium', category: 'bug', confidence: 0.8, message: 'Possible bug.', ...c, endLine: c.endLine ?? c.startLine })),
  });
}
