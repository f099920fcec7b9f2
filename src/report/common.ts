/** Small helpers every sink shares: analyzer of a rule, links to lines, defensive redaction, ordering. */
import { redactText } from '../analyzers/secrets/redact.js';
import { SEVERITIES, SEVERITY_RANK, type Finding, type Severity } from '../findings/types.js';
import type { RunResult } from './types.js';

export const SEVERITY_ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** "secrets/aws-access-key-id" → "secrets"; rule ids without a prefix count as "other". */
export function analyzerOf(ruleId: string): string {
  const i = ruleId.indexOf('/');
  return i > 0 ? ruleId.slice(0, i) : 'other';
}

/** Most severe first, then by path and line: the order comments, tables and annotations use. */
export function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.location.path.localeCompare(b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

export function endLineOf(f: Finding): number {
  return Math.max(f.location.endLine ?? f.location.startLine, f.location.startLine);
}

/** "L10" or "L10-L12". */
export function lineLabel(f: Finding): string {
  const end = endLineOf(f);
  return end > f.location.startLine ? `L${f.location.startLine}-L${end}` : `L${f.location.startLine}`;
}

export function serverUrl(): string {
  return (process.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
}

/** Permalink to the finding's lines at the head commit, when repository and sha are known. */
export function lineLink(result: Pick<RunResult, 'change'>, path: string, start: number, end = start): string | undefined {
  const { repository, headSha } = result.change;
  if (!repository || !headSha || !/^[^/\s]+\/[^/\s]+$/.test(repository)) return undefined;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const anchor = end > start ? `#L${start}-L${end}` : `#L${start}`;
  return `${serverUrl()}/${repository}/blob/${headSha}/${encoded}${anchor}`;
}

/** Counts per analyzer and severity, in registry order first. */
export function countsByAnalyzer(findings: Finding[], order: string[]): Array<{ analyzer: string; counts: Record<Severity, number>; total: number }> {
  const rows = new Map<string, Record<Severity, number>>();
  for (const name of order) rows.set(name, Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>);
  for (const f of findings) {
    const a = analyzerOf(f.ruleId);
    if (!rows.has(a)) rows.set(a, Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>);
    rows.get(a)![f.severity]++;
  }
  return [...rows].map(([analyzer, counts]) => ({ analyzer, counts, total: SEVERITIES.reduce((s, k) => s + counts[k], 0) }));
}

/**
 * Belt and braces: analyzers already redact, but every text a sink prints goes through the secret masker once more,
 * so a rule that forgot (or an AI message quoting a key) cannot leak a credential into a comment or a log.
 */
export function safeText(text: string): string {
  try {
    return redactText(text);
  } catch {
    return text;
  }
}

/** Findings with their human-facing text fields re-redacted; fingerprints and positions untouched. */
export function safeFindings(findings: Finding[]): Finding[] {
  return findings.map((f) => {
    const out: Finding = { ...f, title: safeText(f.title), message: safeText(f.message), location: { ...f.location } };
    if (f.location.snippet !== undefined) out.location.snippet = safeText(f.location.snippet);
    if (f.flow) out.flow = f.flow.map((s) => ({ ...s, ...(s.snippet !== undefined ? { snippet: safeText(s.snippet) } : {}), ...(s.message !== undefined ? { message: safeText(s.message) } : {}) }));
    if (f.fix) {
      const replacements = f.fix.replacements.map((r) => ({ ...r, text: safeText(r.text) }));
      // A fix whose text had to be masked would write the mask into the code: drop it instead.
      if (replacements.every((r, i) => r.text === f.fix!.replacements[i]!.text)) out.fix = { ...f.fix, description: safeText(f.fix.description), replacements };
      else delete out.fix;
    }
    return out;
  });
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
