/** composer.lock: `packages` and `packages-dev` arrays; Packagist packages carry a git `source` too, so `dist` decides. */
import { jsonKeyLines, jsonPath } from '../locate.js';
import { addEdges, type Dep, type ParseResult } from '../types.js';

interface Pkg {
  name?: string;
  version?: string;
  require?: Record<string, string>;
  source?: { type?: string; url?: string };
  dist?: { type?: string; url?: string };
}

export function parseComposerLock(text: string): ParseResult {
  const doc = JSON.parse(text) as { packages?: Pkg[]; 'packages-dev'?: Pkg[] };
  const lines = jsonKeyLines(text);
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  for (const section of ['packages', 'packages-dev'] as const) {
    (doc[section] ?? []).forEach((p, i) => {
      if (!p?.name || !p.version) return;
      addEdges(requires, p.name, Object.keys(p.require ?? {}).filter((r) => r.includes('/')));
      const dep: Dep = { ecosystem: 'Packagist', name: p.name, version: p.version.replace(/^v(?=\d)/, ''), direct: false, line: lines.get(jsonPath(section, String(i), 'name')) ?? 1, endLine: lines.get(jsonPath(section, String(i), 'version')), dev: section === 'packages-dev', source: 'registry' };
      const dist = p.dist?.url;
      if (!dist && p.source?.type === 'git') Object.assign(dep, { source: 'git', url: p.source.url });
      else if (dist?.startsWith('http://')) Object.assign(dep, { source: 'http', url: dist });
      else if (p.dist?.type === 'path') dep.source = 'path';
      deps.push(dep);
    });
  }
  return { deps, requires };
}
