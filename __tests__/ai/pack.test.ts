/** Packing: priority, deletion-only hunks, clipping, determinism and the budget on a 5,000-file PR. */
import { describe, expect, it } from 'vitest';
import { costUsd, estimateTokens, priceFor } from '../../src/ai/cost.js';
import { hunkHash, isRiskyPath, pack, type PackOptions } from '../../src/ai/pack.js';
import type { KnowledgeBase } from '../../src/knowledge/index.js';
import { addedFile, aiConfig, largePr, modifiedFile, rng } from './fixtures.js';

const price = { input: 0.4, output: 1.6 };
const opts = (over: Partial<PackOptions> = {}): PackOptions => ({
  maxInputTokensPerCall: 20_000,
  callCost: (t) => ({ tokens: t + 1200 + 4096, usd: costUsd(price, t + 1200, 4096) }),
  tokenBudget: 200_000,
  costBudget: 1,
  ...over,
});

describe('5,000-file PR', () => {
  const { files, findings } = largePr(5000);

  it('packs deterministically (also for shuffled input) and stays within the token and cost budget', () => {
    const a = pack(files, findings, opts());
    const shuffled = [...files];
    const r = rng(7);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const b = pack(shuffled, [...findings].reverse(), opts());
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));

    const planned = a.chunks.map((c) => opts().callCost(c.tokens));
    expect(planned.reduce((s, c) => s + c.tokens, 0)).toBeLessThanOrEqual(200_000);
    expect(planned.reduce((s, c) => s + c.usd, 0)).toBeLessThanOrEqual(1);
    for (const c of a.chunks) {
      expect(c.tokens).toBeLessThanOrEqual(20_000);
      expect(c.tokens).toBe(c.units.reduce((s, u) => s + u.tokens, 0));
      for (const u of c.units) expect(u.tokens).toBe(estimateTokens(u.text));
    }
    expect(a.chunks.length).toBeGreaterThan(1); // large PRs are split into several calls
    expect(a.unpacked).toBeGreaterThan(0);
    // Every file is accounted for exactly once.
    const accounted = [...a.reviewed, ...a.clipped, ...a.skipped.map((s) => s.path)];
    expect(new Set(accounted).size).toBe(files.length);
    expect(accounted).toHaveLength(files.length);
  });

  it('puts files with findings first, then risky paths; drops deleted, binary and deletion-only changes', () => {
    const a = pack(files, findings, opts());
    const packed = new Set([...a.reviewed, ...a.clipped]);
    const withFindings = new Set(findings.map((f) => f.location.path));
    const eligible = (p: string) => !a.skipped.some((s) => s.path === p && s.reason !== 'AI token/cost budget reached');
    for (const p of withFindings) if (eligible(p)) expect(packed.has(p)).toBe(true);
    const packedPlain = [...packed].filter((p) => !withFindings.has(p) && !isRiskyPath(p));
    const skippedRisky = a.skipped.filter((s) => /budget/.test(s.reason) && isRiskyPath(s.path));
    // A plain file is only packed once every risky file got in.
    if (packedPlain.length > 0) expect(skippedRisky).toEqual([]);
    const reasons = new Set(a.skipped.map((s) => s.reason));
    expect(reasons).toEqual(new Set(['deleted', 'binary', 'no added lines', 'AI token/cost budget reached']));
    for (const f of files.filter((x) => x.change.status === 'deleted')) expect(a.skipped).toContainEqual({ path: f.path, reason: 'deleted' });
  });
});

describe('units', () => {
  it('numbers new-side lines, shows removed lines unnumbered, withholds secret lines, adds findings and guidance', () => {
    const f = modifiedFile('src/auth/login.py', 'python', 'a = 1\nb = 2\npassword = "hunter22"\nc = 3\n', [[2, 3]], { 2: ['old_b = 0'] });
    const queries: Array<{ q: string; languages?: string[]; k?: number }> = [];
    const kb: KnowledgeBase = {
      guidanceFor: () => undefined,
      search: (q, o) => {
        queries.push({ q, ...o });
        return [{ id: 'k1', title: 'Hash passwords', score: 1, similarity: 0.9, guidance: { id: 'k1', title: 'Hash passwords', text: 'Never store plain passwords.' } }];
      },
    };
    const finding = { ruleId: 'secrets/password', severity: 'high' as const, title: 't', message: 'password literal hu…22', location: { path: f.path, startLine: 3 } };
    const r = pack([f], [finding], opts({ knowledge: kb, secretLines: new Map([[f.path, new Set([3])]]) }));
    const text = r.chunks[0]!.units[0]!.text;
    expect(text).toContain('-      | old_b = 0');
    expect(text).toContain('+     2 | b = 2');
    expect(text).toContain('      1 | a = 1');
    expect(text).toContain('+     3 | [line withheld: flagged by the secrets analyzer]');
    expect(text).not.toContain('hunter22');
    expect(text).toContain('- L3 secrets/password (high): password literal hu…22');
    expect(text).toContain('- Hash passwords: Never store plain passwords.');
    expect(queries).toEqual([{ q: 'b = 2\npassword = "hunter22"', languages: ['python'], k: 3 }]);
    expect(r.reviewed).toEqual(['src/auth/login.py']);
  });

  it('clips a hunk larger than one call and reports the file as clipped', () => {
    const big = addedFile('big.ts', 'typescript', Array.from({ length: 3000 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n');
    const r = pack([big], [], opts({ maxInputTokensPerCall: 2000 }));
    expect(r.clipped).toEqual(['big.ts']);
    expect(r.chunks[0]!.tokens).toBeLessThanOrEqual(2000);
    expect(r.chunks[0]!.units[0]!.text).toMatch(/\[hunk clipped: the rest is not shown\]$/);
    expect(r.coveredHashes).toEqual([]); // a clipped hunk is reviewed again next time
  });

  it('hunk hashes ignore line numbers and whitespace, not content', () => {
    const a = modifiedFile('x.py', 'python', 'p = 1\nq = 2\n', [[2, 2]]).change.hunks[0]!;
    const b = modifiedFile('x.py', 'python', 'z = 0\np = 1\nq  =  2\n', [[3, 3]]).change.hunks[0]!;
    const c = modifiedFile('x.py', 'python', 'p = 1\nq = 3\n', [[2, 2]]).change.hunks[0]!;
    expect(hunkHash('x.py', a)).toBe(hunkHash('x.py', b));
    expect(hunkHash('x.py', a)).not.toBe(hunkHash('x.py', c));
    expect(hunkHash('y.py', a)).not.toBe(hunkHash('x.py', a));
  });
});

describe('prices', () => {
  it('config table wins; dated snapshots match by prefix; unknown models have no price', () => {
    const config = aiConfig({ aiPriceTable: { 'gpt-4.1-mini': { input: 9, output: 9 } } });
    expect(priceFor('gpt-4.1-mini', config)).toEqual({ input: 9, output: 9 });
    expect(priceFor('claude-sonnet-4-20250514', config)).toEqual({ input: 3, output: 15 });
    expect(priceFor('gemini-2.5-flash-lite', config)).toEqual({ input: 0.1, output: 0.4 });
    expect(priceFor('llama3.1:8b', config)).toBeUndefined();
    expect(costUsd({ input: 2, output: 8 }, 1_000_000, 500_000)).toBe(6);
  });
});
