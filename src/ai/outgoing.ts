/**
 * Last gate before text leaves the runner for a provider. Two layers:
 * 1. `redactText` (the secrets analyzer's rules, entropy threshold off) over the whole request;
 * 2. exact values from lines the secrets analyzer flagged: the flagged lines are withheld when packed
 *    (pack.ts), and the string literals / long tokens on them are masked anywhere else they appear
 *    (a secret copied to a second, unflagged line, or present on a removed line).
 */
import type { AnalyzedFile } from '../analyzers/types.js';
import { redactText } from '../analyzers/secrets/redact.js';
import type { Finding } from '../findings/types.js';

const MASK = '[REDACTED]';

/** Lines (head side) flagged by the secrets analyzer, per path. */
export function secretLines(findings: Finding[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const f of findings) {
    if (!f.ruleId.startsWith('secrets/')) continue;
    const set = out.get(f.location.path) ?? new Set<number>();
    const end = Math.min(f.location.endLine ?? f.location.startLine, f.location.startLine + 200);
    for (let l = f.location.startLine; l <= end; l++) set.add(l);
    out.set(f.location.path, set);
  }
  return out;
}

/** Candidate secret values on flagged lines: quoted literals and long unbroken tokens. */
export function secretValues(files: AnalyzedFile[], lines: Map<string, Set<number>>): string[] {
  const values = new Set<string>();
  for (const file of files) {
    const set = lines.get(file.path);
    if (!set || file.head === undefined) continue;
    const text = file.head.split('\n');
    for (const n of set) {
      const line = text[n - 1];
      if (!line) continue;
      for (const m of line.matchAll(/(["'`])([^"'`\s]{6,})\1/g)) values.add(m[2]!);
      // Long tokens that look like key material (letters and digits mixed), not identifiers like AWS_SECRET_KEY.
      for (const m of line.matchAll(/[A-Za-z0-9_\-+/=.:@]{12,}/g)) if (/\d/.test(m[0]) && /[A-Za-z]/.test(m[0])) values.add(m[0]);
      // Value after an assignment, unquoted (.env style).
      const assigned = /[=:]\s*([^\s"'`#;,]{6,})/.exec(line);
      if (assigned) values.add(assigned[1]!);
    }
  }
  // Longest first so a value containing another is masked whole.
  return [...values].sort((a, b) => b.length - a.length);
}

export function makeSanitizer(values: string[]): (text: string) => string {
  return (text: string) => {
    let out = redactText(text);
    for (const v of values) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  };
}
