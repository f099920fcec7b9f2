/** Property tests: the parser never throws, and what it returns is internally consistent. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGitDiff, parsePatch } from '../../src/diff/parser.js';
import type { Hunk } from '../../src/diff/types.js';

/** Line numbers must count up from the hunk start on each side, and never pass the promised counts. */
function checkHunk(h: Hunk): void {
  let oldNo = h.oldStart;
  let newNo = h.newStart;
  let olds = 0;
  let news = 0;
  for (const l of h.lines) {
    if (l.kind !== 'add') {
      expect(l.oldLine).toBe(oldNo++);
      olds++;
    } else expect(l.oldLine).toBeUndefined();
    if (l.kind !== 'del') {
      expect(l.newLine).toBe(newNo++);
      news++;
    } else expect(l.newLine).toBeUndefined();
  }
  expect(olds).toBeLessThanOrEqual(h.oldLines);
  expect(news).toBeLessThanOrEqual(h.newLines);
}

/** Fragments that look like diff syntax, so random input reaches the interesting branches. */
const fragment = fc.oneof(
  fc.constantFrom('diff --git a/x b/x', 'diff --git "a/\\303\\251" "b/\\303\\251"', '--- a/x', '+++ b/x', '--- /dev/null', '+++ /dev/null', 'new file mode 100644', 'deleted file mode 100644', 'rename from x', 'rename to y', 'copy from x', 'copy to y', 'similarity index 90%', 'old mode 100644', 'new mode 100755', 'Binary files a/x and b/x differ', 'GIT binary patch', '\\ No newline at end of file', 'diff --cc x', '@@@ -1 -1 +1 @@@', 'index 0000000..1111111 100644'),
  fc.tuple(fc.nat(30), fc.nat(5), fc.nat(30), fc.nat(5), fc.string()).map(([a, b, c, d, s]) => `@@ -${a},${b} +${c},${d} @@ ${s}`),
  fc.tuple(fc.constantFrom(' ', '+', '-', '\\', ''), fc.string()).map(([p, s]) => p + s),
  fc.string(),
);
const diffText = fc.array(fragment, { maxLength: 60 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol)));

describe('parser properties', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        parseGitDiff(bytes);
        parsePatch(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on diff-shaped input, and keeps line numbers consistent', () => {
    fc.assert(
      fc.property(diffText, (text) => {
        const files = parseGitDiff(text);
        for (const f of files) {
          expect(f.path.length).toBeGreaterThan(0);
          let adds = 0;
          let dels = 0;
          for (const h of f.hunks) {
            checkHunk(h);
            adds += h.lines.filter((l) => l.kind === 'add').length;
            dels += h.lines.filter((l) => l.kind === 'del').length;
          }
          expect([f.additions, f.deletions]).toEqual([adds, dels]);
        }
        for (const h of parsePatch(text).hunks) checkHunk(h);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips generated hunks: what is written is what is read', () => {
    const hunkLine = fc.tuple(fc.constantFrom<'add' | 'del' | 'context'>('add', 'del', 'context'), fc.string().filter((s) => !/[\r\n]/.test(s)));
    fc.assert(
      fc.property(fc.array(hunkLine, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 1, max: 10000 }), (lines, oldStart, newStart) => {
        const oldLines = lines.filter(([k]) => k !== 'add').length;
        const newLines = lines.filter(([k]) => k !== 'del').length;
        const body = lines.map(([k, t]) => (k === 'add' ? '+' : k === 'del' ? '-' : ' ') + t);
        const text = ['diff --git a/f b/f', '--- a/f', '+++ b/f', `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`, ...body, ''].join('\n');
        const [f] = parseGitDiff(text);
        expect(f!.hunks).toHaveLength(1);
        expect(f!.hunks[0]!.lines.map((l) => [l.kind, l.text])).toEqual(lines);
        checkHunk(f!.hunks[0]!);
      }),
      { numRuns: 300 },
    );
  });
});
