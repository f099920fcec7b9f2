/**
 * Rule and language-table shapes of the SAST analyzer. Rules are authored as YAML under rules/<folder>/ and
 * compiled to rules.generated.json (see compile-rules.ts) so the bundle needs no file reads at runtime.
 */
import type { Severity } from '../../findings/types.js';

export type RuleKind = 'query' | 'taint' | 'workflow' | 'dockerfile' | 'yaml' | 'line';

/** A sink of a taint rule: a call whose callee text matches, or an assignment to a matching target. */
export interface SinkSpec {
  /** Regex over the callee text with whitespace removed ("cursor.execute", "new Function", "$db->query"). */
  callee?: string;
  /** Regex over the assignment target text ("el.innerHTML", "cmd.CommandText"). */
  assign?: string;
  /** Node types whose every named child is a sink argument (PHP `echo_statement`). */
  nodeType?: string;
  /** Positional argument indexes to check (default: every argument). Negative counts from the end. */
  args?: number[];
  /** Also check the receiver (`params[:t].constantize`, `x.html_safe`). */
  receiver?: boolean;
  /** The call is a sink only when the text of its argument list matches / does not match. */
  argsMatch?: string;
  argsNotMatch?: string;
  /**
   * Not a sink when this regex matches the enclosing function's text before the call: context that changes what
   * the call means (a response declared `application/json` before `res.end(body)` is not HTML output).
   */
  notAfter?: string;
}

export interface FixSpec {
  description: string;
  /** Regex applied to the reported line(s); the first match is replaced by `replace` ($1… groups). */
  find?: string;
  replace?: string;
  /** A named mechanical transform implemented in fix.ts (e.g. "shell-list"). */
  transform?: 'shell-list';
}

export interface Examples {
  bad: string[];
  good: string[];
}

/** One rule as written in YAML. */
export interface RuleData {
  id: string;
  title: string;
  /** Precision/recall are reported per family ("sql-injection", "weak-crypto"…). */
  family: string;
  cwe: string[];
  owasp: string;
  severity: Severity;
  securitySeverity: number;
  /** Finding message. For taint rules the flow sentence is prepended. */
  message: string;
  help: string;
  kind: RuleKind;
  /** Subset of the folder's languages this rule runs on (e.g. JSX-only queries skip plain TypeScript). */
  languages?: string[];
  confidence?: 'high' | 'medium' | 'low';
  /** query: tree-sitter S-expression. The `@report` capture (else the first capture) is the location. */
  query?: string;
  /** query: extra regex conditions on capture texts. */
  filters?: Array<{
    capture: string;
    match?: string;
    notMatch?: string;
    /** Regex the text of the enclosing function (or the whole file outside functions) must / must not match. */
    within?: string;
    notWithin?: string;
  }>;
  /** taint */
  sinkLabel?: string;
  sinks?: SinkSpec[];
  /**
   * taint: audit mode. Besides user input, a string *built* from non-constant values (concatenation, interpolation,
   * format calls) counts as a source, so `execute("… " + name)` is reported even when `name`'s origin is unknown.
   */
  audit?: boolean;
  /** taint: reuse the sinks of another rule (resolved by compile-rules.ts). */
  sinksFrom?: string;
  /** taint: extra sources on top of the language's (regexes over expression text, anchored at start). */
  sources?: string[];
  /** taint: extra sanitizer callee regexes on top of the language's. */
  sanitizers?: string[];
  /** line: regex per line (comment lines skipped); notMatch drops a line. */
  pattern?: string;
  notMatch?: string;
  /** Restrict to files whose path matches this regex (line/yaml rules). */
  pathMatch?: string;
  /** dockerfile: instruction (RUN, USER, ADD, ENV…) and regex over its arguments, or `missing` = no such instruction. */
  instruction?: string;
  missing?: boolean;
  /** yaml: key name (a regex matched against the whole key) and regex over the scalar value. */
  key?: string;
  value?: string;
  /** yaml: regex over "key=value" when the acceptable value depends on the key. */
  pair?: string;
  /** workflow: which built-in workflow check, with its regex parameter. */
  check?: 'script-injection' | 'pr-target-checkout' | 'unpinned-action';
  /** Drop this (pattern) finding when a taint finding of this family sits on the same line: the flow explains it. */
  unlessTaint?: string;
  fix?: FixSpec;
  examples: Examples;
  /** Path the examples are scanned as, when the folder's default does not fit (settings.py, Dockerfile.prod…). */
  examplePath?: string;
}

export interface TaintSource {
  pattern: string;
  label?: string;
  /** Families this source does not feed (environment variables naming file paths are the operator's choice). */
  notFor?: string[];
}

export interface Sanitizer {
  /** Regex over callee text. */
  callee: string;
  /** Families it neutralises, or "all". */
  families: string[] | 'all';
}

export interface Guard {
  /** Regex over an `if` condition; identifiers named in a matching condition are clean afterwards. */
  pattern: string;
  families: string[] | 'all';
}

/** Per-language syntax table for the taint walk (node type names differ across grammars). */
export interface LanguageSpec {
  /** Language ids of AnalyzedFile this folder applies to. */
  languages: string[];
  /** Path used for examples in tests. */
  examplePath: string;
  /** Line comment prefixes for `line` rules. */
  lineComments?: string[];
  calls?: string[];
  argLists?: string[];
  argWrappers?: string[];
  keywordArgs?: string[];
  assignments?: string[];
  identifiers?: string[];
  functions?: string[];
  params?: string[];
  /** Node types that are constants unless they hold an interpolation child. */
  strings?: string[];
  /** Regex finding names interpolated in string text, for grammars without interpolation nodes. */
  interpolation?: string;
  ifs?: string[];
  /**
   * Route handlers: when the text before a function's parameter list (decorators, annotations, attributes) matches,
   * every parameter is request data, except those whose declaration matches handlerParamsSkip.
   */
  handlerPattern?: string;
  handlerParamsSkip?: string;
  /** Parameters whose declaration text matches are sources (Spring @RequestParam…). */
  paramSources?: string[];
  sources?: TaintSource[];
  sanitizers?: Sanitizer[];
  guards?: Guard[];
  /** Calls copying taint from their other arguments into argument `into` (C sprintf/strcpy). */
  propagators?: Array<{ callee: string; into: number; /** The call itself is a source for `into` (fgets, recv). */ source?: string }>;
}

/** What compile-rules.ts writes: folder → language table + rules. */
export interface CompiledFolder {
  folder: string;
  language: LanguageSpec;
  rules: RuleData[];
}
