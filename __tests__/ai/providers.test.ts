/** Each provider adapter against its fake server: wire format, usage, truncation flag, errors normalised. */
import { afterEach, describe, expect, it } from 'vitest';
import { runAiReview } from '../../src/ai/index.js';
import { startFakeLlm, reviewAnswer, type FakeLlm, type LlmKind } from '../helpers/fake-llm.js';
import { aiConfig, change, quietLog, sampleFile } from './fixtures.js';

const servers: FakeLlm[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(kind: LlmKind, script: Parameters<typeof startFakeLlm>[1]) {
  const s = await startFakeLlm(kind, script);
  servers.push(s);
  return s;
}

const MODELS: Record<LlmKind, string> = { openai: 'gpt-4.1-mini', gemini: 'gemini-2.5-flash', anthropic: 'claude-sonnet-4-6' };

function configFor(kind: LlmKind, s: FakeLlm) {
  return aiConfig({
    aiProviders: [`${kind}:${MODELS[kind]}`],
    ...(kind === 'openai' ? { openaiApiKey: 'sk-test-openai', openaiBaseUrl: s.baseUrl } : {}),
    ...(kind === 'gemini' ? { geminiApiKey: 'test-gemini-key', geminiBaseUrl: s.baseUrl } : {}),
    ...(kind === 'anthropic' ? { anthropicApiKey: 'test-anthropic-key', anthropicBaseUrl: s.baseUrl } : {}),
  });
}

describe.each(['openai', 'gemini', 'anthropic'] as const)('%s provider', (kind) => {
  it('sends the fenced prompt and maps the answer to an ai/ finding with usage and cost', async () => {
    const s = await fake(kind, [
      {
        answer: reviewAnswer([{ file: 'app/calc.py', startLine: 7, category: 'bug', severity: 'high', message: 'Off by one: range(len(items) + 1) reads past the end.', confidence: 0.9 }], {
          overview: 'Adds total().',
          risk: 'medium',
          focus: ['app/calc.py'],
        }),
        usage: { in: 1200, out: 80 },
      },
    ]);
    const log = quietLog();
    const out = await runAiReview({ files: [sampleFile()], findings: [], change: change(), config: configFor(kind, s), log });
    expect(out.skippedReason).toBeUndefined();
    expect(s.requests).toHaveLength(1);
    const req = s.requests[0]!;
    // Keys go where each SDK puts them.
    if (kind === 'openai') expect(req.headers.authorization).toBe('Bearer sk-test-openai');
    if (kind === 'gemini') expect(req.headers['x-goog-api-key']).toBe('test-gemini-key');
    if (kind === 'anthropic') expect(`${req.headers['x-api-key'] ?? ''} ${req.headers.authorization ?? ''}`).toContain('test-anthropic-key');
    expect(req.body).toContain('UNTRUSTED-PR-DATA');
    expect(req.body).toContain('   7 | ');
    if (kind === 'openai') expect((req.json as { response_format: { type: string } }).response_format.type).toBe('json_schema');
    if (kind === 'gemini') expect((req.json as { generationConfig: { responseMimeType: string } }).generationConfig.responseMimeType).toBe('application/json');
    expect(log.secrets.length).toBeGreaterThan(0);

    expect(out.findings).toHaveLength(1);
    const f = out.findings[0]!;
    expect(f.ruleId).toBe('ai/bug');
    expect(f.location).toMatchObject({ path: 'app/calc.py', startLine: 7, endLine: 7 });
    // Model said high; AI findings are capped at medium by default so an LLM alone cannot fail the gate.
    expect(f.severity).toBe('medium');
    expect(f.properties).toMatchObject({ modelSeverity: 'high', confidence: 0.9, provider: `${kind}:${MODELS[kind]}` });
    expect(out.usage).toEqual([expect.objectContaining({ provider: kind, model: MODELS[kind], tokensIn: 1200, tokensOut: 80, calls: 1 })]);
    expect(out.usage[0]!.costUsd).toBeGreaterThan(0);
    expect(out.summary).toContain('risk: **medium**');
    expect(out.risk).toBe('medium');
    expect(out.files.reviewed).toEqual(['app/calc.py']);
    expect(out.state?.reviewedSha).toBe('b'.repeat(40));
    expect(out.state?.hunkHashes?.length).toBe(1);
  });
});

it('openai: falls back to json_object when a compatible server rejects json_schema', async () => {
  const s = await fake('openai', (req) =>
    (req.json as { response_format: { type: string } }).response_format.type === 'json_schema'
      ? { status: 400, message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model" }
      : { answer: reviewAnswer([]) },
  );
  const out = await runAiReview({ files: [sampleFile()], findings: [], change: change(), config: configFor('openai', s), log: quietLog() });
  expect(out.skippedReason).toBeUndefined();
  expect(s.requests.map((r) => (r.json as { response_format: { type: string } }).response_format.type)).toEqual(['json_schema', 'json_object']);
});

it('scan mode (no hunks, every line changed): whole files are reviewed as one hunk each', async () => {
  const s = await fake('openai', [{ answer: reviewAnswer([{ file: 'lib/util.py', startLine: 2, message: 'Division by zero when n is 0.' }]) }]);
  const head = 'def mean(xs, n):\n    return sum(xs) / n\n';
  const file = { path: 'lib/util.py', language: 'python', head, change: { path: 'lib/util.py', status: 'added' as const, binary: false, hunks: [], additions: 0, deletions: 0 }, changedLines: 'all' as const };
  const out = await runAiReview({ files: [file], findings: [], change: change({ mode: 'scan' }), config: configFor('openai', s), log: quietLog() });
  expect(s.requests[0]!.body).toContain('+     2 |     return sum(xs) / n');
  expect(out.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['ai/bug', 2]]);
  expect(out.files.reviewed).toEqual(['lib/util.py']);
});

it('gemini: a server rejecting responseJsonSchema gets plain JSON mode instead', async () => {
  const s = await fake('gemini', (req) =>
    (req.json as { generationConfig: Record<string, unknown> }).generationConfig.responseJsonSchema
      ? { status: 400, message: 'Invalid JSON payload received. Unknown name "responseJsonSchema" at \'generation_config\'' }
      : { answer: reviewAnswer([]) },
  );
  const out = await runAiReview({ files: [sampleFile()], findings: [], change: change(), config: configFor('gemini', s), log: quietLog() });
  expect(out.skippedReason).toBeUndefined();
  expect(s.requests).toHaveLength(2);
  expect((s.requests[1]!.json as { generationConfig: Record<string, unknown> }).generationConfig.responseMimeType).toBe('application/json');
});
