/**
 * The built CLI against a fake OpenAI-compatible server (OPENAI_BASE_URL): the AI review runs after the
 * deterministic analyzers, its comment lands in the JSON report, and the planted key never leaves the process.
 * Skipped only when dist/cli.js has not been built (the lead builds it; locally: npx tsx scripts/build.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, reviewAnswer, type FakeLlm, type Script } from '../helpers/fake-llm.js';
import { FAKE_AWS_KEY, makeRepo, sampleChange, type GitFixture } from '../helpers/git-fixture.js';

// PR_SENTINEL_E2E_CLI: run against another build of the CLI (e.g. npx tsx scripts/build.ts --outdir DIR).
const CLI = process.env.PR_SENTINEL_E2E_CLI ? resolve(process.env.PR_SENTINEL_E2E_CLI) : resolve('dist/cli.js');
const NODE = existsSync(resolve('node_modules/.bin/node')) ? resolve('node_modules/.bin/node') : process.execPath;

interface Report {
  findings: Array<{ ruleId: string; severity: string; location: { path: string; startLine: number }; message: string }>;
  notices: Array<{ source: string; message: string }>;
  ai?: { usage: Array<{ provider: string; calls: number }>; skippedReason?: string; summary?: string; files: { reviewed: string[] } };
}

// Async on purpose: the fake server lives in this process, so the CLI must not block the event loop.
function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(NODE, [CLI, ...args], { cwd, env: { ...process.env, PR_SENTINEL_OSV_URL: 'http://127.0.0.1:9', OPENAI_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '', ANTHROPIC_API_KEY: '', ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!existsSync(CLI))('pr-sentinel review --ai (built CLI, fake provider)', () => {
  let repo: GitFixture;
  const servers: FakeLlm[] = [];
  beforeAll(() => {
    const { base, head } = sampleChange();
    repo = makeRepo(base, head);
  });
  afterAll(async () => {
    repo.cleanup();
    await Promise.all(servers.map((s) => s.close()));
  });

  const start = async (script: Script) => {
    const s = await startFakeLlm('openai', script);
    servers.push(s);
    return s;
  };

  it('adds the AI comment and summary to the report; the leaked key is not in the request', async () => {
    const s = await start([
      {
        answer: reviewAnswer(
          [{ file: 'app/orders.py', startLine: 11, category: 'security', severity: 'high', message: 'The archive name comes from the query string; validate it against an allow-list.', confidence: 0.9 }],
          { overview: 'Adds an order export endpoint and a shipping cost function.', risk: 'high', focus: ['app/orders.py'] },
        ),
      },
    ]);
    const r = await cli(['review', '--base', 'HEAD~1', '--ai', 'openai:gpt-4.1-mini', '--format', 'json', '--fail-on', 'none'], repo.dir, { OPENAI_API_KEY: 'sk-e2e', OPENAI_BASE_URL: s.baseUrl });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.body).not.toContain(FAKE_AWS_KEY);
    expect(s.requests[0]!.body).toContain('subprocess.call');
    const ai = report.findings.filter((f) => f.ruleId.startsWith('ai/'));
    expect(ai).toEqual([expect.objectContaining({ ruleId: 'ai/security', severity: 'medium', location: expect.objectContaining({ path: 'app/orders.py', startLine: 11 }) })]);
    expect(report.ai?.usage).toEqual([expect.objectContaining({ provider: 'openai', calls: 1 })]);
    expect(report.ai?.summary).toContain('risk: **high**');
    expect(report.ai?.files.reviewed).toContain('app/orders.py');
    expect(r.stdout).not.toContain(FAKE_AWS_KEY);
  });
  // The provider-outage case (deterministic findings unchanged) runs against the built action in action.test.ts.
});
