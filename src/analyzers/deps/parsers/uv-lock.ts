/**
 * uv.lock: TOML `[[package]]` tables with `source = { registry | git | url | path | editable | virtual }`.
 * The project itself (editable/virtual source) is skipped; its `dependencies` are the direct ones.
 */
import { parse } from 'smol-toml';
import { addEdges, type Dep, type ParseResult } from '../types.js';
import { normalizePyName } from './pep508.js';
import { packageLines } from './poetry-lock.js';

interface Pkg {
  name?: string;
  version?: string;
  source?: { registry?: string; git?: string; url?: string; path?: string; editable?: string; virtual?: string; directory?: string };
  dependencies?: Array<{ name?: string }>;
  'dev-dependencies'?: Record<string, Array<{ name?: string }>>;
}

export function parseUvLock(text: string): ParseResult {
  const doc = parse(text) as { package?: Pkg[] };
  const lines = packageLines(text);
  const pkgs = doc.package ?? [];
  const requires = new Map<string, Set<string>>();
  const direct = new Set<string>();
  const isProject = (p: Pkg) => p.source?.editable !== undefined || p.source?.virtual !== undefined;
  for (const p of pkgs) {
    if (!p.name) continue;
    const names = (p.dependencies ?? []).map((d) => normalizePyName(d.name ?? '')).filter(Boolean);
    addEdges(requires, normalizePyName(p.name), names);
    if (isProject(p)) {
      for (const n of names) direct.add(n);
      for (const group of Object.values(p['dev-dependencies'] ?? {})) for (const d of group) if (d.name) direct.add(normalizePyName(d.name));
    }
  }
  const deps: Dep[] = [];
  pkgs.forEach((p, i) => {
    if (!p.name || !p.version || isProject(p)) return;
    const name = normalizePyName(p.name);
    const dep: Dep = { ecosystem: 'PyPI', name, version: p.version, direct: direct.has(name), line: lines[i]?.line ?? 1, endLine: lines[i]?.endLine, source: 'registry' };
    const s = p.source ?? {};
    if (s.git) Object.assign(dep, { source: 'git', url: s.git });
    else if (s.url) Object.assign(dep, { source: 'http', url: s.url });
    else if (s.path || s.directory) dep.source = 'path';
    else if (s.registry?.startsWith('http://')) Object.assign(dep, { source: 'http', url: s.registry });
    deps.push(dep);
  });
  return { deps, requires };
}
