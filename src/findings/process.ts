/**
 * The findings stage: everything between the analyzers and the sinks, in one pass and one order:
 * scope to the change → severity floor → de-duplicate → suppress → fingerprint → baseline → sort.
 */
import type { AnalyzedFile } from '../analyzers/types.js';
import { rangeTouched } from '../analyzers/types.js';
import type { Severity } from './types.js';
import { SEVERITY_RANK, type Finding } from './types.js';
import { assignFingerprints } from './fingerprint.js';
import { isSuppressed } from './suppress.js';

export interface ProcessOptions {
  /** Every file whose text is known (analysed files and manifests), for line lookups and change scoping. */
  files: AnalyzedFile[];
  minSeverity: Severity;
  baseline?: Set<string>;
}

export interface ProcessResult {
  findings: Finding[];
  outsideChange: number;
  belowSeverity: number;
  suppressed: number;
  baselined: number;
}

export function createLineLookup(files: AnalyzedFile[]): (path: string, line: number) => string | undefined {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const cache = new Map<string, string[]>();
  return (path, line) => {
    let lines = cache.get(path);
    if (!lines) {
      const head = byPath.get(path)?.head;
      if (head === undefined) return undefined;
      lines = head.split(/\r?\n/);
      cache.set(path, lines);
    }
    return line >= 1 ? lines[line - 1] : undefined;
  };
}

export function processFindings(input: Finding[], opts: ProcessOptions): ProcessResult {
  const byPath = new Map(opts.files.map((f) => [f.path, f]));
  const lineText = createLineLookup(opts.files);
  const floor = SEVERITY_RANK[opts.minSeverity];
  let outsideChange = 0;
  let belowSeverity = 0;
  let suppressed = 0;
  let baselined = 0;

  const kept: Finding[] = [];
  const seen = new Set<string>();
  for (const f of input) {
    const file = byPath.get(f.location.path);
    const end = Math.max(f.location.endLine ?? f.location.startLine, f.location.startLine);
    // A finding on a file outside the change, or on untouched lines of it, is not this PR's business.
    if (!file || !rangeTouched(file, f.location.startLine, end)) {
      outsideChange++;
      continue;
    }
    if (SEVERITY_RANK[f.severity] < floor) {
      belowSeverity++;
      continue;
    }
    const key = `${f.ruleId}\0${f.location.path}\0${f.location.startLine}\0${f.location.startColumn ?? 0}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (isSuppressed(f, lineText)) {
      suppressed++;
      continue;
    }
    kept.push(f);
  }

  assignFingerprints(kept, lineText);
  const out = opts.baseline
    ? kept.filter((f) => {
        const hit = opts.baseline!.has(f.fingerprint!);
        if (hit) baselined++;
        return !hit;
      })
    : kept;
  out.sort(compareFindings);
  return { findings: out, outsideChange, belowSeverity, suppressed, baselined };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    a.location.path.localeCompare(b.location.path) ||
    a.location.startLine - b.location.startLine ||
    (a.location.startColumn ?? 0) - (b.location.startColumn ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function highestSeverity(findings: Finding[]): Severity | 'none' {
  let best: Severity | 'none' = 'none';
  for (const f of findings) if (best === 'none' || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
  return best;
}

export function gateFails(findings: Finding[], failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}
