/**
 * The markdown report (job summary, `--format markdown`, and the body of the PR summary comment): verdict line,
 * counts by severity and by analyzer, top findings with links to the lines, touched functions (before → after),
 * AI summary and usage, per-stage timings, and what was skipped and why. Every PR-controlled string is escaped.
 */
import { ANALYZERS } from '../analyzers/index.js';
import { SEVERITIES, type Finding, type FunctionMetrics, type Notice } from '../findings/types.js';
import { bySeverity, countsByAnalyzer, endLineOf, formatMs, lineLabel, lineLink, plural, safeFindings, safeText, SEVERITY_ICON } from './common.js';
import { codeSpan, escapeInline, escapeInlineWithCode, sanitizeMarkdown } from './escape.js';
import type { RunResult } from './types.js';

export interface MarkdownOptions {
  /** Notices raised while publishing (permissions, API failures): shown with the run's own. */
  extraNotices?: Notice[];
  /** Findings that did not get an inline comment (listed in the PR summary comment). */
  notInlined?: Finding[];
  /** Rows in the top findings table. Default 25. */
  topN?: number;
  /** Heading level of the title. Default 2. */
  headingLevel?: number;
}

const LEVEL_ICON: Record<Notice['level'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };
const MAX_LIST = 100;

function table(header: string[], rows: string[][], align?: string[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${(align ?? header.map(() => '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function locationCell(result: RunResult, f: Finding): string {
  const label = codeSpan(`${f.location.path}:${lineLabel(f).replace(/^L/, '').replace('-L', '-')}`, { inTable: true });
  const url = lineLink(result, f.location.path, f.location.startLine, endLineOf(f));
  return url ? `[${label}](${url})` : label;
}

function verdictLine(result: RunResult): string {
  const n = result.findings.length;
  if (result.verdict === 'fail') return `❌ **Failed**: ${plural(n, 'finding')}, highest severity **${result.highestSeverity}** reaches the gate \`${result.config.failOn}\`.`;
  if (n === 0) return `✅ **Passed**: no findings${result.change.mode === 'scan' ? '' : ' on the changed lines'}.`;
  return `✅ **Passed** (gate \`${result.config.failOn}\`): ${plural(n, 'finding')}, highest severity **${result.highestSeverity}**.`;
}

function scopeLine(result: RunResult): string {
  const c = result.change;
  const parts: string[] = [];
  if (c.mode === 'scan') parts.push('full scan');
  else {
    const base = c.baseSha?.slice(0, 7) ?? c.baseRef;
    const head = c.headSha?.slice(0, 7) ?? c.headRef;
    parts.push(`${c.pullNumber ? `PR #${c.pullNumber}` : 'review'}${base && head ? ` (${codeSpan(base)}…${codeSpan(head)})` : ''}`);
  }
  parts.push(`${plural(result.files.analyzed, 'file')} analysed`);
  if (result.files.skipped.length) parts.push(`${result.files.skipped.length} skipped`);
  if (result.suppressed) parts.push(`${result.suppressed} suppressed inline`);
  if (result.baselined) parts.push(`${result.baselined} baselined`);
  return parts.join(' · ');
}

function countsSection(result: RunResult, findings: Finding[]): string[] {
  const out: string[] = [];
  out.push(...table(SEVERITIES.map((s) => `${SEVERITY_ICON[s]} ${s}`), [SEVERITIES.map((s) => String(result.counts[s]))]));
  const timing = new Map(result.timings.map((t) => [t.stage, t.ms]));
  const order = [...Object.keys(ANALYZERS), ...(result.ai ? ['ai'] : [])];
  const rows = countsByAnalyzer(findings, order)
    .filter((r) => r.total > 0 || result.config.analyzers.includes(r.analyzer as never) || timing.has(r.analyzer))
    .map((r) => [escapeInline(r.analyzer), ...SEVERITIES.map((s) => (r.counts[s] ? String(r.counts[s]) : '·')), String(r.total), timing.has(r.analyzer) ? formatMs(timing.get(r.analyzer)!) : '—']);
  if (rows.length > 0) out.push('', ...table(['Analyzer', ...SEVERITIES, 'Total', 'Time'], rows, ['---', ...SEVERITIES.map(() => '---:'), '---:', '---:']));
  return out;
}

function findingsTable(result: RunResult, findings: Finding[], topN: number, title: string): string[] {
  if (findings.length === 0) return [];
  const top = [...findings].sort(bySeverity).slice(0, topN);
  const rows = top.map((f) => [
    `${SEVERITY_ICON[f.severity]} ${f.severity}`,
    codeSpan(f.ruleId, { inTable: true }),
    locationCell(result, f),
    escapeInlineWithCode(f.message || f.title, 240, true) + (f.fix ? ' _(fix available)_' : '') + (f.guidance?.url && /^https?:\/\//.test(f.guidance.url) ? ` [guide](${f.guidance.url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})` : ''),
  ]);
  const out = ['', `### ${title}`, '', ...table(['Severity', 'Rule', 'Location', 'Message'], rows)];
  if (findings.length > top.length) out.push('', `_… and ${findings.length - top.length} more (see the SARIF file or the check run annotations)._`);
  return out;
}

function delta(before: number | undefined, after: number, digits = 0): string {
  const a = after.toFixed(digits);
  if (before === undefined) return `${a} (new)`;
  const b = before.toFixed(digits);
  if (b === a) return a;
  const arrow = after > before ? '↑' : '↓';
  return `${b} → ${a} ${arrow}`;
}

function functionsSection(result: RunResult): string[] {
  const fns = result.functions;
  if (fns.length === 0) return [];
  const t = result.config.complexity;
  const hot = (f: FunctionMetrics) => (f.cyclomatic > t.cyclomaticWarning ? 2 : 0) + (f.cognitive > t.cognitive ? 1 : 0);
  const sorted = [...fns].sort((a, b) => hot(b) - hot(a) || b.cognitive - a.cognitive || b.cyclomatic - a.cyclomatic).slice(0, 30);
  const rows = sorted.map((f) => [
    `${codeSpan(f.name, { inTable: true })}${f.lowConfidence ? ' ⚠️' : ''}`,
    (() => {
      const url = lineLink(result, f.file, f.startLine, f.endLine);
      const label = codeSpan(`${f.file}:${f.startLine}`, { inTable: true });
      return url ? `[${label}](${url})` : label;
    })(),
    delta(f.base?.cyclomatic, f.cyclomatic),
    delta(f.base?.cognitive, f.cognitive),
    delta(f.base?.nesting, f.nesting),
    delta(f.base?.lines, f.lines),
    delta(f.base?.maintainability, f.maintainability, 1),
  ]);
  const title = result.change.mode === 'scan' ? 'Functions (most complex first)' : 'Touched functions (before → after)';
  const out = ['', `<details><summary><b>${title}</b>: ${plural(fns.length, 'function')}</summary>`, '', ...table(['Function', 'Where', 'Cyclomatic', 'Cognitive', 'Nesting', 'Lines', 'Maintainability'], rows)];
  if (fns.length > sorted.length) out.push('', `_… and ${fns.length - sorted.length} more in the JSON report (\`functions[]\`)._`);
  out.push('', '</details>');
  return out;
}

function aiSection(result: RunResult): string[] {
  const ai = result.ai;
  if (!ai) return [];
  const out = ['', '### AI review'];
  if (ai.skippedReason) out.push('', `Skipped: ${escapeInline(ai.skippedReason)}.`);
  if (ai.summary) out.push('', sanitizeMarkdown(safeText(ai.summary)));
  if (ai.usage.length > 0) {
    const rows = ai.usage.map((u) => [escapeInline(u.provider), codeSpan(u.model, { inTable: true }), String(u.calls), String(u.tokensIn), String(u.tokensOut), `$${u.costUsd.toFixed(4)}`]);
    const tin = ai.usage.reduce((s, u) => s + u.tokensIn, 0);
    const tout = ai.usage.reduce((s, u) => s + u.tokensOut, 0);
    const cost = ai.usage.reduce((s, u) => s + u.costUsd, 0);
    rows.push(['**total**', '', String(ai.usage.reduce((s, u) => s + u.calls, 0)), String(tin), String(tout), `**$${cost.toFixed(4)}**`]);
    out.push('', ...table(['Provider', 'Model', 'Calls', 'Tokens in', 'Tokens out', 'Cost'], rows));
  }
  const reviewed = ai.files.reviewed.length;
  if (reviewed || ai.files.clipped.length || ai.files.skipped.length) {
    out.push('', `${plural(reviewed, 'file')} reviewed, ${ai.files.clipped.length} clipped, ${ai.files.skipped.length} skipped by the AI review.`);
  }
  return out;
}

function timingsSection(result: RunResult): string[] {
  if (result.timings.length === 0) return [];
  const total = result.timings.reduce((s, t) => s + t.ms, 0);
  return ['', '<details><summary><b>Timings</b>: ' + formatMs(total) + '</summary>', '', ...table(['Stage', 'Time'], result.timings.map((t) => [escapeInline(t.stage), formatMs(t.ms)]), ['---', '---:']), '', '</details>'];
}

function skippedSection(result: RunResult, extra: Notice[]): string[] {
  const notices = [...result.notices, ...extra];
  const skipped = result.files.skipped;
  const out = ['', '### What was skipped and why', ''];
  if (notices.length === 0 && skipped.length === 0) {
    out.push('Nothing: every eligible file was analysed and every report was delivered.');
    return out;
  }
  for (const n of notices.slice(0, MAX_LIST)) out.push(`- ${LEVEL_ICON[n.level]} **${escapeInline(n.source, 60)}**: ${escapeInlineWithCode(safeText(n.message), 500)}`);
  if (notices.length > MAX_LIST) out.push(`- … and ${notices.length - MAX_LIST} more notices`);
  if (skipped.length > 0) {
    // Group by reason: a vendored folder can hold hundreds of files.
    const byReason = new Map<string, string[]>();
    for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.path]);
    out.push('', `<details><summary>${plural(skipped.length, 'file')} not analysed</summary>`, '');
    for (const [reason, paths] of byReason) {
      const shown = paths.slice(0, 20).map((p) => codeSpan(p)).join(', ');
      out.push(`- ${escapeInline(reason, 200)} (${paths.length}): ${shown}${paths.length > 20 ? `, … ${paths.length - 20} more` : ''}`);
    }
    out.push('', '</details>');
  }
  return out;
}

export function formatMarkdown(result: RunResult, opts: MarkdownOptions = {}): string {
  const h = '#'.repeat(opts.headingLevel ?? 2);
  const findings = safeFindings(result.findings);
  const out: string[] = [`${h} 🛡️ ${result.tool.name} ${result.tool.version}`, '', verdictLine(result), '', scopeLine(result), ''];
  out.push(...countsSection(result, findings));
  out.push(...findingsTable(result, findings, opts.topN ?? 25, 'Top findings'));
  if (opts.notInlined && opts.notInlined.length > 0) {
    out.push(...findingsTable(result, safeFindings(opts.notInlined), MAX_LIST, 'Findings without an inline comment'));
  }
  out.push(...functionsSection(result));
  out.push(...aiSection(result));
  out.push(...timingsSection(result));
  out.push(...skippedSection(result, opts.extraNotices ?? []));
  return `${out.join('\n')}\n`;
}
