/**
 * Catastrophic backtracking guard. Static: no rule uses an unbounded quantifier (`*`, `+`, `{n,}`) outside a
 * character class, so the work per start position is bounded. Dynamic: each regex runs over adversarial 50 k
 * inputs built from its own keywords and character classes and must finish in a generous bound.
 */
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../src/analyzers/secrets/detect.js';
import { ruleSet } from '../../src/analyzers/secrets/ruleset.js';
import type { CompiledRule } from '../../src/analyzers/secrets/types.js';

const rules = ruleSet().rules;
const BOUND_MS = 200;
const N = 50_000;

/** The characters a class like [A-Za-z0-9_-] accepts (negated classes: a printable sample they accept). */
function classChars(body: string): string {
  const negated = body.startsWith('^');
  const src = `[${body}]`;
  const re = new RegExp(src);
  let out = '';
  for (let c = 32; c < 127; c++) if (re.test(String.fromCharCode(c))) out += String.fromCharCode(c);
  if (negated && out.length > 40) out = out.replace(/[^A-Za-z0-9+/=._-]/g, '') || out;
  return out || 'a';
}

function adversarial(rule: CompiledRule): string[] {
  const classes = [...rule.re.source.matchAll(/\[((?:[^\]\\]|\\.)*)\]/g)].map((m) => classChars(m[1]!));
  const out: string[] = [];
  const repeat = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
  const kw = rule.data.keywords[0]!;
  for (const chars of new Set(classes)) out.push(repeat(chars), kw + repeat(chars), repeat(kw + '=' + chars.slice(0, 8) + ' '));
  out.push(repeat(kw), repeat(kw.toUpperCase() + ' '));
  // The rule's own example with its body stretched: a near-match that fails at the very end.
  const ex = rule.data.tp[0]!.replaceAll('\u0000', '');
  out.push(ex.slice(0, Math.floor(ex.length / 2)) + repeat(ex.slice(Math.floor(ex.length / 2), -1) || 'a'));
  return out;
}

describe('secrets rules are ReDoS-safe', () => {
  it('no rule has an unbounded quantifier outside character classes', () => {
    const offenders = rules.filter((r) => {
      const src = r.re.source.replace(/\\./g, 'E').replace(/\[(?:[^\]\\]|\\.)*\]/g, 'C').replace(/\(\?(?:<?[=!]|:)/g, '(');
      return /[*+]|\{\d+,\}/.test(src);
    });
    expect(offenders.map((r) => r.id)).toEqual([]);
  });

  it(`every regex runs over adversarial ${N}-character inputs in < ${BOUND_MS} ms`, () => {
    const slow: string[] = [];
    for (const rule of rules) {
      const re = new RegExp(rule.re.source, rule.re.flags);
      const timeOf = (input: string): number => {
        const start = performance.now();
        re.lastIndex = 0;
        let guard = 0;
        while (re.exec(input) !== null && guard++ < 100_000) if (re.lastIndex === 0) break;
        return performance.now() - start;
      };
      for (const input of adversarial(rule)) {
        // Best of three when slow: two shared cores can stall any single run; catastrophic backtracking is slow every time.
        let ms = timeOf(input);
        for (let i = 0; i < 2 && ms > BOUND_MS; i++) ms = Math.min(ms, timeOf(input));
        if (ms > BOUND_MS) slow.push(`${rule.id}: ${ms.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 40))}…`);
      }
    }
    expect(slow).toEqual([]);
  });

  it('the detector handles a 1 MB single line and 20 k keyword-dense lines in bounded time', () => {
    const line = 'token=' + 'aB3_'.repeat(250_000);
    let start = performance.now();
    detectSecrets(line);
    expect(performance.now() - start).toBeLessThan(5_000);
    const dense = Array.from({ length: 20_000 }, (_, i) => `secret_token_api_key_password_${i} = "${'x'.repeat(3)}${i}"`).join('\n');
    start = performance.now();
    detectSecrets(dense);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
