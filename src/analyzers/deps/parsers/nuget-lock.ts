/** packages.lock.json (NuGet): per target framework, name → {type: Direct|Transitive|Project, resolved}. */
import { jsonKeyLines, jsonPath } from '../locate.js';
import { addEdges, type Dep, type ParseResult } from '../types.js';

export function parseNugetLock(text: string): ParseResult {
  const doc = JSON.parse(text) as { dependencies?: Record<string, Record<string, { type?: string; resolved?: string; dependencies?: Record<string, string> }>> };
  const lines = jsonKeyLines(text);
  const deps: Dep[] = [];
  const seen = new Set<string>();
  const requires = new Map<string, Set<string>>();
  for (const [framework, pkgs] of Object.entries(doc.dependencies ?? {})) {
    for (const [name, p] of Object.entries(pkgs ?? {})) {
      if (p?.dependencies) addEdges(requires, name, Object.keys(p.dependencies));
      if (!p?.resolved || p.type === 'Project' || seen.has(`${name}@${p.resolved}`)) continue;
      seen.add(`${name}@${p.resolved}`);
      deps.push({ ecosystem: 'NuGet', name, version: p.resolved, direct: p.type === 'Direct', line: lines.get(jsonPath('dependencies', framework, name)) ?? 1, endLine: lines.get(jsonPath('dependencies', framework, name, 'resolved')), source: 'registry' });
    }
  }
  return { deps, requires };
}
