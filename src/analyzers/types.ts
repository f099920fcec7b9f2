/**
 * The one interface every analyzer implements. The runner gives each analyzer all eligible files at once
 * (some analyzers, like deps, need to see a manifest and its lock file together).
 */
import type { Config } from '../config/types.js';
import type { ChangeContext, FileChange } from '../diff/types.js';
import type { Finding, FunctionMetrics, Notice, Severity } from '../findings/types.js';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** Register a value that must never be printed (core.setSecret in the action; no-op in the CLI). */
  setSecret(value: string): void;
}

export interface AnalyzedFile {
  /** Repository-relative POSIX path (head side; base side for deletions). */
  path: string;
  /** Language id from the diff stage's table ("python", "typescript", "tsx", "go", "dockerfile"…), or undefined. */
  language?: string;
  change: FileChange;
  /** Full head-side text; undefined for deleted, binary or unreadable files. */
  head?: string;
  /** Full base-side text; undefined for added files and in scan mode. */
  base?: string;
  /**
   * Head-side line numbers (1-based) that the change adds or modifies.
   * In scan mode this is 'all': every line counts as changed.
   */
  changedLines: ReadonlySet<number> | 'all';
}

export interface AnalyzerContext {
  config: Config;
  change: ChangeContext;
  log: Logger;
}

export interface AnalyzerResult {
  findings: Finding[];
  /** complexity only: per-function metrics (every function in scan, touched ones in review). */
  functions?: FunctionMetrics[];
  /** Degradations and skips the summary must show. */
  notices?: Notice[];
  /** Free-form stats for the summary/bench (files scanned, bytes, rules loaded…). */
  stats?: Record<string, number>;
}

/** Static description of one rule, for SARIF `tool.driver.rules`, docs and the knowledge coverage test. */
export interface RuleMeta {
  /** Full prefixed id, e.g. "secrets/aws-access-key-id". */
  id: string;
  title: string;
  severity: Severity;
  cwe?: string[];
  tags?: string[];
  /** Markdown help text. */
  help?: string;
  securitySeverity?: number;
}

export interface Analyzer {
  /** Rule-id prefix and config name: "secrets", "sast", "deps", "complexity". */
  name: string;
  /** Every rule this analyzer can report (complexity also lists its quality/ rules). */
  rules(): RuleMeta[];
  analyze(files: AnalyzedFile[], ctx: AnalyzerContext): Promise<AnalyzerResult>;
}

/** True when `line` (head side) is part of the change. */
export function isChanged(file: Pick<AnalyzedFile, 'changedLines'>, line: number): boolean {
  return file.changedLines === 'all' || file.changedLines.has(line);
}

/** True when any line in [start, end] is part of the change. */
export function rangeTouched(file: Pick<AnalyzedFile, 'changedLines'>, start: number, end: number): boolean {
  if (file.changedLines === 'all') return true;
  for (let l = start; l <= end; l++) if (file.changedLines.has(l)) return true;
  return false;
}
