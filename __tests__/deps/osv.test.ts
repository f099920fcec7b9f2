import { afterEach, describe, expect, it } from 'vitest';
import { OsvClient, OsvUnavailable, type OsvQuery } from '../../src/analyzers/deps/osv.js';
import { advisory, startFakeOsv, type FakeOsv } from './fake-osv.js';

let server: FakeOsv | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('OSV client against a fake server', () => {
  it('splits more than 1000 queries into batches and maps answers back to their queries', async () => {
    server = await startFakeOsv({ db: [advisory('GHSA-aaaa-bbbb-cccc', 'npm', 'pkg-1200', ['1.0.0'])] });
    const client = new OsvClient({ baseUrl: server.url });
    const queries: OsvQuery[] = Array.from({ length: 1500 }, (_, i) => ({ ecosystem: 'npm', name: `pkg-${i}`, version: '1.0.0' }));
    const ids = await client.query(queries);
    const batches = server.requests.filter((r) => r.path === '/v1/querybatch');
    expect(batches.map((r) => r.body!.queries.length)).toEqual([1000, 500]);
    expect(ids[1200]).toEqual(['GHSA-aaaa-bbbb-cccc']);
    expect(ids.filter((x) => x.length > 0)).toHaveLength(1);
    // Answers are cached for the run: asking again sends nothing.
    await client.query(queries.slice(0, 10));
    expect(server.requests).toHaveLength(2);
  });

  it('follows next_page_token for the queries that have more pages, and only those', async () => {
    const db = ['1', '2', '3', '4', '5'].map((n) => advisory(`GHSA-page-000${n}`, 'PyPI', 'django', ['3.2.1']));
    server = await startFakeOsv({ db, pageSize: 2 });
    const client = new OsvClient({ baseUrl: server.url });
    const ids = await client.query([
      { ecosystem: 'PyPI', name: 'django', version: '3.2.1' },
      { ecosystem: 'PyPI', name: 'flask', version: '2.0.0' },
    ]);
    expect(ids[0]!.sort()).toEqual(db.map((v) => v.id));
    expect(ids[1]).toEqual([]);
    const bodies = server.requests.map((r) => r.body!.queries);
    expect(bodies.map((q) => q.length)).toEqual([2, 1, 1]);
    expect(bodies[1]![0]).toMatchObject({ package: { name: 'django', ecosystem: 'PyPI' }, version: '3.2.1', page_token: '2' });
    expect(bodies[2]![0]!.page_token).toBe('4');
  });

  it('fetches advisory details once per id with bounded concurrency', async () => {
    const db = Array.from({ length: 20 }, (_, i) => advisory(`GHSA-det-${String(i).padStart(4, '0')}`, 'npm', 'x', ['1.0.0']));
    server = await startFakeOsv({ db, delayMs: 20 });
    const client = new OsvClient({ baseUrl: server.url, concurrency: 4 });
    const ids = db.map((v) => v.id);
    const got = await client.vulns([...ids, ...ids]);
    expect(got.size).toBe(20);
    expect(got.get('GHSA-det-0003')?.summary).toContain('GHSA-det-0003');
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    expect(server.maxInFlight).toBeGreaterThan(1);
    await client.vulns(ids.slice(0, 5));
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(20);
    // An unknown id is simply missing (404), not an error.
    expect((await client.vulns(['GHSA-none'])).size).toBe(0);
  });

  it('retries a 5xx once and recovers', async () => {
    server = await startFakeOsv({ db: [advisory('GHSA-retry-0001', 'npm', 'a', ['1.0.0'])], failFirst: { count: 1, status: 503 } });
    const client = new OsvClient({ baseUrl: server.url, retryDelayMs: 10 });
    const ids = await client.query([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }]);
    expect(ids).toEqual([['GHSA-retry-0001']]);
    expect(client.stats.retries).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after the retry when 5xx persists', async () => {
    server = await startFakeOsv({ failFirst: { count: 100, status: 502 } });
    const client = new OsvClient({ baseUrl: server.url, retryDelayMs: 10 });
    const err = await client.query([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OsvUnavailable);
    expect((err as Error).message).toContain('HTTP 502');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 4xx', async () => {
    server = await startFakeOsv({ failFirst: { count: 100, status: 400 } });
    const client = new OsvClient({ baseUrl: server.url, retryDelayMs: 10 });
    await expect(client.query([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }])).rejects.toThrow('HTTP 400');
    expect(server.requests).toHaveLength(1);
  });

  it('times out a slow server (and its retry)', async () => {
    server = await startFakeOsv({ delayMs: 1000 });
    const client = new OsvClient({ baseUrl: server.url, timeoutMs: 60, retryDelayMs: 10 });
    const started = performance.now();
    const err = await client.query([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OsvUnavailable);
    expect((err as Error).message).toContain('timed out');
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('reports an unreachable host as unavailable', async () => {
    const dead = await startFakeOsv();
    const url = dead.url;
    await dead.close();
    const client = new OsvClient({ baseUrl: url, retryDelayMs: 10, timeoutMs: 1000 });
    await expect(client.query([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }])).rejects.toBeInstanceOf(OsvUnavailable);
  });
});
