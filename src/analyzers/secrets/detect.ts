/**
 * The one detector loop, shared by the analyzer and redaction: one pass of the keyword scanner over the text reports
 * the lines holding keywords; for each, only the rules listing those keywords run their regex, and only on that line
 * (multi-line rules on a bounded window starting at the line). Matches then go through the rule's and the global
 * allow-lists.
 */
import { shannonEntropy } from './entropy.js';
import { ruleSet, type RuleSet } from './ruleset.js';
import type { CompiledRule } from './types.js';

/** Lines longer than this are scanned in overlapping windows so regex time stays bounded. */
export const MAX_LINE = 10_000;
const WINDOW = 4_096;
const OVERLAP = 512;
/** Longest text a multi-line rule (private-key block) may span. */
const MULTILINE_SPAN = 24_576;

export interface SecretMatch {
  rule: CompiledRule;
  /** 1-based line of the match start. */
  line: number;
  /** 1-based line of the match end (differs from `line` only for multi-line rules). */
  endLine: number;
  /** Absolute offsets in the scanned text. */
  start: number;
  end: number;
  secretStart: number;
  secretEnd: number;
  secret: string;
  /** 0-based offset of the secret in its first line. */
  column: number;
  entropy: number;
}

export interface DetectOptions {
  /** Only lines for which this returns true are scanned (PR mode: added lines). Default: every line. */
  lineFilter?: (line: number) => boolean;
  /**
   * 'report' applies every filter. 'redact' skips the entropy threshold: masking a low-entropy password that
   * would not be reported is harmless, leaking it is not.
   */
  mode?: 'report' | 'redact';
  /** Language id of the file: rules limited to other languages are skipped ('report' mode only). */
  language?: string;
}

/** Reasons a candidate is dropped; exported for tests and the bench's diagnostics. */
export function rejectReason(rs: RuleSet, rule: CompiledRule, secret: string, lineText: string, colInLine: number, mode: 'report' | 'redact'): string | undefined {
  const f = rs.filters;
  const d = rule.data;
  if (secret.length === 0) return 'empty';
  if (lineText.length > MAX_LINE) {
    // Over-long line: judge the match by its neighbourhood, so the line checks stay bounded per match.
    const from = Math.max(0, colInLine - 2_000);
    lineText = lineText.slice(from, colInLine + secret.length + 2_000);
    colInLine -= from;
  }
  if (f.documentedExamples.has(secret.toLowerCase())) return 'documented example';
  if (f.placeholder.test(secret)) return 'placeholder';
  if (rule.allow.some((re) => re.test(secret))) return 'rule allow';
  if (rule.allowLine.some((re) => re.test(lineText))) return 'rule allow line';
  if (f.lineSkip.test(lineText)) return 'lock/checksum line';
  const before = lineText.slice(Math.max(0, colInLine - 200), colInLine);
  if (f.insideData.some((re) => re.test(before))) return 'inside data/digest';
  if (d.generic) {
    if (f.genericValueReject.test(secret)) return 'reference or non-secret value';
    if (/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(secret) && f.genericLineHashContext.test(lineText)) return 'hash';
  }
  if (mode === 'report' && d.entropy !== undefined && shannonEntropy(secret) < d.entropy) return 'low entropy';
  return undefined;
}

interface Window {
  text: string;
  /** Offset of text[0] in the whole input. */
  offset: number;
  line: number;
  lineStart: number;
  lineText: string;
}

/** Overlapping windows of an over-long line (the only case that needs them). */
function* windowsOf(lineText: string, lineStart: number, line: number): Generator<Window> {
  for (let s = 0; s < lineText.length; s += WINDOW - OVERLAP) {
    yield { text: lineText.slice(s, s + WINDOW), offset: lineStart + s, line, lineStart, lineText };
    if (s + WINDOW >= lineText.length) break;
  }
}

