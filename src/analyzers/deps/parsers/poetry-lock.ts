/** poetry.lock (and pdm.lock, same layout): TOML `[[package]]` tables with name, version, category (old) or groups, and `[package.source]`. */
import { parse } from 'smol-toml';
import { addEdges, type Dep, type ParseResult } from '../types.js';
import { normalizePyName, parseRequirement } from './pep508.js';

interface Pkg {
  name?: string;
  version?: string;
  category?: string;
  /** poetry: a table name → constraint; pdm: an array of PEP 508 strings. */
  dependencies?: Record<string, unknown> | string[];
  source?: { type?: string; url?: string };
}

/** Lines of each `[[package]]` table's `name = "…"` and `version = "…"`, in order (TOML libraries drop positions). */
export function packageLines(text: string): Array<{ line: number; endLine?: number }> {
  const out: Array<{ line: number; endLine?: number }> = [];
  const lines = text.split(/\r?\n/);
  let current: { line: number; endLine?: number } | undefined;
  let inPackage = false;
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!.trim();
    if (l.startsWith('[')) {
      inPackage = l === '[[package]]';
      if (inPackage) {
        current = { line: n + 1 };
        out.push(current);
      }
      continue;
    }
    if (!inPackage || !current) continue;
    if (/^name\s*=/.test(l)) current.line = n + 1;
    else if (/^version\s*=/.test(l)) current.endLine = n + 1;
  }
  return out;
}

export function parsePoetryLock(text: string): ParseResult {
  const doc = parse(text) as { package?: Pkg[] };
  const lines = packageLines(text);
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  (doc.package ?? []).forEach((p, i) => {
    if (!p.name || !p.version) return;
    const names = Array.isArray(p.dependencies) ? p.dependencies.map((d) => parseRequirement(String(d))?.name ?? '').filter(Boolean) : Object.keys(p.dependencies ?? {}).map(normalizePyName);
    addEdges(requires, normalizePyName(p.name), names);
    const dep: Dep = { ecosystem: 'PyPI', name: normalizePyName(p.name), version: p.version, direct: false, line: lines[i]?.line ?? 1, endLine: lines[i]?.endLine, dev: p.category === 'dev', source: 'registry' };
    const t = p.source?.type;
    if (t === 'git') Object.assign(dep, { source: 'git', url: p.source?.url });
    else if (t === 'url') Object.assign(dep, { source: 'http', url: p.source?.url });
    else if (t === 'file' || t === 'directory') dep.source = 'path';
    deps.push(dep);
  });
  return { deps, requires };
}
