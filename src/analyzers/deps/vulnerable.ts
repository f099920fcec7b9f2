/**
 * deps/vulnerable: every added or moved version is asked of OSV (exact versions from lock files; a manifest's
 * range only when no changed lock file beside it pins the package, then by its lowest allowed version).
 * Each vulnerable package is reported at the manifest line that introduces it when that line changed — its own
 * declaration, or for a transitive package the direct dependency that pulls it in — else at its lock file entry.
 */
import { SEVERITY_RANK, type Notice } from '../../findings/types.js';
import type { AnalyzerContext } from '../types.js';
import { readAdvisory, type Advisory } from './advisory.js';
import { upgradeFix } from './fix.js';
import { inOsv } from './formats.js';
import { OsvClient, OsvUnavailable, type OsvClientOptions, type OsvQuery } from './osv.js';
import { touched, type FindingSink, type Parsed } from './report.js';
import { normalizeName } from './typosquat.js';
import type { Dep } from './types.js';
import { compareVersions, pinnedVersion } from './versions.js';

interface Occurrence {
  p: Parsed;
  dep: Dep;
  /** False when the version is the lowest a manifest range allows. */
  exact: boolean;
  query: OsvQuery;
}

export interface VulnerabilityStats {
  unresolved: number;
  /** Changed packages of an ecosystem OSV does not define (CocoaPods, JSR): not queried. */
  notInOsv: number;
  osvQueries: number;
  osvRequests: number;
}

/** OSV spells Go versions without the leading "v". */
const osvVersion = (dep: Dep, version: string) => (dep.ecosystem === 'Go' ? version.replace(/^v(?=\d)/, '') : version);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The package versions to ask about, grouped by (ecosystem, name, version). */
function collect(parsed: Parsed[], stats: VulnerabilityStats, skipped: Map<string, number>): Occurrence[][] {
  const locked = new Set<string>();
  for (const p of parsed) if (p.format.kind === 'lock') for (const d of p.head.deps) locked.add(`${p.dir}|${d.ecosystem}|${normalizeName(d.ecosystem, d.name)}`);
  const groups = new Map<string, Occurrence[]>();
  for (const p of parsed) {
    for (const { dep, kind } of p.changes) {
      if (kind === 'unchanged' || (dep.source && dep.source !== 'registry')) continue;
      if (!inOsv(dep.ecosystem)) {
        stats.notInOsv++;
        skipped.set(dep.ecosystem, (skipped.get(dep.ecosystem) ?? 0) + 1);
        continue;
      }
      if (p.format.kind === 'manifest' && locked.has(`${p.dir}|${dep.ecosystem}|${normalizeName(dep.ecosystem, dep.name)}`)) continue;
      const pin = p.format.kind === 'lock' ? { version: dep.version, exact: true } : pinnedVersion(dep.ecosystem, dep.version);
      if (!pin) {
        stats.unresolved++; // `*`, an open range, a variable: no version to check
        continue;
      }
      const query: OsvQuery = { ecosystem: dep.ecosystem, name: dep.name, version: osvVersion(dep, pin.version) };
      const key = `${query.ecosystem}|${query.name}|${query.version}`;
      groups.set(key, [...(groups.get(key) ?? []), { p, dep, exact: pin.exact, query }]);
    }
  }
  return [...groups.values()];
}

export async function checkVulnerabilities(parsed: Parsed[], ctx: AnalyzerContext, client: Omit<OsvClientOptions, 'baseUrl'>, sink: FindingSink, notices: Notice[]): Promise<VulnerabilityStats> {
  const stats: VulnerabilityStats = { unresolved: 0, notInOsv: 0, osvQueries: 0, osvRequests: 0 };
  const skipped = new Map<string, number>();
  const groups = collect(parsed, stats, skipped);
  for (const [eco, n] of skipped) ctx.log.debug(`deps: OSV defines no ${eco} ecosystem; ${plural(n, 'changed package', 'changed packages')} not checked for advisories (downgrade and source checks still run)`);
  if (groups.length === 0) return stats;
  const osv = new OsvClient({ baseUrl: ctx.config.osvUrl, ...client });
  try {
    const ids = await osv.query(groups.map((g) => g[0]!.query));
    const details = await osv.vulns(ids.flat());
    const missing = new Set(ids.flat().filter((id) => !details.has(id)));
    if (missing.size > 0) {
      notices.push({ level: 'warning', source: 'deps', message: `OSV: details of ${plural(missing.size, 'advisory', 'advisories')} could not be fetched (${[...missing].slice(0, 5).join(', ')}); reported with id only` });
    }
    groups.forEach((group, i) => {
      const live = ids[i]!.filter((id) => !details.get(id)?.withdrawn);
      if (live.length === 0) return;
      const { query } = group[0]!;
      const advisories = live.map((id) => {
        const v = details.get(id);
        return v ? readAdvisory(v, query.ecosystem, query.name, query.version) : ({ id, ids: [id], severity: 'medium', cwe: [], url: `https://osv.dev/vulnerability/${id}` } satisfies Advisory);
      });
      for (const occ of group) reportVulnerable(occ, advisories, parsed, sink);
    });
  } catch (e) {
    if (!(e instanceof OsvUnavailable)) throw e;
    notices.push({ level: 'warning', source: 'deps', message: `OSV unreachable: ${ctx.config.osvUrl}: ${e.message}; dependency vulnerabilities not checked (${plural(groups.length, 'package version', 'package versions')})` });
  }
  stats.osvQueries = osv.stats.queries;
  stats.osvRequests = osv.stats.querybatchRequests + osv.stats.vulnRequests;
  return stats;
}

