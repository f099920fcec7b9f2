/**
 * Secrets analyzer: provider credentials, private keys, JWTs, credentials in URLs and generic high-entropy
 * assignments. Rules are data (rules/*.json); detection is one keyword-prefiltered loop (detect.ts). In review mode
 * only added lines are scanned (a private-key block is reported on its first line); in scan mode whole files.
 * The raw value never leaves this module: findings carry the masked form, and each value is registered with
 * the logger so the action masks it in logs.
 */
import picomatch from 'picomatch';
import type { Finding, Notice, Severity } from '../../findings/types.js';
import { rangeTouched, type Analyzer, type AnalyzedFile, type AnalyzerContext, type AnalyzerResult, type RuleMeta } from '../types.js';
import { detectSecrets, type SecretMatch } from './detect.js';
import { maskSecret } from './mask.js';
import { redactText } from './redact.js';
import { ruleSet } from './ruleset.js';
import type { CompiledRule } from './types.js';

const CWE = ['CWE-798'];
const SECURITY_SEVERITY: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, info: 1.0 };
const SNIPPET_MAX = 400;
/** Minified bundles: many characters per line. They never produce findings (library code, hashes, test keys). */
const MINIFIED_LANGUAGES = new Set(['javascript', 'css']);

const REMEDIATION =
  '**What to do**: treat the value as leaked. Revoke or rotate it at the provider first (deleting the line does not ' +
  'help: it stays in the Git history and in forks), then load it at run time from a secret store or an environment ' +
  'variable (`${{ secrets.NAME }}` in GitHub Actions). If this is a test fixture, add its path to `secrets-allow-paths` ' +
  'or use an obviously fake value.';

function help(rule: CompiledRule): string {
  return `${rule.data.description}\n\n${REMEDIATION}`;
}

function toMeta(rule: CompiledRule): RuleMeta {
  return {
    id: rule.id,
    title: rule.data.title,
    severity: rule.data.severity,
    cwe: CWE,
    tags: ['security', 'secret', rule.family],
    help: help(rule),
    securitySeverity: SECURITY_SEVERITY[rule.data.severity],
  };
}

function isMinified(file: AnalyzedFile, text: string): boolean {
  if (!file.language || !MINIFIED_LANGUAGES.has(file.language) || text.length < 5_000) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > 300;
}

/** The flagged line with this secret and every other recognised secret masked, cut around the secret when long. */
function snippetOf(lineText: string, m: SecretMatch, masked: string): string {
  const col = m.column;
  // A key block's secret starts on a later line: the first line (the BEGIN marker) is the snippet.
  if (col >= lineText.length) return redactText(lineText);
  const ownEnd = Math.min(lineText.length, col + (m.secretEnd - m.secretStart));
  const redacted = redactText(lineText.slice(0, col) + masked + lineText.slice(ownEnd));
  if (redacted.length <= SNIPPET_MAX) return redacted;
  const at = Math.max(0, redacted.indexOf(masked, Math.max(0, col - 200)));
  const start = Math.max(0, at - 150);
  return (start > 0 ? '…' : '') + redacted.slice(start, start + SNIPPET_MAX) + (start + SNIPPET_MAX < redacted.length ? '…' : '');
}

/** Lines starting a key block (PEM, OpenSSH, PGP, PuTTY). */
function blockStartLines(text: string): Set<number> {
  const out = new Set<number>();
  const re = /-----BEGIN |PuTTY-User-Key-File-/g;
  let line = 1;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    for (let i = text.indexOf('\n', pos); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) {
      line++;
      pos = i + 1;
    }
    out.add(line);
  }
  return out;
}

function registerSecret(ctx: AnalyzerContext, raw: string): void {
  ctx.log.setSecret(raw);
  // Multi-line values (key blocks): the runner masks line by line.
  if (/[\r\n]|\\n/.test(raw)) for (const part of raw.split(/\r?\n|\\n/)) if (part.trim().length >= 8) ctx.log.setSecret(part.trim());
}

