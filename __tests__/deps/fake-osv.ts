/**
 * A small OSV API double on 127.0.0.1 for the deps tests: `POST /v1/querybatch` matches each query against
 * `db` by ecosystem, name and the affected `versions` list, paginates when a package has more than `pageSize`
 * advisories, and `GET /v1/vulns/{id}` returns the record. Failures and delays are scripted per test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OsvVuln } from '../../src/analyzers/deps/osv.js';

export interface FakeOsvOptions {
  db?: OsvVuln[];
  /** Max advisories per query per page (default: unlimited). */
  pageSize?: number;
  /** Answer the first N requests (any path) with this status. */
  failFirst?: { count: number; status: number };
  /** Delay every answer by this many ms. */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body?: { queries: Array<{ package: { name: string; ecosystem: string }; version: string; page_token?: string }> };
}

export interface FakeOsv {
  url: string;
  requests: RecordedRequest[];
  /** Highest number of requests being answered at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeOsv(opts: FakeOsvOptions = {}): Promise<FakeOsv> {
  const db = opts.db ?? [];
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const matches = (q: { package: { name: string; ecosystem: string }; version: string }) =>
    db.filter((v) => v.affected?.some((a) => a.package?.ecosystem === q.package.ecosystem && a.package?.name === q.package.name && a.versions?.includes(q.version))).map((v) => v.id);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const path = req.url ?? '/';
    const record: RecordedRequest = { method: req.method ?? 'GET', path, body: raw ? JSON.parse(raw) : undefined };
    requests.push(record);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.failFirst && requests.length <= opts.failFirst.count) {
        res.writeHead(opts.failFirst.status, { 'content-type': 'application/json' }).end('{"message":"scripted failure"}');
        return;
      }
      if (req.method === 'POST' && path === '/v1/querybatch') {
        const results = record.body!.queries.map((q) => {
          const ids = matches(q);
          const start = q.page_token ? Number(q.page_token) : 0;
          const end = opts.pageSize ? start + opts.pageSize : ids.length;
          const page = ids.slice(start, end).map((id) => ({ id, modified: '2024-01-01T00:00:00Z' }));
          return { ...(page.length ? { vulns: page } : {}), ...(end < ids.length ? { next_page_token: String(end) } : {}) };
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
        return;
      }
      const m = /^\/v1\/vulns\/(.+)$/.exec(path);
      const vuln = m && req.method === 'GET' ? db.find((v) => v.id === decodeURIComponent(m[1]!)) : undefined;
      if (vuln) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(vuln));
      else res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":5,"message":"Bug not found."}');
    } finally {
      inFlight--;
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OSV record in the shape osv.dev returns (GHSA id, CVE alias, CVSS v3 vector, fixed event, CWE ids). */
export function advisory(id: string, ecosystem: string, name: string, versions: string[], fixed?: string, extra: Partial<OsvVuln> = {}): OsvVuln {
  return {
    id,
    summary: `${name} is vulnerable (${id})`,
    aliases: [`CVE-2024-${id.length}${versions.length}00`],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem, name },
        ranges: [{ type: ecosystem === 'Go' || ecosystem === 'npm' ? 'SEMVER' : 'ECOSYSTEM', events: [{ introduced: '0' }, ...(fixed ? [{ fixed }] : [])] }],
        versions,
      },
    ],
    database_specific: { severity: 'CRITICAL', cwe_ids: ['CWE-1321'] },
    ...extra,
  };
}
