/** Properties of the helpers behind the bun.lock and pubspec.lock parsers, on random inputs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripJsonc } from '../../src/analyzers/deps/parsers/bun-lock.js';
import { comparePub } from '../../src/analyzers/deps/versions.js';

const pub = fc
  .tuple(fc.nat(5), fc.nat(5), fc.nat(5), fc.option(fc.constantFrom('dev.1', 'nullsafety.0', 'beta'), { nil: undefined }), fc.option(fc.constantFrom('1', '2', '10', 'hotfix', '1.2'), { nil: undefined }))
  .map(([a, b, c, pre, build]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}${build ? `+${build}` : ''}`);

/** JSON text with a comment after every comma and a trailing comma before every closing bracket of a non-empty container. */
function jsoncOf(value: unknown): string {
  const pretty = JSON.stringify(value, null, 2);
  // Pretty-printed JSON puts a structural comma at the end of a line and a closer on its own line.
  return pretty
    .split('\n')
    .map((line, i, all) => {
      const next = all[i + 1]?.trim() ?? '';
      const closes = next.startsWith('}') || next.startsWith(']');
      if (line.endsWith(',')) return `${line} // note, with "quotes" and a } brace`;
      if (closes && !line.endsWith('{') && !line.endsWith('[')) return `${line}, /* trailing */`;
      return line;
    })
    .join('\n');
}

describe('properties of the newer lock formats', () => {
  it('Pub ordering (build numbers ordered) is antisymmetric and transitive', () => {
    fc.assert(
      fc.property(pub, pub, pub, (a, b, c) => {
        expect(comparePub(a, b) + comparePub(b, a)).toBe(0);
        if (comparePub(a, b) <= 0 && comparePub(b, c) <= 0) expect(comparePub(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('stripJsonc turns commented, trailing-comma JSON back into the same value with the same lines', () => {
    const str = fc.string({ unit: fc.constantFrom('a', ',', '}', ']', '/', '*', '"', '\\', ' '), maxLength: 6 });
    const value = fc.dictionary(str, fc.oneof(str, fc.integer(), fc.array(fc.oneof(str, fc.integer()), { maxLength: 3 }), fc.dictionary(str, str, { maxKeys: 3 })), { maxKeys: 5 });
    fc.assert(
      fc.property(value, (v) => {
        const text = jsoncOf(v);
        const out = stripJsonc(text);
        expect(JSON.parse(out)).toEqual(v);
        expect(out.split('\n')).toHaveLength(text.split('\n').length);
      }),
      { numRuns: 500 },
    );
  });
});