/** Where to report: the touched manifest declaration, the touched direct dependency that pulls it in, or the lock entry. */
function placeOf(occ: Occurrence, parsed: Parsed[]): { where: Parsed; dep: Dep; via?: string } {
  if (occ.p.format.kind !== 'lock') return { where: occ.p, dep: occ.dep };
  const want = normalizeName(occ.dep.ecosystem, occ.dep.name);
  const manifests = parsed.filter((m) => m.format.kind === 'manifest' && m.dir === occ.p.dir && m.format.ecosystem === occ.p.format.ecosystem);
  for (const m of manifests) {
    const d = m.head.deps.find((x) => normalizeName(x.ecosystem, x.name) === want && touched(m.file, x));
    if (d) return { where: m, dep: d };
  }
  const intro = findIntroducer(occ.p, want, manifests);
  return intro ? { where: intro.m, dep: intro.d, via: intro.d.name } : { where: occ.p, dep: occ.dep };
}

function reportVulnerable(occ: Occurrence, advisories: Advisory[], parsed: Parsed[], sink: FindingSink): void {
  const { where, dep, via } = placeOf(occ, parsed);
  const eco = occ.query.ecosystem;
  const worst = advisories.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] || (b.severity === a.severity && (b.score ?? 0) > (a.score ?? 0)) ? b : a));
  const score = Math.max(...advisories.map((a) => a.score ?? 0));
  // One version that fixes every advisory: the highest of their lowest fixes (unknown when one has none).
  const fixes = advisories.map((a) => a.fixed);
  const fixed = fixes.every(Boolean) ? fixes.reduce((a, b) => (a && b && compareVersions(eco, b, a) > 0 ? b : a)) : undefined;
  const list = advisories
    .slice(0, 5)
    .map((a) => `${a.ids.join(' / ')} (${a.severity}${a.score !== undefined ? `, ${a.scoreSource} ${a.score.toFixed(1)}` : ''})${a.summary ? `: ${a.summary}` : ''}`)
    .join('; ');
  const more = advisories.length > 5 ? `; and ${advisories.length - 5} more` : '';
  const version = occ.query.version;
  const bound = occ.exact ? '' : ` (the lowest version \`${occ.dep.version}\` allows; the installed one may differ)`;
  const fixText = fixed ? ` Fixed in ${fixed}.` : fixes.some(Boolean) ? ' Not every advisory has a fixed version.' : ' No fixed version is published.';
  const viaText = via ? ` It is pulled in by ${via} (locked in ${occ.p.file.path}).` : '';
  const message = `${occ.dep.name} ${version}${bound} has ${plural(advisories.length, 'known vulnerability', 'known vulnerabilities')}: ${list}${more}.${fixText}${viaText}`;
  // Upgrading the package itself is mechanical in a manifest; upgrading whatever pulls it in is not.
  const lines = [dep.line, ...range(dep.line + 1, dep.endLine ?? dep.line), ...(dep.versionLine ? [dep.versionLine] : [])];
  const fix = fixed && where.format.kind === 'manifest' && !via ? upgradeFix(where.file.path, where.file.head ?? '', dep, fixed.replace(/^v(?=\d)/, ''), lines) : undefined;
  sink.report(where, dep, 'deps/vulnerable', message, {
    severity: worst.severity,
    securitySeverity: score > 0 ? score : undefined,
    cwe: [...new Set(['CWE-1395', ...advisories.flatMap((a) => a.cwe)])],
    confidence: occ.exact ? 'high' : 'medium',
    fix,
    properties: {
      package: occ.dep.name,
      version,
      ...(via ? { introducedBy: via } : {}),
      advisories: advisories.map((a) => ({ id: a.id, aliases: a.ids.slice(1), severity: a.severity, score: a.score, fixed: a.fixed, url: a.url })),
      fixedVersion: fixed,
    },
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
        for (const n of graph.get(queue.shift()!) ?? []) {
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
