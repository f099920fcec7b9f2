/** Shared inputs for the deps analyzer tests: analysed files from base/head text and small finding lookups. */
import type { AnalyzedFile } from '../../src/analyzers/types.js';
import type { Finding } from '../../src/findings/types.js';

/** An analysed file; changed lines are the head lines whose text the base does not have (enough for manifests and locks). */
export function file(path: string, head: string | undefined, base?: string): AnalyzedFile {
  const baseLines = new Set((base ?? '').split('\n'));
  const changed = new Set<number>();
  head?.split('\n').forEach((l, i) => {
    if (base === undefined || !baseLines.has(l)) changed.add(i + 1);
  });
  return {
    path,
    change: { path, status: base === undefined ? 'added' : head === undefined ? 'deleted' : 'modified', binary: false, hunks: [], additions: changed.size, deletions: 0 },
    head,
    base,
    changedLines: changed,
  };
}

export const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
export const only = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
