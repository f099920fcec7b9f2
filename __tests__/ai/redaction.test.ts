/** No planted secret from the diff reaches any provider, whichever providers the failover ends up calling. */
import { afterEach, expect, it } from 'vitest';
import { runAiReview } from '../../src/ai/index.js';
import type { Finding } from '../../src/findings/types.js';
import { startFakeLlm, reviewAnswer, type FakeLlm } from '../helpers/fake-llm.js';
import { FAKE_AWS_KEY } from '../helpers/git-fixture.js';
import { aiConfig, change, modifiedFile, quietLog } from './fixtures.js';

const servers: FakeLlm[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// Assembled at run time so no credential-shaped literal is committed.
const DB_PASSWORD = ['Qz7', 'vR2m', 'Lp9x', 'Tw4k'].join('');
const GH_TOKEN = ['ghp_', 'A1b2C3d4E5f6G7h8', 'I9j0K1l2M3n4O5p6Q7r8'].join('');

it('planted secrets are withheld or masked in every request body sent to every provider', async () => {
  const head = [
    'import boto3',
    '',
    'def client():',
    `    key = "${FAKE_AWS_KEY}"`,
    `    db = connect(password="${DB_PASSWORD}")`,
    `    # old key ${FAKE_AWS_KEY} kept for reference, password ${DB_PASSWORD}`,
    `    token = "${GH_TOKEN}"`,
    '    return boto3.client("s3", aws_access_key_id=key), db, token',
    '',
  ].join('\n');
  const file = modifiedFile('app/aws.py', 'python', head, [[3, 8]], { 4: [`    key = "${DB_PASSWORD}"  # removed line`] });
  const findings: Finding[] = [
    { ruleId: 'secrets/aws-access-key-id', severity: 'critical', title: 'AWS access key id', message: 'AWS access key id AKIA…WD4N committed', location: { path: 'app/aws.py', startLine: 4 } },
    { ruleId: 'secrets/generic-password', severity: 'high', title: 'Hard-coded password', message: 'password literal Qz7…Tw4k', location: { path: 'app/aws.py', startLine: 5 } },
  ];
  const openai = await startFakeLlm('openai', [{ status: 500 }]);
  const gemini = await startFakeLlm('gemini', [{ status: 429, headers: { 'retry-after-ms': '10' } }]);
  const anthropic = await startFakeLlm('anthropic', [{ answer: reviewAnswer([{ file: 'app/aws.py', startLine: 8, category: 'security', message: 'Credentials should come from the environment.' }]) }]);
  servers.push(openai, gemini, anthropic);
  const config = aiConfig({
    aiProviders: ['openai:gpt-4.1-mini', 'gemini:gemini-2.5-flash', 'anthropic:claude-sonnet-4-6'],
    openaiApiKey: 'sk-o',
    openaiBaseUrl: openai.baseUrl,
    geminiApiKey: 'g',
    geminiBaseUrl: gemini.baseUrl,
    anthropicApiKey: 'a',
    anthropicBaseUrl: anthropic.baseUrl,
  });
  const out = await runAiReview({ files: [file], findings, change: change(), config, log: quietLog() });
  expect(out.usage.map((u) => u.provider)).toEqual(['anthropic']);
  const bodies = [...openai.requests, ...gemini.requests, ...anthropic.requests].map((r) => r.body);
  expect(bodies).toHaveLength(3 + 2 + 1);
  for (const body of bodies) {
    expect(body).not.toContain(FAKE_AWS_KEY);
    expect(body).not.toContain(DB_PASSWORD);
    expect(body).not.toContain(GH_TOKEN);
    // JSON-escaped forms too (the body is a JSON document).
    expect(body).not.toContain(JSON.stringify(FAKE_AWS_KEY).slice(1, -1));
    // The flagged lines were withheld, the rest of the hunk still went out for review.
    expect(body).toContain('[line withheld: flagged by the secrets analyzer]');
    expect(body).toContain('boto3.client');
  }
  // The deterministic findings went into the prompt (already redacted), and the AI finding came back.
  expect(bodies[5]).toContain('secrets/aws-access-key-id (critical)');
  expect(out.findings.map((f) => f.ruleId)).toEqual(['ai/security']);
  for (const f of out.findings) expect(JSON.stringify(f)).not.toContain(FAKE_AWS_KEY);
});
