/**
 * Stable fingerprints: rule id + path + the normalised text of the flagged line(s) + an occurrence index among
 * identical (rule, path, text) triples. Line numbers are deliberately left out, so edits above a finding do not
 * change it; whitespace is folded so re-indentation does not either.
 */
import { createHash } from 'node:crypto';
import type { Finding } from './types.js';

export function normaliseLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Fills `fingerprint` on every finding that lacks one. `lineText(path, line)` returns the head-side line. */
export function assignFingerprints(findings: Finding[], lineText: (path: string, line: number) => string | undefined): void {
  const seen = new Map<string, number>();
  // Order by position so the occurrence index is deterministic.
  const ordered = [...findings].sort((a, b) => a.location.path.localeCompare(b.location.path) || a.location.startLine - b.location.startLine || (a.location.startColumn ?? 0) - (b.location.startColumn ?? 0));
  for (const f of ordered) {
    if (f.fingerprint) continue;
    // A redacted snippet beats the raw line: the raw line of a secrets finding holds the secret itself.
    const content = f.ruleId.startsWith('secrets/') && f.location.snippet !== undefined
      ? normaliseLine(f.location.snippet)
      : normaliseLine(lineText(f.location.path, f.location.startLine) ?? f.location.snippet ?? f.message);
    const key = `${f.ruleId}\0${f.location.path}\0${content}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
  }
}
