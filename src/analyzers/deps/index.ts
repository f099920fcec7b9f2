/**
 * Dependency risk analyzer. For every changed manifest and lock file (the runner's `depsFiles`): parse base and
 * head, diff them, then report
 * - deps/vulnerable: added or moved versions with OSV advisories (vulnerable.ts);
 * - deps/downgrade, deps/git-source, deps/insecure-source, deps/install-script and deps/typosquat (checks.ts).
 * An unreachable OSV becomes a Notice and the other checks still report; a file that does not parse is a Notice too.
 */
import { dirname } from 'node:path/posix';
import type { Notice } from '../../findings/types.js';
import type { AnalyzedFile, Analyzer, AnalyzerContext, AnalyzerResult } from '../types.js';
import { localChecks } from './checks.js';
import { diffDeps } from './diff.js';
import { formatOf, PARSERS } from './formats.js';
import { FindingSink, RULE_META, type Parsed } from './report.js';
import type { ParseResult } from './types.js';
import { checkVulnerabilities } from './vulnerable.js';

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

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

function numberOption(raw: unknown): number | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function createDepsAnalyzer(options: DepsOptions = {}): Analyzer {
  return {
    name: 'deps',
    rules: () => [...RULE_META.values()],
    analyze: (files, ctx) => analyzeDeps(files, ctx, options),
  };
}

export const analyzer: Analyzer = createDepsAnalyzer();

/** Parse both sides of every known manifest and lock file and diff them; unreadable files become notices. */
function parseAll(files: AnalyzedFile[], notices: Notice[], stats: Record<string, number>): Parsed[] {
  const parsed: Parsed[] = [];
  const unsupported: string[] = [];
  for (const file of files) {
    const format = formatOf(file.path);
    if (!format) {
      // go.sum only repeats go.mod's versions with hashes; anything else is a format this analyzer does not read.
      if (!file.path.endsWith('go.sum') && file.head !== undefined) unsupported.push(file.path);
      continue;
    }
    if (file.head === undefined) continue; // a deleted file only removes dependencies
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
    const more = unsupported.length > 10 ? ` and ${unsupported.length - 10} more` : '';
    notices.push({ level: 'info', source: 'deps', message: `dependency files not analysed (format not supported): ${unsupported.slice(0, 10).join(', ')}${more}` });
  }
  // Manifests first: when a manifest and its lock file say the same thing, the manifest line is reported.
  return parsed.sort((a, b) => (a.format.kind === b.format.kind ? 0 : a.format.kind === 'manifest' ? -1 : 1));
}

async function analyzeDeps(files: AnalyzedFile[], ctx: AnalyzerContext, options: DepsOptions): Promise<AnalyzerResult> {
  const notices: Notice[] = [];
  const stats: Record<string, number> = { files: 0, deps: 0, added: 0, upgraded: 0, downgraded: 0, removed: 0 };
  const parsed = parseAll(files, notices, stats);
  const sink = new FindingSink();
  localChecks(parsed, sink);
  const osv = await checkVulnerabilities(
    parsed,
    ctx,
    { timeoutMs: numberOption(ctx.config.raw['osv-timeout-ms']) ?? options.timeoutMs, retryDelayMs: options.retryDelayMs, concurrency: options.concurrency, batchSize: options.batchSize },
    sink,
    notices,
  );
  Object.assign(stats, osv, { vulnerable: sink.findings.filter((f) => f.ruleId === 'deps/vulnerable').length });
  ctx.log.debug(`deps: ${stats.files} files, ${stats.deps} dependencies, ${stats.osvQueries} OSV queries`);
  return { findings: sink.findings, notices, stats };
}
