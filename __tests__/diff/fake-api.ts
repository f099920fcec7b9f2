/**
 * A tiny fake of the few GitHub REST routes the diff stage reads, on 127.0.0.1: pull request files
 * (paginated with Link headers), a pull request, compare, a commit and raw file contents.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFile {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
  additions: number;
  deletions: number;
  changes: number;
}

export interface FakeApi {
  url: string;
  requests: Array<{ path: string; query: URLSearchParams; accept: string }>;
  prFiles: FakeFile[];
  /** null: answer compare with 404 (a force-pushed `before`). */
  compareFiles: FakeFile[] | null;
  commitFiles: FakeFile[];
  pulls: Record<number, unknown>;
  /** `${ref}:${path}` → raw content */
  contents: Map<string, string>;
  close(): Promise<void>;
}

export function file(filename: string, patch: string | undefined, status = 'modified', extra: Partial<FakeFile> = {}): FakeFile {
  const lines = (patch ?? '').split('\n');
  const additions = lines.filter((l) => l.startsWith('+')).length;
  const deletions = lines.filter((l) => l.startsWith('-')).length;
  return { filename, status, patch, additions, deletions, changes: additions + deletions, ...extra };
}

export async function startFakeApi(): Promise<FakeApi> {
  const api: FakeApi = { url: '', requests: [], prFiles: [], compareFiles: [], commitFiles: [], pulls: {}, contents: new Map(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    api.requests.push({ path: url.pathname, query: url.searchParams, accept: String(req.headers.accept ?? '') });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    let m: RegExpMatchArray | null;
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/))) {
      const per = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const headers: Record<string, string> = {};
      if (page * per < api.prFiles.length) {
        const next = new URL(`${api.url}${url.pathname}`);
        next.searchParams.set('per_page', String(per));
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return json(200, api.prFiles.slice((page - 1) * per, page * per), headers);
    }
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/))) {
      const pr = api.pulls[Number(m[1])];
      return pr ? json(200, pr) : json(404, { message: 'Not Found' });
    }
    if (/^\/repos\/[^/]+\/[^/]+\/compare\/[^/]+$/.test(url.pathname)) return api.compareFiles ? json(200, { files: api.compareFiles }) : json(404, { message: 'Not Found' });
    if (/^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+$/.test(url.pathname)) return json(200, { files: api.commitFiles });
    if ((m = url.pathname.match(/^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/))) {
      const key = `${url.searchParams.get('ref')}:${decodeURIComponent(m[1]!)}`;
      const body = api.contents.get(key);
      if (body === undefined) return json(404, { message: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw' });
      return res.end(body);
    }
    json(404, { message: `no route for ${url.pathname}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () => new Promise<void>((r) => server.close(() => r()));
  return api;
}
