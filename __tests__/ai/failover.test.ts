/**
 * Failover through the real SDKs against fake servers: 429 + Retry-After, 5xx with backoff, timeouts,
 * auth errors, malformed and truncated output, context-length re-packing, circuit breaker, all down.
 */
import { afterEach, expect, it } from 'vitest';
import { runAiReview, type AiInput } from '../../src/ai/index.js';
import type { Config } from '../../src/config/types.js';
import { startFakeLlm, reviewAnswer, type FakeLlm, type LlmKind, type Script } from '../helpers/fake-llm.js';
import { addedFile, aiConfig, change, quietLog, sampleFile } from './fixtures.js';

const servers: FakeLlm[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const GOOD = reviewAnswer([{ file: 'app/calc.py', startLine: 7, message: 'Off by one in the loop bound.', confidence: 0.9 }]);

/** Start one fake per entry and a config whose chain lists them in that order. */
async function chain(entries: Array<[LlmKind, Script]>, overrides: Partial<Config> = {}, raw: Record<string, unknown> = {}) {
  const s: Partial<Record<LlmKind, FakeLlm>> = {};
  const cfg: Partial<Config> = { aiProviders: [] };
  for (const [kind, script] of entries) {
    const server = await startFakeLlm(kind, script);
    servers.push(server);
    s[kind] = server;
    cfg.aiProviders!.push(`${kind}:${{ openai: 'gpt-4.1-mini', gemini: 'gemini-2.5-flash', anthropic: 'claude-sonnet-4-6' }[kind]}`);
    if (kind === 'openai') Object.assign(cfg, { openaiApiKey: 'sk-o', openaiBaseUrl: server.baseUrl });
    if (kind === 'gemini') Object.assign(cfg, { geminiApiKey: 'g-key', geminiBaseUrl: server.baseUrl });
    if (kind === 'anthropic') Object.assign(cfg, { anthropicApiKey: 'a-key', anthropicBaseUrl: server.baseUrl });
  }
  return { s, config: aiConfig({ ...cfg, ...overrides }, raw) };
}

const review = (config: Config, extra: Partial<AiInput> = {}) => runAiReview({ files: [sampleFile()], findings: [], change: change(), config, log: quietLog(), ...extra });
const providersUsed = (out: Awaited<ReturnType<typeof review>>) => out.usage.map((u) => u.provider);
const messages = (out: Awaited<ReturnType<typeof review>>) => out.notices.map((n) => n.message).join('\n');

it('429: honours Retry-After, retries the same provider once and uses it', async () => {
  const { s, config } = await chain([
    ['openai', [{ status: 429, headers: { 'retry-after': '1' } }, { answer: GOOD }]],
    ['gemini', [{ answer: GOOD }]],
  ]);
  const t0 = Date.now();
  const out = await review(config);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  expect(s.openai!.requests).toHaveLength(2);
  expect(s.gemini!.requests).toHaveLength(0);
  expect(providersUsed(out)).toEqual(['openai']);
  expect(out.findings.map((f) => f.ruleId)).toEqual(['ai/bug']);
});

it('429 again after the wait (or a Retry-After beyond the bound): next provider', async () => {
  const { s, config } = await chain([
    ['openai', [{ status: 429, headers: { 'retry-after-ms': '20' } }]],
    ['gemini', [{ status: 429, headers: { 'retry-after': '3600' } }]],
    ['anthropic', [{ answer: GOOD }]],
  ]);
  const t0 = Date.now();
  const out = await review(config);
  expect(Date.now() - t0).toBeLessThan(20_000); // the hour-long Retry-After was not waited for
  expect(s.openai!.requests).toHaveLength(2);
  expect(s.gemini!.requests).toHaveLength(1);
  expect(providersUsed(out)).toEqual(['anthropic']);
  expect(out.skippedReason).toBeUndefined();
});

it('5xx: retried with backoff on the same provider, then served', async () => {
  const { s, config } = await chain([
    ['gemini', [{ status: 503 }, { status: 500 }, { answer: GOOD }]],
    ['openai', [{ answer: GOOD }]],
  ]);
  const out = await review(config);
  expect(s.gemini!.requests).toHaveLength(3);
  expect(s.openai!.requests).toHaveLength(0);
  expect(providersUsed(out)).toEqual(['gemini']);
});

it('5xx that persists: next provider, and the circuit breaker keeps the dead one out of later parts', async () => {
  const files = [addedFile('src/a.py', 'python', 'def a():\n    return 1\n'.repeat(60)), addedFile('src/b.py', 'python', 'def b():\n    return 2\n'.repeat(60))];
  const { s, config } = await chain(
    [
      ['openai', [{ status: 500 }]],
      ['anthropic', (req) => ({ answer: reviewAnswer([{ file: String(req.body).includes('src/a.py') ? 'src/a.py' : 'src/b.py', startLine: 2 }]) })],
    ],
    {},
    { 'ai-max-input-tokens': 2000, 'ai-concurrency': 1 },
  );
  const out = await runAiReview({ files, findings: [], change: change(), config, log: quietLog() });
  expect(s.anthropic!.requests.length).toBeGreaterThanOrEqual(2); // several parts
  expect(s.openai!.requests).toHaveLength(3); // 3 attempts, then the circuit opened: never called again
  expect(messages(out)).toMatch(/openai:gpt-4.1-mini: circuit open after 3 consecutive failures/);
  expect(providersUsed(out)).toEqual(['anthropic']);
  expect(out.files.reviewed).toEqual(['src/a.py', 'src/b.py']);
});

it('timeouts count as transient: retried, then the next provider', async () => {
  const { s, config } = await chain(
    [
      ['anthropic', [{ delayMs: 1500, answer: GOOD }]],
      ['openai', [{ answer: GOOD }]],
    ],
    { aiTimeoutMs: 200 },
    { 'ai-circuit-breaker': 10 },
  );
  const out = await review(config);
  expect(s.anthropic!.requests).toHaveLength(3);
  expect(providersUsed(out)).toEqual(['openai']);
  expect(out.findings).toHaveLength(1);
});

it('gemini timeouts go through the SDK per-request timeout and fail over too', async () => {
  const { s, config } = await chain(
    [
      ['gemini', [{ delayMs: 1500, answer: GOOD }]],
      ['anthropic', [{ answer: GOOD }]],
    ],
    { aiTimeoutMs: 200 },
    { 'ai-circuit-breaker': 10 },
  );
  const t0 = Date.now();
  const out = await review(config);
  expect(Date.now() - t0).toBeLessThan(4000); // 3 × 200 ms timeouts, not 3 × 1.5 s answers
  expect(s.gemini!.requests).toHaveLength(3);
  expect(providersUsed(out)).toEqual(['anthropic']);
});

it('401: provider skipped for the run with a clear notice, no retry', async () => {
  const { s, config } = await chain([
    ['openai', [{ status: 401, message: 'Incorrect API key provided' }]],
    ['gemini', [{ answer: GOOD }]],
  ]);
  const out = await review(config);
  expect(s.openai!.requests).toHaveLength(1);
  expect(providersUsed(out)).toEqual(['gemini']);
  expect(messages(out)).toMatch(/openai:gpt-4.1-mini: authentication failed \(HTTP 401\); check the API key/);
});

it('malformed JSON: one retry on the same provider, then the next provider', async () => {
  const { s, config } = await chain([
    ['openai', [{ answer: 'Sure! Here is my review: the code looks fine' }]],
    ['anthropic', [{ answer: GOOD }]],
  ]);
  const out = await review(config);
  expect(s.openai!.requests).toHaveLength(2);
  expect(s.anthropic!.requests).toHaveLength(1);
  expect(out.findings).toHaveLength(1);
  expect(out.findings[0]!.properties?.provider).toBe('anthropic:claude-sonnet-4-6');
  expect(messages(out)).toMatch(/not valid review JSON/);
});

it('malformed once, fine on the retry; JSON inside prose or fences is salvaged', async () => {
  const { s, config } = await chain([['gemini', [{ answer: '{"summary": oops' }, { answer: `Here you go:\n\`\`\`json\n${GOOD}\n\`\`\`` }]]]);
  const out = await review(config);
  expect(s.gemini!.requests).toHaveLength(2);
  expect(out.findings).toHaveLength(1);
});

it('truncated output: complete comments are kept and the cut-off one dropped', async () => {
  const full = reviewAnswer([
    { file: 'app/calc.py', startLine: 7, message: 'Off by one.', confidence: 0.9 },
    { file: 'app/calc.py', startLine: 8, message: 'Index error when items is empty and the loop runs once more than it should.', confidence: 0.7 },
  ]);
  const cut = full.slice(0, full.indexOf('Index error') + 10);
  const { config } = await chain([['openai', [{ answer: cut, truncated: true }]]]);
  const out = await review(config);
  expect(out.findings.map((f) => f.location.startLine)).toEqual([7]);
  expect(messages(out)).toMatch(/cut off at the output limit; salvaged 1 complete comment/);
});

it('context-length error: the part is re-packed smaller and every file still reviewed', async () => {
  const files = [addedFile('src/a.py', 'python', 'def a():\n    return 1\n'), addedFile('src/b.py', 'python', 'def b():\n    return 2\n')];
  const { s, config } = await chain([
    [
      'openai',
      (req) =>
        req.body.includes('src/a.py') && req.body.includes('src/b.py')
          ? { status: 400, message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens." }
          : { answer: reviewAnswer([{ file: req.body.includes('src/a.py') ? 'src/a.py' : 'src/b.py', startLine: 2 }]) },
    ],
  ]);
  const out = await runAiReview({ files, findings: [], change: change(), config, log: quietLog() });
  expect(s.openai!.requests).toHaveLength(3);
  expect(messages(out)).toMatch(/re-packed into 2 smaller part/);
  expect(out.files.reviewed).toEqual(['src/a.py', 'src/b.py']);
  expect(out.findings.map((f) => f.location.path).sort()).toEqual(['src/a.py', 'src/b.py']);
});

it('every provider down: skipped with each provider\'s reason, no findings, state kept', async () => {
  const { config } = await chain(
    [
      ['openai', [{ status: 500 }]],
      ['gemini', [{ status: 429, headers: { 'retry-after': '9999' } }]],
      ['anthropic', [{ status: 403, message: 'API key not valid' }]],
    ],
    {},
    { 'ai-circuit-breaker': 10 },
  );
  const prev = { reviewedSha: 'a'.repeat(40), hunkHashes: ['0123456789ab'] };
  const out = await review(config, { previousState: prev });
  expect(out.findings).toEqual([]);
  expect(out.skippedReason).toMatch(/every AI provider failed/);
  expect(out.skippedReason).toMatch(/openai:gpt-4.1-mini: server error \(HTTP 500\)/);
  expect(out.skippedReason).toMatch(/gemini:gemini-2.5-flash: rate limited \(HTTP 429, Retry-After 9999s\)/);
  expect(out.skippedReason).toMatch(/anthropic:claude-sonnet-4-6: authentication failed \(HTTP 403\)/);
  expect(out.state).toEqual(prev);
  expect(out.files.skipped).toContainEqual({ path: 'app/calc.py', reason: expect.stringMatching(/HTTP 500/) });
});

it('fork PR without keys: skipped with a visible reason; no key at all on a normal PR names the variables', async () => {
  const fork = await runAiReview({ files: [sampleFile()], findings: [], change: change({ isFork: true }), config: aiConfig({ aiProviders: ['openai:gpt-4.1-mini'] }), log: quietLog() });
  expect(fork.skippedReason).toBe('fork PR: no secrets available');
  const nokey = await runAiReview({ files: [sampleFile()], findings: [], change: change(), config: aiConfig({ aiProviders: ['gemini:gemini-2.5-flash'] }), log: quietLog() });
  expect(nokey.skippedReason).toMatch(/no API key .*GEMINI_API_KEY/);
});

it('token budget: parts beyond the budget are not sent and their files are listed as skipped', async () => {
  const files = Array.from({ length: 10 }, (_, i) => addedFile(`src/m${i}.py`, 'python', `def f${i}(x):\n    return x * ${i}\n`.repeat(40)));
  const { s, config } = await chain([['openai', (req) => ({ answer: reviewAnswer([]), usage: { in: Math.ceil(req.body.length / 4), out: 100 } })]], { aiTokenBudget: 12_000 }, { 'ai-max-input-tokens': 2000, 'ai-max-output-tokens': 500 });
  const out = await runAiReview({ files, findings: [], change: change(), config, log: quietLog() });
  const used = out.usage.reduce((n, u) => n + u.tokensIn + u.tokensOut, 0);
  expect(used).toBeLessThanOrEqual(12_000);
  expect(s.openai!.requests.length).toBeGreaterThan(0);
  expect(out.files.skipped.some((f) => /budget/.test(f.reason))).toBe(true);
  expect(out.files.reviewed.length + out.files.clipped.length).toBeGreaterThan(0);
  expect(messages(out)).toMatch(/budget reached/);
});

it('cost budget: stops when the estimated cost would pass ai-cost-budget', async () => {
  const { s, config } = await chain([['openai', [{ answer: GOOD }]]], { aiCostBudget: 0.000001 });
  const out = await review(config);
  expect(s.openai!.requests).toHaveLength(0);
  expect(out.skippedReason).toMatch(/budget/);
});

it('parts run in parallel (ai-concurrency) and merge in part order: same findings as one at a time', async () => {
  const files = Array.from({ length: 4 }, (_, i) => addedFile(`src/p${i}.py`, 'python', `def p${i}(x):\n    return x + ${i}\n`.repeat(30)));
  const script = (delay: number): Script => (req) => {
    const path = /### (src\/p\d\.py)/.exec(req.body)![1]!;
    return { delayMs: path === 'src/p0.py' ? delay * 2 : delay, answer: reviewAnswer([{ file: path, startLine: 2, message: `about ${path}`, confidence: 0.5 }], { overview: `Part ${path}.` }) };
  };
  const runWith = async (concurrency: number) => {
    const { s, config } = await chain([['openai', script(250)]], { aiMaxComments: 10 }, { 'ai-max-input-tokens': 1600, 'ai-concurrency': concurrency });
    const t0 = Date.now();
    const out = await runAiReview({ files, findings: [], change: change(), config, log: quietLog() });
    return { out, ms: Date.now() - t0, calls: s.openai!.requests.length };
  };
  const serial = await runWith(1);
  const parallel = await runWith(4);
  expect(serial.calls).toBe(4);
  expect(parallel.calls).toBe(4);
  expect(parallel.ms).toBeLessThan(serial.ms - 300);
  expect(parallel.out.findings).toEqual(serial.out.findings);
  expect(parallel.out.summary).toBe(serial.out.summary);
  expect(parallel.out.findings.map((f) => f.location.path)).toEqual(['src/p0.py', 'src/p1.py', 'src/p2.py', 'src/p3.py']);
});
