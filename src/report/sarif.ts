/**
 * SARIF 2.1.0 for code scanning and other viewers: one run, rules with help/tags/`security-severity`, results with
 * region, snippet, our own partial fingerprint, code flows and fixes. Validated against the official schema in tests.
 */
import type { RuleMeta } from '../analyzers/types.js';
import type { Finding, Location, Notice, Severity } from '../findings/types.js';
import { analyzerOf, safeFindings, safeText } from './common.js';
import { rulesFor } from './rules.js';
import type { RunResult } from './types.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'prSentinel/v1';
const INFORMATION_URI = 'https://github.com/pr-sentinel/pr-sentinel';

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** Code scanning's own severity vocabulary for non-security rules. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = { critical: 'error', high: 'error', medium: 'warning', low: 'recommendation', info: 'recommendation' };
/** Defaults on code scanning's scale (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0) when a rule gives none. */
const DEFAULT_SECURITY_SEVERITY: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 3.0, info: 0.5 };
const SECURITY_ANALYZERS = new Set(['secrets', 'sast', 'deps']);
const NOTICE_LEVEL: Record<Notice['level'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function isSecurityRule(rule: RuleMeta): boolean {
  return SECURITY_ANALYZERS.has(analyzerOf(rule.id)) || Boolean(rule.cwe?.length) || Boolean(rule.tags?.includes('security'));
}

function ruleTags(rule: RuleMeta): string[] {
  const tags = new Set(rule.tags ?? []);
  if (isSecurityRule(rule)) tags.add('security');
  // Code scanning links "external/cwe/cwe-NNN" tags to the CWE and uses them for filtering.
  for (const cwe of rule.cwe ?? []) {
    const n = /(\d+)/.exec(cwe)?.[1];
    if (n) tags.add(`external/cwe/cwe-${n}`);
  }
  tags.add(analyzerOf(rule.id));
  return [...tags];
}

function precisionOf(findings: Finding[]): string {
  const c = findings.find((f) => f.confidence)?.confidence;
  if (c === 'high') return 'high';
  if (c === 'low') return 'low';
  return 'medium';
}

function sarifRule(rule: RuleMeta, findings: Finding[]): Json {
  const first = findings[0];
  const helpMarkdown = rule.help ?? first?.guidance?.text ?? rule.title;
  const fullDescription = first?.guidance?.text ?? rule.help ?? rule.title;
  const properties: Json = { tags: ruleTags(rule), precision: precisionOf(findings), 'problem.severity': PROBLEM_SEVERITY[rule.severity] };
  if (isSecurityRule(rule)) properties['security-severity'] = (rule.securitySeverity ?? DEFAULT_SECURITY_SEVERITY[rule.severity]).toFixed(1);
  const out: Json = {
    id: rule.id,
    name: rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: safeText(rule.title) },
    fullDescription: { text: safeText(stripMarkdown(fullDescription)) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    help: { text: safeText(stripMarkdown(helpMarkdown)), markdown: safeText(helpMarkdown) },
    properties,
  };
  const url = first?.guidance?.url;
  if (url && /^https?:\/\//.test(url)) out.helpUri = url;
  return out;
}

function stripMarkdown(md: string): string {
  return md.replace(/```[^\n]*\n?/g, '').replace(/[*_`]/g, '').replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)').trim() || md;
}

function region(loc: Pick<Location, 'startLine' | 'endLine' | 'startColumn' | 'endColumn' | 'snippet'>): Json {
  const startLine = Math.max(1, loc.startLine);
  const endLine = Math.max(startLine, loc.endLine ?? startLine);
  const out: Json = { startLine };
  if (endLine !== startLine) out.endLine = endLine;
  if (loc.startColumn !== undefined && loc.startColumn >= 1) out.startColumn = loc.startColumn;
  if (loc.endColumn !== undefined && loc.endColumn >= 1 && (endLine !== startLine || loc.endColumn > (loc.startColumn ?? 1))) out.endColumn = loc.endColumn;
  if (loc.snippet !== undefined && loc.snippet !== '') out.snippet = { text: loc.snippet };
  return out;
}

