/**
 * Secret rules are data (rules/*.json); this file describes their shape and the compiled form the detector uses.
 */
import type { Severity } from '../../findings/types.js';

/** One rule as written in rules/<family>.json. */
export interface SecretRuleData {
  /** Kebab-case id without the analyzer prefix; reported as `secrets/<id>`. */
  id: string;
  title: string;
  description: string;
  /** JavaScript regular expression source. Must not cross a newline unless `multiline` is set. */
  regex: string;
  /** Extra RegExp flags ("i"). `g` and `d` are always added. */
  flags?: string;
  /** Capture group holding the secret itself (default: 1 when the regex has a group, else the whole match). */
  secretGroup?: number;
  /** Lower-case literals; a line is only matched against this rule when it contains one of them. */
  keywords: string[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Regexes (case-insensitive) that, when they match the secret, reject the match. */
  allow?: string[];
  /** Regexes (case-insensitive) that, when they match the whole line, reject the match. */
  allowLine?: string[];
  /**
   * Generic rules (assignments to secret-like names) also reject references, placeholders and words,
   * and lose to any provider rule that matches the same text.
   */
  generic?: boolean;
  /**
   * Only files of these languages (AnalyzedFile.language ids) are matched; files of unknown language are too.
   * Redaction ignores it (masking more is harmless).
   */
  languages?: string[];
  /** The match may span lines (private-key blocks); it is reported on its first line. */
  multiline?: boolean;
  /** Higher wins when two rules match overlapping text (default 0, generic rules -2). */
  priority?: number;
  severity: Severity;
  confidence: 'high' | 'medium' | 'low';
  /**
   * Examples that must be found by exactly this rule / must not be found by any rule.
   * A NUL character ("\u0000" in JSON) is removed at load time: it keeps fake-but-valid-shaped examples from being
   * one contiguous token in this repository (push protection, our own scan, the bundle).
   */
  tp: string[];
  fp: string[];
}

export interface RuleFile {
  family: string;
  rules: SecretRuleData[];
}

export interface CompiledRule {
  /** Full id: secrets/<id>. */
  id: string;
  data: SecretRuleData;
  family: string;
  re: RegExp;
  secretGroup: number;
  allow: RegExp[];
  allowLine: RegExp[];
  priority: number;
  languages?: ReadonlySet<string>;
}
