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

/** Deterministic pseudo-random numbers (mulberry32), so large fixtures are identical on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LANGS: Array<[string, string]> = [
  ['py', 'python'],
  ['ts', 'typescript'],
  ['go', 'go'],
  ['java', 'java'],
  ['rb', 'ruby'],
  ['js', 'javascript'],
];
const DIRS = ['src/core', 'src/util', 'lib', 'app/models', 'app/views', 'src/auth', 'db/migrations', 'src/payment', 'tests', 'docs/examples'];

/** A large PR: `n` files with 1–3 hunks each, some deleted/binary/deletion-only, findings on a few. */
export function largePr(n: number, seed = 42): { files: AnalyzedFile[]; findings: import('../../src/findings/types.js').Finding[] } {
  const rand = rng(seed);
  const files: AnalyzedFile[] = [];
  const findings: import('../../src/findings/types.js').Finding[] = [];
  for (let i = 0; i < n; i++) {
    const [ext, language] = LANGS[Math.floor(rand() * LANGS.length)]!;
    const path = `${DIRS[Math.floor(rand() * DIRS.length)]}/mod_${String(i).padStart(5, '0')}.${ext}`;
    const length = 40 + Math.floor(rand() * 160);
    const lines = Array.from({ length }, (_, l) => `    value_${i}_${l} = transform(input_${l}, factor=${(l * 7) % 13})  # step ${l}`);
    const hunkCount = 1 + Math.floor(rand() * 3);
    const added: Array<[number, number]> = [];
    for (let h = 0; h < hunkCount; h++) {
      const start = 1 + Math.floor((h * length) / hunkCount) + Math.floor(rand() * 5);
      added.push([start, Math.min(length, start + 1 + Math.floor(rand() * 12))]);
    }
    const f = modifiedFile(path, language, lines.join('\n') + '\n', added);
    const kind = rand();
    if (kind < 0.02) f.change.status = 'deleted';
    else if (kind < 0.04) f.change.binary = true;
    else if (kind < 0.07) {
      // deletion-only: turn every added line into a removal
      for (const h of f.change.hunks) h.lines = h.lines.map((l) => (l.kind === 'add' ? { kind: 'del', oldLine: l.newLine, text: l.text } : l));
    }
    if (rand() < 0.03) {
      const sev = (['critical', 'high', 'medium', 'low'] as const)[Math.floor(rand() * 4)]!;
      findings.push({ ruleId: rand() < 0.5 ? 'complexity/cyclomatic' : 'sast/sql-injection', severity: sev, title: 't', message: 'm', location: { path, startLine: added[0]![0] } });
    }
    files.push(f);
  }
  return { files, findings };
}