function physicalLocation(loc: Location): Json {
  return { artifactLocation: { uri: encodeUri(loc.path), uriBaseId: '%SRCROOT%' }, region: region(loc) };
}

/** Repository-relative path as a relative URI reference (spaces and the like percent-encoded). */
function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function sarifResult(f: Finding, ruleIndex: number): Json {
  const out: Json = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message || f.title },
    locations: [{ physicalLocation: physicalLocation(f.location) }],
  };
  if (f.fingerprint) out.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  if (f.flow && f.flow.length > 0) {
    out.codeFlows = [
      {
        threadFlows: [
          {
            locations: f.flow.map((step) => ({
              location: { physicalLocation: physicalLocation(step), ...(step.message ? { message: { text: step.message } } : {}) },
            })),
          },
        ],
      },
    ];
  }
  if (f.fix && f.fix.replacements.length > 0) {
    const byPath = new Map<string, Json[]>();
    for (const r of f.fix.replacements) {
      const list = byPath.get(r.path) ?? [];
      // A region of whole lines without columns spans them up to (not including) the last line's newline, which
      // matches our replacement text (no trailing newline).
      list.push({ deletedRegion: { startLine: r.startLine, endLine: Math.max(r.startLine, r.endLine) }, insertedContent: { text: r.text } });
      byPath.set(r.path, list);
    }
    out.fixes = [
      {
        description: { text: f.fix.description || 'Suggested fix' },
        artifactChanges: [...byPath].map(([path, replacements]) => ({ artifactLocation: { uri: encodeUri(path), uriBaseId: '%SRCROOT%' }, replacements })),
      },
    ];
  }
  const props: Json = { severity: f.severity };
  if (f.tags?.length) props.tags = f.tags;
  if (f.confidence) props.confidence = f.confidence;
  if (f.guidance) props.guidance = { id: f.guidance.id, title: f.guidance.title, ...(f.guidance.url ? { url: f.guidance.url } : {}) };
  if (f.properties) Object.assign(props, { details: f.properties });
  out.properties = props;
  return out;
}

/** The SARIF log as an object. `rulesCatalog` overrides the analyzers' declared rules (tests). */
export function buildSarif(result: RunResult, catalog?: Map<string, RuleMeta>): Json {
  const findings = safeFindings(result.findings);
  const rules = rulesFor(findings, catalog);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const category = (result.config.sarifCategory || 'pr-sentinel').replace(/\/+$/, '');
  const run: Json = {
    tool: {
      driver: {
        name: result.tool.name,
        version: result.tool.version,
        semanticVersion: /^\d+\.\d+\.\d+/.test(result.tool.version) ? result.tool.version : undefined,
        informationUri: INFORMATION_URI,
        rules: rules.map((r) => sarifRule(r, byRule.get(r.id) ?? [])),
      },
    },
    automationDetails: { id: `${category}/` },
    invocations: [
      {
        executionSuccessful: !result.notices.some((n) => n.level === 'error'),
        toolExecutionNotifications: result.notices.map((n) => ({ level: NOTICE_LEVEL[n.level], message: { text: safeText(`${n.source}: ${n.message}`) } })),
      },
    ],
    results: findings.map((f) => sarifResult(f, index.get(f.ruleId)!)),
    columnKind: 'unicodeCodePoints',
  };
  const { repository, headSha, headRef } = result.change;
  if (repository && headSha) {
    run.versionControlProvenance = [
      { repositoryUri: `https://github.com/${repository}`, revisionId: headSha, ...(headRef && !/^[0-9a-f]{40}$/.test(headRef) ? { branch: headRef } : {}) },
    ];
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export function formatSarif(result: RunResult, catalog?: Map<string, RuleMeta>): string {
  return `${JSON.stringify(buildSarif(result, catalog), null, 2)}\n`;
}
