/** Builds Findings from rule data: location, redacted snippet, rule metadata. */
import type { Finding, Location } from '../../findings/types.js';
import { redactText } from '../secrets/redact.js';
import type { RuleData } from './types.js';

export interface Hit {
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
  /** Replaces rule.message (taint flow sentence + rule message). */
  message?: string;
  flow?: Array<Location & { message?: string }>;
}

/** Values after `=`/`:` are masked for secret-ish rules even when the secrets rules would not recognise them. */
function maskAssignedValues(text: string): string {
  return text.replace(/([=:]\s*)(["']?)([^\s"']{2,})\2/g, (_m, eq: string, q: string) => `${eq}${q}…${q}`);
}

export function snippetOf(lines: string[], start: number, end: number, rule: Pick<RuleData, 'family'>): string {
  const text = lines.slice(start - 1, Math.min(end, start + 4)).join('\n');
  const redacted = redactText(text);
  return rule.family === 'hardcoded-secret' ? maskAssignedValues(redacted) : redacted;
}

export function makeFinding(rule: RuleData, path: string, lines: string[], hit: Hit): Finding {
  const location: Location = { path, startLine: hit.startLine, endLine: hit.endLine, snippet: snippetOf(lines, hit.startLine, hit.endLine, rule) };
  if (hit.startColumn !== undefined) location.startColumn = hit.startColumn;
  if (hit.endColumn !== undefined && hit.endLine === hit.startLine) location.endColumn = hit.endColumn;
  const finding: Finding = {
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    message: hit.message ?? rule.message,
    location,
    cwe: rule.cwe,
    tags: ['security', rule.family, `owasp:${rule.owasp}`],
    securitySeverity: rule.securitySeverity,
    confidence: rule.confidence ?? (rule.kind === 'taint' ? 'high' : 'medium'),
    help: rule.help,
    properties: { family: rule.family, owasp: rule.owasp },
  };
  if (hit.flow) finding.flow = hit.flow;
  return finding;
}
