/** Property tests: the fast paths agree with slow reference definitions on random inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonKeyLines, SEP } from '../../src/analyzers/deps/locate.js';
import { oneEditApart } from '../../src/analyzers/deps/typosquat.js';
import { compareMavenLite, comparePep440, compareSemver } from '../../src/analyzers/deps/versions.js';

/** Optimal string alignment distance, the textbook dynamic programme. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-'), maxLength: 7 });
const semver = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20), fc.option(fc.constantFrom('alpha', 'alpha.1', 'beta.2', 'rc.1', '1'), { nil: undefined })).map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);
const pep440 = fc.tuple(fc.nat(12), fc.nat(12), fc.option(fc.constantFrom('a1', 'b2', 'rc1', '.post1', '.dev3'), { nil: undefined })).map(([a, b, s]) => `${a}.${b}${s ?? ''}`);
const maven = fc.tuple(fc.nat(12), fc.nat(12), fc.option(fc.constantFrom('-alpha-1', '-beta', '-rc1', '-SNAPSHOT', '-sp1', '.1'), { nil: undefined })).map(([a, b, s]) => `${a}.${b}${s ?? ''}`);

describe('properties', () => {
  it('oneEditApart(a, b) ⇔ OSA distance is exactly 1', () => {
    fc.assert(fc.property(word, word, (a, b) => oneEditApart(a, b) === (osa(a, b) === 1)), { numRuns: 3000 });
  });

  for (const [name, cmp, arb] of [
    ['semver', compareSemver, semver],
    ['PEP 440', comparePep440, pep440],
    ['Maven', compareMavenLite, maven],
  ] as const) {
    it(`${name} ordering is antisymmetric and transitive`, () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) => {
          expect(cmp(a, b) + cmp(b, a)).toBe(0);
          if (cmp(a, b) <= 0 && cmp(b, c) <= 0) expect(cmp(a, c)).toBeLessThanOrEqual(0);
        }),
        { numRuns: 1500 },
      );
    });
  }

  it('jsonKeyLines finds every key of a pretty-printed document on its own line', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '/', ' ', 'é'), minLength: 1, maxLength: 5 });
    const doc = fc.dictionary(key, fc.oneof(fc.integer(), fc.dictionary(key, fc.string({ maxLength: 4 }), { maxKeys: 3 })), { maxKeys: 6 });
    fc.assert(
      fc.property(doc, (obj) => {
        const text = JSON.stringify(obj, null, 2);
        const lines = text.split('\n');
        const found = jsonKeyLines(text);
        for (const [k, v] of Object.entries(obj)) {
          expect(lines[found.get(k)! - 1]!.trimStart().startsWith(JSON.stringify(k))).toBe(true);
          if (v && typeof v === 'object') for (const k2 of Object.keys(v)) expect(lines[found.get(k + SEP + k2)! - 1]!.trimStart().startsWith(JSON.stringify(k2))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