/** Finds every secret in `text`. Overlapping matches keep the most specific rule (priority, then length). */
export function detectSecrets(text: string, opts: DetectOptions = {}): SecretMatch[] {
  const rs = ruleSet();
  const mode = opts.mode ?? 'report';
  const out: SecretMatch[] = [];
  const stamp = new Int32Array(rs.rules.length);
  let gen = 0;
  const candidates: number[] = [];
  rs.scanner.scan(
    text,
    (line, lineStart, lineEnd, ids) => {
      const lineText = text.slice(lineStart, lineEnd);
      if (lineText.length < 8) return;
      gen++;
      candidates.length = 0;
      for (const id of ids) {
        for (const i of rs.rulesByKeyword[id]!) {
          if (stamp[i] !== gen) {
            stamp[i] = gen;
            candidates.push(i);
          }
        }
      }
      const found: SecretMatch[] = [];
      for (const ri of candidates) {
        const rule = rs.rules[ri]!;
        if (rule.languages && mode === 'report' && opts.language !== undefined && !rule.languages.has(opts.language)) continue;
        scanRule(rs, rule, text, lineText, lineStart, line, mode, found);
      }
      if (found.length > 0) out.push(...resolveOverlaps(found));
    },
    opts.lineFilter,
  );
  return out;
}

function scanRule(rs: RuleSet, rule: CompiledRule, text: string, lineText: string, lineStart: number, line: number, mode: 'report' | 'redact', found: SecretMatch[]): void {
  const re = rule.re;
  if (rule.data.multiline) {
    // The block starts on this line and may run over the next ones; matches starting later belong to later lines.
    const span = text.slice(lineStart, lineStart + MULTILINE_SPAN);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(span)) !== null && m.index < lineText.length) {
      push(rs, rule, m, { text: span, offset: lineStart, line, lineStart, lineText }, mode, found);
      if (m[0].length === 0) re.lastIndex++;
    }
    return;
  }
  if (lineText.length <= MAX_LINE) {
    re.lastIndex = 0;
    let m = re.exec(lineText);
    if (m === null) return;
    const w: Window = { text: lineText, offset: lineStart, line, lineStart, lineText };
    do {
      push(rs, rule, m, w, mode, found);
      if (m[0].length === 0) re.lastIndex++;
    } while ((m = re.exec(lineText)) !== null);
    return;
  }
  for (const w of windowsOf(lineText, lineStart, line)) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(w.text)) !== null) {
      push(rs, rule, m, w, mode, found);
      if (m[0].length === 0) re.lastIndex++;
    }
  }
}

function push(rs: RuleSet, rule: CompiledRule, m: RegExpExecArray, w: Window, mode: 'report' | 'redact', found: SecretMatch[]): void {
  const g = rule.secretGroup;
  const idx = m.indices?.[g];
  const secret = m[g];
  if (idx === undefined || secret === undefined) return;
  const start = w.offset + m.index;
  const secretStart = w.offset + idx[0];
  const column = secretStart - w.lineStart;
  if (rejectReason(rs, rule, secret, w.lineText, Math.min(column, w.lineText.length), mode) !== undefined) return;
  // Windows overlap: the same match may be seen twice.
  if (found.some((f) => f.rule === rule && f.secretStart === secretStart)) return;
  found.push({
    rule,
    line: w.line,
    endLine: rule.data.multiline ? w.line + countNewlines(w.text, m.index, m.index + m[0].length) : w.line,
    start,
    end: start + m[0].length,
    secretStart,
    secretEnd: w.offset + idx[1],
    secret,
    column,
    entropy: shannonEntropy(secret),
  });
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Two rules matching the same text: keep the higher priority, then the longer secret, then the earlier rule. */
function resolveOverlaps(found: SecretMatch[]): SecretMatch[] {
  if (found.length < 2) return found;
  const ranked = [...found].sort(
    (a, b) => b.rule.priority - a.rule.priority || (b.secretEnd - b.secretStart) - (a.secretEnd - a.secretStart) || a.secretStart - b.secretStart,
  );
  const kept: SecretMatch[] = [];
  for (const f of ranked) {
    if (kept.some((k) => f.secretStart < k.secretEnd && k.secretStart < f.secretEnd)) continue;
    kept.push(f);
  }
  return kept.sort((a, b) => a.secretStart - b.secretStart);
}
