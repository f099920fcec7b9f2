/** Error classification: the one table the failover policy acts on. */
import { expect, it } from 'vitest';
import { classify } from '../../src/ai/failover.js';
import { ProviderError, retryAfterFromHeaders } from '../../src/ai/providers/types.js';

const e = (status: number | undefined, message: string, extra: { retryAfterMs?: number; timeout?: boolean; connection?: boolean } = {}) => new ProviderError(message, { status, ...extra });

it('tells rate limits, transient errors, context length, auth and the rest apart', () => {
  expect(classify(e(429, 'slow down', { retryAfterMs: 2000 }))).toMatchObject({ kind: 'rate-limit', retryAfterMs: 2000 });
  for (const s of [500, 502, 503, 504, 529, 408]) expect(classify(e(s, 'x')).kind).toBe('transient');
  expect(classify(e(undefined, 'request timed out', { timeout: true })).kind).toBe('transient');
  expect(classify(e(undefined, 'connect ECONNREFUSED', { connection: true })).kind).toBe('transient');
  for (const m of [
    "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
    'prompt is too long: 210000 tokens > 200000 maximum',
    'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
    'Requested token count exceeds the model context window',
  ]) {
    expect(classify(e(400, m)).kind).toBe('context-length');
  }
  expect(classify(e(413, 'Request too large')).kind).toBe('context-length');
  expect(classify(e(400, "Invalid value for 'max_completion_tokens': must be a positive integer")).kind).toBe('fatal');
  expect(classify(e(401, 'bad key')).kind).toBe('auth');
  expect(classify(e(403, 'forbidden')).kind).toBe('auth');
  expect(classify(e(404, 'model not found')).kind).toBe('fatal');
  expect(classify(new Error('weird')).kind).toBe('fatal');
});

it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms', () => {
  const h = (m: Record<string, string>) => (n: string) => m[n];
  expect(retryAfterFromHeaders(h({ 'retry-after': '7' }))).toBe(7000);
  expect(retryAfterFromHeaders(h({ 'retry-after-ms': '250', 'retry-after': '7' }))).toBe(250);
  expect(retryAfterFromHeaders(h({ 'retry-after': new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString() }), Date.UTC(2030, 0, 1, 0, 0, 0))).toBe(30_000);
  expect(retryAfterFromHeaders(h({}))).toBeUndefined();
  expect(retryAfterFromHeaders(h({ 'retry-after': 'soon' }))).toBeUndefined();
});
