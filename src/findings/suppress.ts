/**
 * Inline suppressions: `pr-sentinel-ignore <rule>[, <rule>…]` in a comment on the flagged line or the line above.
 * A rule may be a full id (`secrets/aws-access-key`), an analyzer prefix (`secrets` or `secrets/*`), or `*`/`all`.
 * Whatever the comment syntax of the language, the marker text is what counts.
 */
import type { Finding } from './types.js';

const MARKER = /pr-sentinel-ignore(?:-line)?\b[:\s]*([A-Za-z0-9_*./,\s-]*)/;

export function parseSuppression(line: string): string[] | undefined {
  const m = MARKER.exec(line);
  if (!m) return undefined;
  const rules = (m[1] ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[A-Za-z0-9_*./-]+$/.test(s) && (s.includes('/') || s === '*' || s === 'all' || /^[a-z]+$/.test(s)));
  // A bare marker with no rule list suppresses nothing: being explicit keeps reviews honest.
  return rules.length > 0 ? rules : [];
}

export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === '*' || pattern === 'all') return true;
  if (pattern.endsWith('/*')) return ruleId.startsWith(pattern.slice(0, -1));
  if (!pattern.includes('/')) return ruleId.startsWith(`${pattern}/`);
  return pattern === ruleId;
}

export function isSuppressed(f: Finding, lineText: (path: string, line: number) => string | undefined): boolean {
  for (const line of [f.location.startLine, f.location.startLine - 1]) {
    const text = lineText(f.location.path, line);
    if (text === undefined) continue;
    const rules = parseSuppression(text);
    if (rules?.some((r) => ruleMatches(r, f.ruleId))) return true;
  }
  return false;
}
