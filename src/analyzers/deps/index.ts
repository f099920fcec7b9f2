/**
 * Dependency risk analyzer. For every changed manifest and lock file (the runner's `depsFiles`): parse base and
 * head, diff them, then report
 * - deps/vulnerable: added or moved versions with OSV advisories (at the manifest line when that line changed,
 *   else at the lock file entry), with ids, CVSS-based severity, fixed version and an upgrade fix;
 * - deps/downgrade, deps/git-source, deps/insecure-source, deps/install-script and deps/typosquat.
 * An unreachable OSV becomes a Notice; the other checks still run. Parse errors are per-file Notices.
 */
import { dirname } from 'node:path/posix';
import { SEVERITY_RANK, type Finding, type Notice } from '../../findings/types.js';
import { rangeTouched, isChanged, type AnalyzedFile, type Analyzer, type AnalyzerContext, type RuleMeta } from '../types.js';
import { readAdvisory, type Advisory } from './advisory.js';
import { diffDeps, type DepChange } from './diff.js';
import { upgradeFix } from './fix.js';
import { formatOf, PARSERS, type Format } from './formats.js';
import { OsvClient, OsvUnavailable, type OsvQuery } from './osv.js';
import RULES from './rules.json' with { type: 'json' };
import { normalizeName, typosquatTarget } from './typosquat.js';
import type { Dep, ParseResult } from './types.js';
import { compareVersions, pinnedVersion } from './versions.js';

export interface DepsOptions {
  /** Per-request OSV timeout (ms); `osv-timeout-ms` in the config's raw keys wins. Default 10 000. */
  timeoutMs?: number;
  /** Backoff before the single OSV retry (ms). Default 500. */
  retryDelayMs?: number;
  /** Parallel advisory downloads. Default 8. */
  concurrency?: number;
  /** Queries per querybatch request. Default 1000 (the API's maximum). */
  batchSize?: number;
}

interface Parsed {
  file: AnalyzedFile;
  format: Format;
  dir: string;
  head: ParseResult;
  base?: ParseResult;
  changes: DepChange[];
}

