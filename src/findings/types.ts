/**
 * The one findings model. Every analyzer produces these; every report sink consumes them.
 * Keep it serialisable (plain JSON) so the CLI's JSON output is this model as-is.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher number = more severe. Used for sorting, gates and "highest severity" output. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export type AnalyzerName = 'secrets' | 'sast' | 'deps' | 'complexity' | 'quality' | 'ai' | 'knowledge';

/** 1-based, inclusive lines; columns 1-based, endColumn exclusive (SARIF convention). */
export interface Location {
  /** Repository-relative POSIX path. */
  path: string;
  startLine: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /** Source text of the region. Must already be redacted when it could contain a secret. */
  snippet?: string;
}

/** A mechanical fix: replace whole lines startLine..endLine of `path` (head side) with `text`. */
export interface FixReplacement {
  path: string;
  startLine: number;
  endLine: number;
  /** Replacement text for those lines, without a trailing newline. Empty string deletes them. */
  text: string;
}

export interface Fix {
  description: string;
  replacements: FixReplacement[];
}

/** Best-practice guidance attached by the knowledge stage (or by an analyzer directly). */
export interface Guidance {
  id: string;
  title: string;
  /** Short markdown explanation (a few sentences). */
  text: string;
  url?: string;
  goodExample?: string;
  badExample?: string;
}

export interface Finding {
  /** Prefixed by analyzer: secrets/…, sast/…, deps/…, complexity/…, quality/…, ai/… */
  ruleId: string;
  severity: Severity;
  /** Short rule title, e.g. "AWS access key id". */
  title: string;
  /** One or two sentences about this occurrence. No secrets in here. */
  message: string;
  location: Location;
  /** e.g. ["CWE-798"] */
  cwe?: string[];
  tags?: string[];
  /** 0.0–10.0 score for SARIF `security-severity` (code scanning uses it to rank). */
  securitySeverity?: number;
  confidence?: 'high' | 'medium' | 'low';
  fix?: Fix;
  guidance?: Guidance;
  /** Longer rule help (markdown) for SARIF rule.help and the summary. */
  help?: string;
  /** Data flow from source to sink, in order (SARIF codeFlows). */
  flow?: Array<Location & { message?: string }>;
  /**
   * Stable identity. Analyzers may leave it empty; the findings stage fills it from
   * rule id + path + normalised content of the flagged line(s) (+ occurrence index), never line numbers,
   * so unrelated edits above the line do not change it.
   */
  fingerprint?: string;
  /** Free-form extra data for JSON output (e.g. metric values). */
  properties?: Record<string, unknown>;
}

/** Halstead measures of one function. */
export interface Halstead {
  distinctOperators: number;
  distinctOperands: number;
  totalOperators: number;
  totalOperands: number;
  vocabulary: number;
  length: number;
  volume: number;
  difficulty: number;
  effort: number;
}

/** Per-function metrics (JSON `functions[]`). */
export interface FunctionMetrics {
  file: string;
  name: string;
  language: string;
  startLine: number;
  endLine: number;
  cyclomatic: number;
  cognitive: number;
  halstead: Halstead;
  maintainability: number;
  nesting: number;
  params: number;
  lines: number;
  logicalLines: number;
  /** True when the function contains parse errors: never gated on. */
  lowConfidence?: boolean;
  /** In review mode: the matching base-side function's metrics, when one exists. */
  base?: Omit<FunctionMetrics, 'base' | 'file' | 'language'> & { file?: string };
  /** Per-increment cognitive complexity explanation, when requested. */
  cognitiveDetails?: Array<{ line: number; increment: number; nesting: number; reason: string }>;
}

/** A line for the summary's "what was skipped and why" section. Degrade loudly. */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  /** Which stage or analyzer said it ("diff", "secrets", "ai", "report/review-comments"…). */
  source: string;
  message: string;
}
