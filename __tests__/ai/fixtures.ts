/** Hand-built inputs for runAiReview: files with hunks, a config with fast retries, a silent logger. */
import type { AnalyzedFile, Logger } from '../../src/analyzers/types.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import type { ChangeContext, DiffLine, Hunk } from '../../src/diff/types.js';

/**
 * A modified file whose head is `head`; `added` lists head line ranges [start, end] that the change added
 * (everything else is unchanged context). Hunks carry up to 3 context lines on each side; `removed` adds
 * deleted lines just before the given head line.
 */
export function modifiedFile(path: string, language: string | undefined, head: string, added: Array<[number, number]>, removed: Record<number, string[]> = {}): AnalyzedFile {
  const lines = head.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const addedSet = new Set<number>();
  for (const [s, e] of added) for (let l = s; l <= e; l++) addedSet.add(l);
  const hunks: Hunk[] = [];
  const sorted = [...added].sort((a, b) => a[0] - b[0]);
  let i = 0;
  let delta = 0; // oldLine = newLine - delta
  while (i < sorted.length) {
    const s = sorted[i]![0];
    let e = sorted[i]![1];
    while (i + 1 < sorted.length && sorted[i + 1]![0] <= e + 7) e = Math.max(e, sorted[++i]![1]);
    i++;
    const from = Math.max(1, s - 3);
    const to = Math.min(lines.length, e + 3);
    const hl: DiffLine[] = [];
    const oldStart = from - delta;
    let oldCount = 0;
    for (let n = from; n <= to; n++) {
      for (const t of removed[n] ?? []) {
        hl.push({ kind: 'del', oldLine: n - delta, text: t });
        delta--;
        oldCount++;
      }
      if (addedSet.has(n)) {
        hl.push({ kind: 'add', newLine: n, text: lines[n - 1]! });
        delta++;
      } else {
        hl.push({ kind: 'context', oldLine: n - delta, newLine: n, text: lines[n - 1]! });
        oldCount++;
      }
    }
    hunks.push({ oldStart, oldLines: oldCount, newStart: from, newLines: to - from + 1, header: '', lines: hl });
  }
  return {
    path,
    language,
    head,
    change: { path, status: 'modified', binary: false, hunks, additions: addedSet.size, deletions: 0 },
    changedLines: addedSet,
  };
}

export function addedFile(path: string, language: string | undefined, head: string): AnalyzedFile {
  const n = head.split('\n').filter((_, i, a) => i < a.length - 1 || a[i] !== '').length;
  const f = modifiedFile(path, language, head, [[1, n]]);
  f.change.status = 'added';
  return f;
}

export function aiConfig(overrides: Partial<Config> = {}, raw: Record<string, unknown> = {}): Config {
  const base = loadConfig({});
  return {
    ...base,
    aiTimeoutMs: 2000,
    ...overrides,
    raw: { ...base.raw, 'ai-retry-base-ms': 5, 'ai-max-retry-after-ms': 2000, ...raw },
  };
}

export const change = (extra: Partial<ChangeContext> = {}): ChangeContext => ({ mode: 'review', root: '/nonexistent', source: 'git', headSha: 'b'.repeat(40), ...extra });

export function quietLog(): Logger & { secrets: string[]; lines: string[] } {
  const secrets: string[] = [];
  const lines: string[] = [];
  return { secrets, lines, debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), setSecret: (s) => secrets.push(s) };
}

/** A small Python change used by most tests. Lines 5–9 are added. */
export const SAMPLE_PY = [
  'import os',
  '',
  'def load(path):',
  '    return open(path).read()',
  'def total(items):',
  '    s = 0',
  '    for i in range(len(items) + 1):',
  '        s += items[i]',
  '    return s',
  '',
  'def untouched():',
  '    return 1',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'def far_away():',
  '    return 2',
  '',
].join('\n');

export const sampleFile = () => modifiedFile('app/calc.py', 'python', SAMPLE_PY, [[5, 9]]);
