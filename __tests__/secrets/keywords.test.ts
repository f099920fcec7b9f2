import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywordScanner } from '../../src/analyzers/secrets/keywords.js';
import { ruleSet } from '../../src/analyzers/secrets/ruleset.js';

/** Reference: every (line, keyword) pair by plain indexOf on the lower-cased ASCII text. */
function naive(keywords: readonly string[], text: string, wanted?: (l: number) => boolean): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (wanted && !wanted(i + 1)) return;
    const lower = line.replace(/[A-Z]/g, (c) => c.toLowerCase());
    keywords.forEach((k, id) => {
      for (let p = lower.indexOf(k); p >= 0; p = lower.indexOf(k, p + 1)) out.push(`${i + 1}:${id}`);
    });
  });
  return out.sort();
}

function scanned(s: KeywordScanner, text: string, wanted?: (l: number) => boolean): string[] {
  const out: string[] = [];
  s.scan(text, (line, start, end, ids) => {
    expect(text.slice(start, end)).toBe(text.split('\n')[line - 1]);
    for (const id of ids) out.push(`${line}:${id}`);
  }, wanted);
  return out.sort();
}

describe('keyword scanner', () => {
  it('finds overlapping, contained and case-insensitive keywords, per line', () => {
    const s = new KeywordScanner(['sk', 'sk_live_', 'live_', 'token', 'to']);
    const text = 'x = "SK_LIVE_abc"\nno match here\nTOKEN tok';
    expect(scanned(s, text)).toEqual(['1:0', '1:1', '1:2', '3:3', '3:4', '3:4'].sort());
    expect(scanned(s, text, (l) => l !== 1)).toEqual(['3:3', '3:4', '3:4']);
  });

  it('agrees with a naive indexOf scan on random text (the real keyword set)', () => {
    const kws = ruleSet().scanner.keywords;
    const scanner = ruleSet().scanner;
    const alphabet = [...'abcdeiklmnoprstuwxyzABKSTX_-.:=/ \n"', ...kws.slice(0, 60)];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 200 }), fc.integer({ min: 1, max: 5 }), (parts, mod) => {
        const text = parts.join('');
        const wanted = (l: number) => l % mod !== 0;
        expect(scanned(scanner, text)).toEqual(naive(kws, text));
        expect(scanned(scanner, text, wanted)).toEqual(naive(kws, text, wanted));
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });

  it('ignores non-ASCII characters and rejects bad keywords', () => {
    const s = new KeywordScanner(['ke']);
    expect(scanned(s, 'ké kÉ KE\u212Ae')).toEqual(['1:0']);
    expect(() => new KeywordScanner(['K'])).toThrow();
    expect(() => new KeywordScanner(['Key'])).toThrow();
  });
});