const META = new Map((RULES.rules as RuleMeta[]).map((r) => [r.id, r]));
const rule = (id: string): RuleMeta => META.get(id)!;
const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function numberOption(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The line to report a dependency at: its declaration, or the line that sets its version when only that changed. */
function lineFor(file: AnalyzedFile, dep: Dep): { startLine: number; endLine?: number } {
  const end = dep.endLine ?? dep.line;
  if (!rangeTouched(file, dep.line, end) && dep.versionLine && isChanged(file, dep.versionLine)) return { startLine: dep.versionLine };
  return end > dep.line ? { startLine: dep.line, endLine: end } : { startLine: dep.line };
}

function touched(file: AnalyzedFile, dep: Dep): boolean {
  return rangeTouched(file, dep.line, dep.endLine ?? dep.line) || (dep.versionLine !== undefined && isChanged(file, dep.versionLine));
}

function snippet(file: AnalyzedFile, line: number): string | undefined {
  return file.head?.split(/\r?\n/)[line - 1]?.trim().slice(0, 200);
}

/** OSV spells Go versions without the leading "v". */
const osvVersion = (dep: Dep, version: string) => (dep.ecosystem === 'Go' ? version.replace(/^v(?=\d)/, '') : version);

export function createDepsAnalyzer(options: DepsOptions = {}): Analyzer {
  return {
    name: 'deps',
    rules: () => [...META.values()],
    analyze: (files, ctx) => analyzeDeps(files, ctx, options),
  };
}

export const analyzer: Analyzer = createDepsAnalyzer();

async function analyzeDeps(files: AnalyzedFile[], ctx: AnalyzerContext, options: DepsOptions) {
  const notices: Notice[] = [];
  const findings: Finding[] = [];
  const stats: Record<string, number> = { files: 0, deps: 0, added: 0, upgraded: 0, downgraded: 0, removed: 0, unresolved: 0, osvQueries: 0, osvRequests: 0, vulnerable: 0 };

  // 1. Parse both sides of every known manifest / lock file.
  const parsed: Parsed[] = [];
  const unsupported: string[] = [];
  for (const file of files) {
    const format = formatOf(file.path);
    if (!format) {
      // go.sum only repeats go.mod's versions with hashes; anything else is a format this analyzer does not read.
      if (!file.path.endsWith('go.sum') && file.head !== undefined) unsupported.push(file.path);
      continue;
    }
    if (file.head === undefined) continue; // deleted files only remove dependencies
    const parser = PARSERS[format.parser]!;
    let head: ParseResult;
    try {
      head = parser(file.head);
    } catch (e) {
      notices.push({ level: 'warning', source: 'deps', message: `${file.path}: could not parse, dependencies not checked: ${describe(e)}` });
      continue;
    }
    let base: ParseResult | undefined;
    if (file.base !== undefined) {
      try {
        base = parser(file.base);
      } catch (e) {
        notices.push({ level: 'info', source: 'deps', message: `${file.path}: base version could not be parsed (${describe(e)}); every dependency counts as new` });
      }
    }
    const { changes, removed } = diffDeps(base?.deps, head.deps);
    stats.files!++;
    stats.deps! += head.deps.length;
    stats.removed! += removed.length;
    for (const c of changes) if (c.kind in stats) stats[c.kind]!++;
    parsed.push({ file, format, dir: dirname(file.path), head, base, changes });
  }
  if (unsupported.length > 0) {
    notices.push({ level: 'info', source: 'deps', message: `dependency files not analysed (format not supported): ${unsupported.slice(0, 10).join(', ')}${unsupported.length > 10 ? ` and ${unsupported.length - 10} more` : ''}` });
  }
  // Manifests first: when a manifest and its lock file say the same thing, the manifest line is reported.
  parsed.sort((a, b) => (a.format.kind === b.format.kind ? 0 : a.format.kind === 'manifest' ? -1 : 1));

  const reported = new Set<string>();
  const report = (p: Parsed, dep: Dep, id: string, message: string, extra: Partial<Finding> = {}) => {
    const pkg = String(extra.properties?.['package'] ?? dep.name);
    const key = `${id}|${p.dir}|${dep.ecosystem}|${normalizeName(dep.ecosystem, pkg)}|${extra.properties?.['version'] ?? ''}`;
    if (reported.has(key)) return;
    reported.add(key);
    const meta = rule(id);
    const at = lineFor(p.file, dep);
    findings.push({
      ruleId: id,
      severity: meta.severity,
      title: meta.title,
      message,
      location: { path: p.file.path, ...at, snippet: snippet(p.file, at.startLine) },
      cwe: meta.cwe,
      tags: meta.tags,
      help: meta.help,
      confidence: 'high',
      ...extra,
      properties: { ecosystem: dep.ecosystem, package: dep.name, ...extra.properties },
    });
  };

  // 2. Checks that need no network.
  for (const p of parsed) {
    for (const { dep, kind, previous } of p.changes) {
      if (kind === 'unchanged') continue;
      if (kind === 'downgraded') report(p, dep, 'deps/downgrade', `${dep.name} is downgraded from ${previous} to ${dep.version}.`, { properties: { from: previous, to: dep.version } });
      if (dep.source === 'git') {
        // A full commit hash cannot be moved to other code; a branch or tag can.
        const pinned = /(^|[#@=/])[0-9a-f]{40}\b/.test(dep.url ?? dep.version);
        const what = dep.packageSource ? `Packages can come from the git repository ${dep.url}` : `${dep.name} is installed from a git repository (${dep.url ?? dep.version})`;
        const risk = pinned ? '; it is pinned to a commit' : '; a branch or tag can be moved to other code — pin a full commit hash at least';
        report(p, dep, 'deps/git-source', `${what} instead of the ${dep.ecosystem} registry${dep.packageSource ? '' : risk}.`, pinned ? { severity: 'low' } : {});
      }
      if (dep.url && /^(git\+)?http:\/\//i.test(dep.url)) {
        const what = dep.packageSource ? `Packages from ${dep.url} are` : `${dep.name} is`;
        report(p, dep, 'deps/insecure-source', `${what} downloaded over plain http${dep.packageSource ? '' : ` (${dep.url})`}; anyone on the network path can swap ${dep.packageSource ? 'them' : 'it'}.`);
      }
      // Only names the project itself declares: that is where a mistyped name gets in.
      if (kind === 'added' && dep.direct && !dep.packageSource) {
        const target = typosquatTarget(dep.ecosystem, dep.name);
        if (target) report(p, dep, 'deps/typosquat', `${dep.name} is one edit away from the popular ${dep.ecosystem} package ${target}; check that this is the package you meant.`, { confidence: 'medium', properties: { lookalike: target } });
      }
    }
    const before = new Set((p.base?.installScripts ?? []).map((s) => `${s.name}\u0000${s.command}`));
    for (const s of p.head.installScripts ?? []) {
      if (before.has(`${s.name}\u0000${s.command}`)) continue;
      const meta = rule('deps/install-script');
      findings.push({
        ruleId: meta.id,
        severity: meta.severity,
        title: meta.title,
        message: `A \`${s.name}\` script runs on every install of this package: \`${s.command.slice(0, 120)}\`.`,
        location: { path: p.file.path, startLine: s.line, snippet: snippet(p.file, s.line) },
        cwe: meta.cwe,
        tags: meta.tags,
        help: meta.help,
        confidence: 'high',
        properties: { script: s.name },
      });
    }
  }

  // 3. Known vulnerabilities of every added or moved version.
  const lockNames = new Set<string>();
  for (const p of parsed) if (p.format.kind === 'lock') for (const d of p.head.deps) lockNames.add(`${p.dir}|${d.ecosystem}|${normalizeName(d.ecosystem, d.name)}`);
  const occurrences = new Map<string, Array<{ p: Parsed; dep: Dep; exact: boolean; query: OsvQuery }>>();
  for (const p of parsed) {
    for (const { dep, kind } of p.changes) {
      if (kind === 'unchanged' || (dep.source && dep.source !== 'registry')) continue;
      // A manifest range is only checked when no changed lock file in the same folder gives the exact version.
      if (p.format.kind === 'manifest' && lockNames.has(`${p.dir}|${dep.ecosystem}|${normalizeName(dep.ecosystem, dep.name)}`)) continue;
      const pin = p.format.kind === 'lock' ? { version: dep.version, exact: true } : pinnedVersion(dep.ecosystem, dep.version);
      if (!pin) {
        stats.unresolved!++; // `*`, an unconstrained requirement, a variable: no version to check
        continue;
      }
      const query: OsvQuery = { ecosystem: dep.ecosystem, name: dep.name, version: osvVersion(dep, pin.version) };
      const key = `${query.ecosystem}|${query.name}|${query.version}`;
      const list = occurrences.get(key) ?? [];
      list.push({ p, dep, exact: pin.exact, query });
      occurrences.set(key, list);
    }
  }
  if (occurrences.size > 0) {
    const client = new OsvClient({
      baseUrl: ctx.config.osvUrl,
      timeoutMs: numberOption(ctx.config.raw['osv-timeout-ms']) ?? options.timeoutMs,
      retryDelayMs: options.retryDelayMs,
      concurrency: options.concurrency,
      batchSize: options.batchSize,
    });
    const groups = [...occurrences.values()];
    try {
      const ids = await client.query(groups.map((g) => g[0]!.query));
      const details = await client.vulns(ids.flat());
      const missing = new Set(ids.flat().filter((id) => !details.has(id)));
      if (missing.size > 0) notices.push({ level: 'warning', source: 'deps', message: `OSV: details of ${missing.size} ${missing.size === 1 ? 'advisory' : 'advisories'} could not be fetched (${[...missing].slice(0, 5).join(', ')}); reported with id only` });
      groups.forEach((group, i) => {
        const vulnIds = ids[i]!.filter((id) => !details.get(id)?.withdrawn);
        if (vulnIds.length === 0) return;
        const { query } = group[0]!;
        const advisories = vulnIds.map((id) => {
          const v = details.get(id);
          return v ? readAdvisory(v, query.ecosystem, query.name, query.version) : ({ id, ids: [id], severity: 'medium', cwe: [], url: `https://osv.dev/vulnerability/${id}` } satisfies Advisory);
        });
        for (const occ of group) reportVulnerable(occ, advisories, parsed, report);
      });
    } catch (e) {
      if (!(e instanceof OsvUnavailable)) throw e;
      notices.push({ level: 'warning', source: 'deps', message: `OSV unreachable (${ctx.config.osvUrl}: ${e.message}); dependency vulnerabilities not checked for ${plural(occurrences.size, 'package version')}` });
    }
    stats.osvQueries = client.stats.queries;
    stats.osvRequests = client.stats.querybatchRequests + client.stats.vulnRequests;
  }
  stats.vulnerable = findings.filter((f) => f.ruleId === 'deps/vulnerable').length;
  ctx.log.debug(`deps: ${stats.files} files, ${stats.deps} dependencies, ${stats.osvQueries} OSV queries`);
  return { findings, notices, stats };
}

type Reporter = (p: Parsed, dep: Dep, id: string, message: string, extra?: Partial<Finding>) => void;

function reportVulnerable(occ: { p: Parsed; dep: Dep; exact: boolean; query: OsvQuery }, advisories: Advisory[], parsed: Parsed[], report: Reporter): void {
  // Prefer the manifest line that declares this package when the change touched it; for a transitive package,
  // the changed manifest line of the direct dependency that pulls it in (review mode only).
  let where = occ.p;
  let dep = occ.dep;
  let via: string | undefined;
  if (occ.p.format.kind === 'lock') {
    const want = normalizeName(dep.ecosystem, dep.name);
    const manifests = parsed.filter((m) => m.format.kind === 'manifest' && m.dir === occ.p.dir && m.format.ecosystem === occ.p.format.ecosystem);
    const declared = manifests.flatMap((m) => m.head.deps.filter((d) => normalizeName(d.ecosystem, d.name) === want && touched(m.file, d)).map((d) => ({ m, d })))[0];
    const introducer = declared ? undefined : findIntroducer(occ.p, want, manifests);
    const pick = declared ?? introducer;
    if (pick) {
      where = pick.m;
      dep = pick.d;
      if (introducer) via = introducer.d.name;
    }
  }
  const worst = advisories.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] || (b.severity === a.severity && (b.score ?? 0) > (a.score ?? 0)) ? b : a));
  const score = Math.max(...advisories.map((a) => a.score ?? 0));
  // One version that fixes every advisory: the highest of their lowest fixes (unknown when one has none).
  const fixes = advisories.map((a) => a.fixed);
  const fixed = fixes.every(Boolean) ? fixes.reduce((a, b) => (a && b && compareVersions(occ.query.ecosystem, b, a) > 0 ? b : a)) : undefined;
  const list = advisories
    .slice(0, 5)
    .map((a) => `${a.ids.join(' / ')} (${a.severity}${a.score !== undefined ? `, ${a.scoreSource} ${a.score.toFixed(1)}` : ''})${a.summary ? `: ${a.summary}` : ''}`)
    .join('; ');
  const more = advisories.length > 5 ? `; and ${advisories.length - 5} more` : '';
  const version = occ.query.version;
  const bound = occ.exact ? '' : ` (the lowest version \`${occ.dep.version}\` allows; the installed one may differ)`;
  const fixText = fixed ? ` Fixed in ${fixed}.` : fixes.some(Boolean) ? ' Not every advisory has a fixed version.' : ' No fixed version is published.';
  const viaText = via ? ` It is pulled in by ${via} (locked in ${occ.p.file.path}).` : '';
  const message = `${occ.dep.name} ${version}${bound} has ${advisories.length} known ${advisories.length === 1 ? 'vulnerability' : 'vulnerabilities'}: ${list}${more}.${fixText}${viaText}`;
  const text = where.file.head ?? '';
  const candidates = [dep.line, ...(dep.endLine ? range(dep.line, dep.endLine) : []), ...(dep.versionLine ? [dep.versionLine] : [])];
  const fix = fixed && where.format.kind === 'manifest' && !via ? upgradeFix(where.file.path, text, dep, fixed.replace(/^v(?=\d)/, ''), candidates) : undefined;
  const cwe = [...new Set(['CWE-1395', ...advisories.flatMap((a) => a.cwe)])];
  report(where, dep, 'deps/vulnerable', message, {
    severity: worst.severity,
    securitySeverity: score > 0 ? score : undefined,
    cwe,
    confidence: occ.exact ? 'high' : 'medium',
    fix,
    properties: { package: occ.dep.name, version, ...(via ? { introducedBy: via } : {}), advisories: advisories.map((a) => ({ id: a.id, aliases: a.ids.slice(1), severity: a.severity, score: a.score, fixed: a.fixed, url: a.url })), fixedVersion: fixed },
  });
}

/** A changed direct dependency, declared in one of `manifests`, whose lock-file dependency tree contains `want`. */
function findIntroducer(lock: Parsed, want: string, manifests: Parsed[]): { m: Parsed; d: Dep } | undefined {
  const graph = lock.head.requires;
  if (!graph) return undefined;
  for (const m of manifests) {
    if (m.file.changedLines === 'all') continue; // scan mode: nothing was "introduced"
    for (const d of m.head.deps) {
      if (!touched(m.file, d)) continue;
      const seen = new Set<string>([d.name]);
      const queue = [d.name];
      while (queue.length > 0) {
        const next = graph.get(queue.shift()!);
        for (const n of next ?? []) {
          if (normalizeName(d.ecosystem, n) === want) return { m, d };
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
    }
  }
  return undefined;
}

const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
