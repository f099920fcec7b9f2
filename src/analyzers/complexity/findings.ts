/**
 * Turn head/base metrics of touched functions into findings. A finding appears only when the change crosses a
 * threshold or raises a value that is already over it; untouched pre-existing debt stays quiet.
 */
import type { ComplexityThresholds } from '../../config/types.js';
import type { Finding, FunctionMetrics, Severity } from '../../findings/types.js';
import RULES from './rules.json' with { type: 'json' };

type RuleId = Exclude<keyof typeof RULES, '//'>;

function finding(ruleId: RuleId, severity: Severity, message: string, path: string, startLine: number, endLine: number, properties: Record<string, unknown>): Finding {
  const rule = RULES[ruleId];
  return {
    ruleId,
    severity,
    title: rule.title,
    message,
    location: { path, startLine, endLine },
    help: rule.help,
    confidence: 'high',
    tags: ['maintainability', ruleId.startsWith('quality/') ? 'code-smell' : 'complexity'],
    properties,
  };
}

/** "8 → 23" in review mode with a base, "23" otherwise. */
function change(value: number, base: number | undefined): string {
  return base === undefined || base === value ? String(value) : `${base} → ${value}`;
}

/** Over the threshold now, and either it was not before (or did not exist) or it went up. */
function raised(value: number, base: number | undefined, threshold: number): boolean {
  return value > threshold && (base === undefined || base <= threshold || value > base);
}

export function functionFindings(fn: FunctionMetrics, t: ComplexityThresholds, deepest?: { startLine: number; endLine: number; touched: boolean }): Finding[] {
  if (fn.lowConfidence) return [];
  const out: Finding[] = [];
  const b = fn.base;
  const where = (rule: RuleId, sev: Severity, msg: string, props: Record<string, unknown>): void => {
    out.push(finding(rule, sev, msg, fn.file, fn.startLine, fn.endLine, { function: fn.name, language: fn.language, ...props }));
  };
  const name = `\`${fn.name}\``;

  // Cyclomatic: two levels. A move from warning to critical is a crossing too.
  const level = (v: number): number => (v > t.cyclomaticCritical ? 2 : v > t.cyclomaticWarning ? 1 : 0);
  const cc = fn.cyclomatic;
  const bcc = b?.cyclomatic;
  if (level(cc) > 0 && (bcc === undefined || level(cc) > level(bcc) || cc > bcc)) {
    const critical = level(cc) === 2;
    const label = critical ? `critical > ${t.cyclomaticCritical}` : `warning > ${t.cyclomaticWarning}`;
    where('complexity/cyclomatic', critical ? 'high' : 'medium', `${name} cyclomatic ${change(cc, bcc)} (${label})`, {
      metric: 'cyclomatic',
      value: cc,
      base: bcc,
      threshold: critical ? t.cyclomaticCritical : t.cyclomaticWarning,
    });
  }
  if (raised(fn.cognitive, b?.cognitive, t.cognitive)) {
    where('complexity/cognitive', 'medium', `${name} cognitive ${change(fn.cognitive, b?.cognitive)} (> ${t.cognitive})`, {
      metric: 'cognitive',
      value: fn.cognitive,
      base: b?.cognitive,
      threshold: t.cognitive,
    });
  }
  const nestingRaised = raised(fn.nesting, b?.nesting, t.nesting);
  if (nestingRaised) {
    where('complexity/nesting', 'medium', `${name} nesting depth ${change(fn.nesting, b?.nesting)} (> ${t.nesting})`, {
      metric: 'nesting',
      value: fn.nesting,
      base: b?.nesting,
      threshold: t.nesting,
    });
  } else if (deepest?.touched && fn.nesting > t.nesting) {
    // Already too deep before, and the change adds code right in the deepest block: point at that block.
    out.push(
      finding('quality/deep-nesting', 'low', `code added at nesting depth ${fn.nesting} in ${name} (> ${t.nesting})`, fn.file, deepest.startLine, deepest.endLine, {
        function: fn.name,
        metric: 'nesting',
        value: fn.nesting,
        threshold: t.nesting,
      }),
    );
  }
  if (raised(fn.lines, b?.lines, t.length)) {
    where('quality/long-function', fn.lines > 2 * t.length ? 'medium' : 'low', `${name} is ${change(fn.lines, b?.lines)} lines long (> ${t.length})`, {
      metric: 'lines',
      value: fn.lines,
      base: b?.lines,
      threshold: t.length,
    });
  }
  if (raised(fn.params, b?.params, t.params)) {
    where('quality/too-many-params', 'low', `${name} takes ${change(fn.params, b?.params)} parameters (> ${t.params})`, {
      metric: 'params',
      value: fn.params,
      base: b?.params,
      threshold: t.params,
    });
  }
  return out;
}

/** Growth of an already large file counts once it adds at least this share of the threshold. */
const LARGE_FILE_GROWTH = 0.05;

export function largeFileFinding(path: string, codeLines: number, baseCodeLines: number | undefined, totalLines: number, threshold: number): Finding | undefined {
  if (codeLines <= threshold) return undefined;
  const crossed = baseCodeLines === undefined || baseCodeLines <= threshold;
  if (!crossed && codeLines - baseCodeLines < Math.max(1, Math.ceil(threshold * LARGE_FILE_GROWTH))) return undefined;
  return finding('quality/large-file', 'low', `\`${path}\` has ${change(codeLines, baseCodeLines)} lines of code (> ${threshold})`, path, 1, Math.max(1, totalLines), {
    metric: 'codeLines',
    value: codeLines,
    base: baseCodeLines,
    threshold,
  });
}

export function duplicateFinding(d: { path: string; startLine: number; endLine: number; lineCount: number; original: { path: string; startLine: number; endLine: number } }): Finding {
  const orig = d.original.path === d.path ? `lines ${d.original.startLine}–${d.original.endLine}` : `\`${d.original.path}\` lines ${d.original.startLine}–${d.original.endLine}`;
  return finding('quality/duplicate-code', 'low', `${d.lineCount} added lines repeat code added at ${orig}`, d.path, d.startLine, d.endLine, {
    original: d.original,
  });
}

export function ruleMetas(): Array<{ id: RuleId; title: string; severity: Severity; help: string }> {
  return (Object.keys(RULES) as Array<keyof typeof RULES>)
    .filter((k): k is RuleId => k !== '//')
    .map((id) => ({ id, title: RULES[id].title, severity: RULES[id].severity as Severity, help: RULES[id].help }));
}