function toFinding(file: AnalyzedFile, m: SecretMatch, lineText: string): Finding {
  const rule = m.rule;
  const masked = maskSecret(m.secret);
  const sameLine = !/[\r\n]/.test(m.secret);
  return {
    ruleId: rule.id,
    severity: rule.data.severity,
    title: rule.data.title,
    message: `${rule.data.title} \`${masked}\` is hard-coded here. Rotate it and load it from a secret store instead.`,
    location: {
      path: file.path,
      startLine: m.line,
      // A key block spans lines: the findings stage keeps it in review mode when any of them changed.
      endLine: m.endLine,
      startColumn: (sameLine ? m.column : m.start - (m.secretStart - m.column)) + 1,
      ...(sameLine ? { endColumn: m.column + 1 + (m.secretEnd - m.secretStart) } : {}),
      snippet: snippetOf(lineText, m, masked),
    },
    cwe: CWE,
    tags: ['security', 'secret', rule.family],
    securitySeverity: SECURITY_SEVERITY[rule.data.severity],
    confidence: rule.data.confidence,
    help: help(rule),
    properties: { masked, family: rule.family, entropy: Math.round(m.entropy * 100) / 100, ...(rule.data.generic ? { generic: true } : {}) },
  };
}

/** The whole line containing `offset`. */
function lineAt(text: string, offset: number): string {
  const s = text.lastIndexOf('\n', offset - 1) + 1;
  let e = text.indexOf('\n', offset);
  if (e < 0) e = text.length;
  return text.slice(s, e).replace(/\r$/, '');
}

export async function analyzeSecrets(files: AnalyzedFile[], ctx: AnalyzerContext): Promise<AnalyzerResult> {
  const rs = ruleSet();
  const builtinSkip = picomatch(rs.filters.skipPaths, { dot: true });
  const allowGlobs = ctx.config.secretsAllowPaths ?? [];
  const allowed = allowGlobs.length > 0 ? picomatch(allowGlobs, { dot: true }) : () => false;
  const findings: Finding[] = [];
  const notices: Notice[] = [];
  const stats = { files: 0, bytes: 0, rules: rs.rules.length, skippedBuiltin: 0, skippedAllowList: 0, skippedMinified: 0, findings: 0 };
  const minified: string[] = [];
  for (const file of files) {
    try {
      const text = file.head;
      if (text === undefined || file.change.binary || file.change.status === 'deleted') continue;
      if (file.changedLines !== 'all' && file.changedLines.size === 0) continue;
      if (builtinSkip(file.path)) {
        stats.skippedBuiltin++;
        continue;
      }
      if (allowed(file.path)) {
        stats.skippedAllowList++;
        continue;
      }
      if (isMinified(file, text)) {
        stats.skippedMinified++;
        minified.push(file.path);
        continue;
      }
      stats.files++;
      stats.bytes += text.length;
      const changed = file.changedLines;
      // Review mode: added lines, plus the first line of any key block whose body the change touches (a rotated key
      // keeps its BEGIN line, which is then only context in the diff).
      const blockStarts = changed === 'all' ? undefined : blockStartLines(text);
      const matches = detectSecrets(text, {
        ...(changed === 'all' ? {} : { lineFilter: (l: number) => changed.has(l) || blockStarts!.has(l) }),
        ...(file.language ? { language: file.language } : {}),
      }).filter((m) => changed === 'all' || changed.has(m.line) || (m.endLine > m.line && rangeTouched(file, m.line, m.endLine)));
      for (const m of matches) {
        registerSecret(ctx, m.secret);
        findings.push(toFinding(file, m, lineAt(text, m.start)));
      }
    } catch (e) {
      notices.push({ level: 'warning', source: 'secrets', message: `${file.path}: not scanned for secrets (${e instanceof Error ? e.message : String(e)})` });
    }
  }
  if (minified.length > 0) {
    const shown = minified.slice(0, 5).map((p) => `\`${p}\``).join(', ');
    notices.push({ level: 'info', source: 'secrets', message: `${minified.length} minified file(s) not scanned for secrets: ${shown}${minified.length > 5 ? ', …' : ''}` });
  }
  stats.findings = findings.length;
  return { findings, notices, stats };
}

export const analyzer: Analyzer = {
  name: 'secrets',
  rules: () => ruleSet().rules.map(toMeta),
  analyze: analyzeSecrets,
};
