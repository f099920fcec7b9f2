/**
 * The terminal report: verdict, counts, then findings grouped by file (line, severity, rule, message, fix hint),
 * the skipped/notices list at the end. Colour only when asked (the CLI asks when stdout is a TTY and NO_COLOR is unset).
 */
import { SEVERITIES, type Finding, type Severity } from '../findings/types.js';
import { bySeverity, endLineOf, formatMs, plural, safeFindings, safeText } from './common.js';
import type { RunResult } from './types.js';

export interface TextOptions {
  color?: boolean;
}

const SGR: Record<Severity | 'bold' | 'dim' | 'green' | 'red', string> = {
  critical: '1;35',
  high: '31',
  medium: '33',
  low: '36',
  info: '2',
  bold: '1',
  dim: '2',
  green: '32',
  red: '1;31',
};

/** Removes terminal control sequences and other C0 controls a PR could smuggle into a message. */
function clean(text: string): string {
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, '');
}

export function formatText(result: RunResult, opts: TextOptions = {}): string {
  const paint = (code: keyof typeof SGR, s: string) => (opts.color ? `\u001b[${SGR[code]}m${s}\u001b[0m` : s);
  const out: string[] = [];
  const findings = safeFindings(result.findings);
  const { change } = result;
  const scope = change.mode === 'scan' ? `scan of ${change.root}` : `review ${change.baseRef ?? change.baseSha?.slice(0, 12) ?? '?'}..${change.headRef ?? change.headSha?.slice(0, 12) ?? 'HEAD'}`;
  const verdict = result.verdict === 'fail' ? paint('red', 'FAIL') : paint('green', 'PASS');
  out.push(`${paint('bold', `${result.tool.name} ${result.tool.version}`)} — ${scope}`);
  out.push(
    `${verdict}: ${plural(findings.length, 'finding')}, highest severity ${result.highestSeverity} (gate: ${result.config.failOn}); ` +
      `${plural(result.files.analyzed, 'file')} analysed, ${result.files.skipped.length} skipped`,
  );
  const counts = SEVERITIES.filter((s) => result.counts[s] > 0).map((s) => paint(s, `${result.counts[s]} ${s}`));
  if (counts.length > 0) out.push(`  ${counts.join(' · ')}`);
  if (result.suppressed || result.baselined) out.push(`  ${result.suppressed} suppressed inline, ${result.baselined} in the baseline`);

  const byFile = new Map<string, Finding[]>();
  for (const f of [...findings].sort(bySeverity)) byFile.set(f.location.path, [...(byFile.get(f.location.path) ?? []), f]);
  for (const path of [...byFile.keys()].sort()) {
    out.push('', paint('bold', clean(path)));
    const list = byFile.get(path)!.sort((a, b) => a.location.startLine - b.location.startLine || bySeverity(a, b));
    for (const f of list) {
      const end = endLineOf(f);
      const where = `${f.location.startLine}${end > f.location.startLine ? `-${end}` : ''}${f.location.startColumn ? `:${f.location.startColumn}` : ''}`;
      out.push(`  ${where.padEnd(9)} ${paint(f.severity, f.severity.padEnd(8))} ${clean(f.ruleId)}  ${clean(f.message || f.title).replace(/\s*\n\s*/g, ' ')}`);
      if (f.location.snippet) out.push(`            ${paint('dim', clean(f.location.snippet.split('\n')[0]!.trim().slice(0, 160)))}`);
      if (f.fix) out.push(`            fix: ${clean(f.fix.description)}`);
      else if (f.guidance) out.push(`            hint: ${clean(f.guidance.title)}${f.guidance.url ? ` (${clean(f.guidance.url)})` : ''}`);
    }
  }
  if (findings.length === 0) out.push('', 'No findings.');

  if (result.functions.length > 0) {
    const gated = result.functions.filter((fn) => fn.cyclomatic > result.config.complexity.cyclomaticWarning || fn.cognitive > result.config.complexity.cognitive);
    out.push('', `${plural(result.functions.length, 'function')} measured${gated.length ? `, ${gated.length} over a threshold` : ''}`);
  }
  if (result.ai) {
    const tokens = result.ai.usage.reduce((s, u) => s + u.tokensIn + u.tokensOut, 0);
    const cost = result.ai.usage.reduce((s, u) => s + u.costUsd, 0);
    out.push('', `AI review: ${result.ai.skippedReason ? `skipped (${clean(result.ai.skippedReason)})` : `${tokens} tokens, $${cost.toFixed(4)}`}`);
    if (result.ai.summary) out.push(clean(safeText(result.ai.summary)));
  }
  const notes = result.notices.filter((n) => n.level !== 'info' || n.source !== 'ai');
  if (notes.length > 0 || result.files.skipped.length > 0) {
    out.push('', paint('bold', 'Skipped and notices'));
    for (const n of notes) out.push(`  [${n.level}] ${clean(n.source)}: ${clean(safeText(n.message))}`);
    // Grouped by reason: a change that touches a vendored folder or a set of binaries skips many files at once.
    const byReason = new Map<string, string[]>();
    for (const s of result.files.skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.path]);
    for (const [reason, paths] of byReason) {
      const shown = paths.slice(0, 5).map(clean).join(', ');
      out.push(`  skipped (${clean(reason)}): ${shown}${paths.length > 5 ? `, … ${paths.length - 5} more` : ''}`);
    }
  }
  const total = result.timings.reduce((s, t) => s + t.ms, 0);
  out.push('', paint('dim', `time: ${result.timings.map((t) => `${t.stage} ${formatMs(t.ms)}`).join(', ')} (total ${formatMs(total)})`));
  return `${out.join('\n')}\n`;
}
