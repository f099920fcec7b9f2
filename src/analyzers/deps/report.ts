/**
 * Shared by the deps checks: the parsed file model and the finding sink, which places a finding on the right
 * line(s), fills the rule metadata and keeps one finding per rule, folder and package (manifests are reported
 * first, so a lock file never repeats what its manifest already said).
 */
import type { Finding } from '../../findings/types.js';
import { isChanged, rangeTouched, type AnalyzedFile, type RuleMeta } from '../types.js';
import type { DepChange } from './diff.js';
import type { Format } from './formats.js';
import RULES from './rules.json' with { type: 'json' };
import { normalizeName } from './typosquat.js';
import type { Dep, ParseResult } from './types.js';

export interface Parsed {
  file: AnalyzedFile;
  format: Format;
  /** Folder of the file: a manifest and its lock file sit side by side. */
  dir: string;
  head: ParseResult;
  base?: ParseResult;
  changes: DepChange[];
}

export const RULE_META = new Map((RULES.rules as RuleMeta[]).map((r) => [r.id, r]));
export const rule = (id: string): RuleMeta => RULE_META.get(id)!;

/** The declaration's lines (or the line that sets its version) include a changed line. */
export function touched(file: AnalyzedFile, dep: Dep): boolean {
  return rangeTouched(file, dep.line, dep.endLine ?? dep.line) || (dep.versionLine !== undefined && isChanged(file, dep.versionLine));
}

/** Where to report a dependency: its declaration, or the line that sets its version when only that changed. */
export function lineFor(file: AnalyzedFile, dep: Dep): { startLine: number; endLine?: number } {
  const end = dep.endLine ?? dep.line;
  if (!rangeTouched(file, dep.line, end) && dep.versionLine && isChanged(file, dep.versionLine)) return { startLine: dep.versionLine };
  return end > dep.line ? { startLine: dep.line, endLine: end } : { startLine: dep.line };
}

export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly lines = new WeakMap<AnalyzedFile, string[]>();

  snippet(file: AnalyzedFile, line: number): string | undefined {
    let lines = this.lines.get(file);
    if (!lines) this.lines.set(file, (lines = (file.head ?? '').split(/\r?\n/)));
    return lines[line - 1]?.trim().slice(0, 200);
  }

  /** A finding about `dep` (declared in `p`); `extra` overrides the rule defaults. */
  report(p: Parsed, dep: Dep, id: string, message: string, extra: Partial<Finding> = {}): void {
    const pkg = String(extra.properties?.['package'] ?? dep.name);
    const key = `${id}|${p.dir}|${dep.ecosystem}|${normalizeName(dep.ecosystem, pkg)}|${extra.properties?.['version'] ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const at = lineFor(p.file, dep);
    this.add(id, message, p.file, at, { ...extra, properties: { ecosystem: dep.ecosystem, package: dep.name, ...extra.properties } });
  }

  /** A finding on lines of `file`, with the rule's defaults; `extra` overrides them. */
  add(id: string, message: string, file: AnalyzedFile, at: { startLine: number; endLine?: number }, extra: Partial<Finding> = {}): void {
    const meta = rule(id);
    this.findings.push({
      ruleId: id,
      severity: meta.severity,
      title: meta.title,
      message,
      location: { path: file.path, ...at, snippet: this.snippet(file, at.startLine) },
      cwe: meta.cwe,
      tags: meta.tags,
      help: meta.help,
      confidence: 'high',
      ...extra,
    });
  }
}
