/**
 * AI review bench: packing a 5,000-file PR (time, calls, planned tokens/cost, determinism) and a full
 * runAiReview of a 1,000-file PR against a local fake OpenAI server (stage overhead without model latency).
 * `npm run bench -- ai`
 */
import { costUsd, priceFor } from '../../src/ai/cost.js';
import { runAiReview } from '../../src/ai/index.js';
import { pack } from '../../src/ai/pack.js';
import { aiConfig, change, largePr, quietLog } from '../../__tests__/ai/fixtures.js';
import { reviewAnswer, startFakeLlm } from '../../__tests__/helpers/fake-llm.js';

export async function run(): Promise<void> {
  const t0 = performance.now();
  const { files, findings } = largePr(5000);
  console.log(`fixture: ${files.length} files, ${files.reduce((n, f) => n + f.change.hunks.length, 0)} hunks, ${findings.length} findings (${Math.round(performance.now() - t0)} ms to build)`);

  const config = aiConfig();
  const price = priceFor('gpt-4.1-mini', config);
  const overhead = 1200;
  const maxOut = 4096;
  const opts = {
    maxInputTokensPerCall: 24_000 - overhead,
    callCost: (t: number) => ({ tokens: t + overhead + maxOut, usd: costUsd(price, t + overhead, maxOut) }),
    tokenBudget: config.aiTokenBudget,
    costBudget: config.aiCostBudget,
  };
  const times: number[] = [];
  let first = '';
  const tc = performance.now();
  let result = pack(files, findings, opts);
  console.log(`pack 5,000 files, first run (hashes every hunk, JIT cold): ${(performance.now() - tc).toFixed(0)} ms`);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    result = pack(files, findings, opts);
    times.push(performance.now() - t);
    const json = JSON.stringify(result);
    if (i === 0) first = json;
    else if (json !== first) throw new Error('packing is not deterministic');
  }
  times.sort((a, b) => a - b);
  const planned = result.chunks.map((c) => opts.callCost(c.tokens));
  console.log(`pack 5,000 files, warm (hunk hashes cached): median ${times[2]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)}), deterministic over 5 runs`);
  console.log(
    `  calls ${result.chunks.length}, planned tokens ${planned.reduce((s, c) => s + c.tokens, 0)} / budget ${config.aiTokenBudget}, planned cost $${planned.reduce((s, c) => s + c.usd, 0).toFixed(4)} / $${config.aiCostBudget} (gpt-4.1-mini prices)`,
  );
  console.log(`  files reviewed ${result.reviewed.length}, clipped ${result.clipped.length}, skipped ${result.skipped.length} (budget: ${result.skipped.filter((s) => /budget/.test(s.reason)).length}), hunks left out ${result.unpacked}`);

  const server = await startFakeLlm('openai', (req) => ({ answer: reviewAnswer([]), usage: { in: Math.ceil(req.body.length / 4), out: 60 } }));
  try {
    const small = largePr(1000, 7);
    const cfg = aiConfig({ aiProviders: ['openai:gpt-4.1-mini'], openaiApiKey: 'sk-bench', openaiBaseUrl: server.baseUrl, aiTokenBudget: 2_000_000, aiCostBudget: 100 });
    const t = performance.now();
    const out = await runAiReview({ files: small.files, findings: small.findings, change: change(), config: cfg, log: quietLog() });
    const ms = performance.now() - t;
    const u = out.usage[0];
    console.log(`runAiReview 1,000 files vs fake server: ${ms.toFixed(0)} ms, ${u?.calls} calls, ${u?.tokensIn} tokens in (server-counted chars/4), $${u?.costUsd.toFixed(4)}; reviewed ${out.files.reviewed.length}, clipped ${out.files.clipped.length}`);
  } finally {
    await server.close();
  }
}
