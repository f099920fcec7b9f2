/**
 * Real git output, random edits: whatever git writes for two random texts, the parsed hunks agree with the
 * head text line for line, and applying them in reverse gives back the base (what API mode relies on).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { headMatchesHunks, reverseApply } from '../../src/diff/api.js';
import { addedLines, parseGitDiff } from '../../src/diff/parser.js';

const dir = mkdtempSync(join(tmpdir(), 'prs-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gitDiffNoIndex(base: string, head: string): string {
  writeFileSync(join(dir, 'base.txt'), base);
  writeFileSync(join(dir, 'head.txt'), head);
  try {
    return execFileSync('git', ['diff', '--no-index', '--no-color', '-U3', 'base.txt', 'head.txt'], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? ''); // exit 1 means "differs"
  }
}

// Few distinct lines so edits collide with context, plus CRLF and empty lines.
const line = fc.constantFrom('a', 'b', 'c', '', '  indented', 'x\r', '-- dash', '++ plus', '\\ backslash');
// Sometimes without the final newline, so "\ No newline at end of file" shows up.
const text = fc.tuple(fc.array(line, { maxLength: 40 }), fc.boolean()).map(([ls, eol]) => (ls.length ? `${ls.join('\n')}${eol ? '\n' : ''}` : ''));

describe('git diff round trip', () => {
  it('hunks match the head and reverse-apply to the base', () => {
    fc.assert(
      fc.property(text, text, (base, head) => {
        const files = parseGitDiff(gitDiffNoIndex(base, head));
        if (base === head) {
          expect(files).toEqual([]);
          return;
        }
        expect(files).toHaveLength(1);
        const f = files[0]!;
        expect(headMatchesHunks(head, f)).toBe(true);
        // CRs are stripped from hunk text; everything else, the final newline included, must come back exactly.
        const strip = (s: string) => s.replace(/\r/g, '');
        expect(strip(reverseApply(head, f))).toBe(strip(base));
        // Every changed line number points at a line that exists in the head.
        const n = head.split('\n').length;
        for (const l of addedLines(f)) expect(l).toBeLessThanOrEqual(n);
      }),
      { numRuns: 30 },
    );
  });
});
