/** package-lock.json / npm-shrinkwrap.json: lockfileVersion 2/3 `packages` map, or the v1 nested `dependencies` tree. */
import { jsonKeyLines, jsonPath } from '../locate.js';
import { addEdges, type Dep, type DepSource, type ParseResult } from '../types.js';

interface V1Entry {
  version?: string;
  resolved?: string;
  dev?: boolean;
  requires?: Record<string, string>;
  dependencies?: Record<string, V1Entry>;
}
interface V2Entry {
  version?: string;
  resolved?: string;
  dev?: boolean;
  link?: boolean;
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Where a locked package came from, judged by its `resolved` URL (or its version field in v1). */
export function lockSource(resolved: string | undefined): { source: DepSource; url?: string } {
  if (!resolved) return { source: 'registry' };
  if (/^(git\+|git:|github:)/.test(resolved)) return { source: 'git', url: resolved };
  if (/^http:\/\//.test(resolved)) return { source: 'http', url: resolved };
  if (/^file:/.test(resolved)) return { source: 'file', url: resolved };
  return { source: 'registry' };
}

export function parsePackageLock(text: string): ParseResult {
  const doc = JSON.parse(text) as { packages?: Record<string, V2Entry>; dependencies?: Record<string, V1Entry> };
  // v2/v3 need packages → key → version (3 levels); the v1 tree nests arbitrarily.
  const lines = jsonKeyLines(text, doc.packages ? 3 : Infinity);
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  if (doc.packages && typeof doc.packages === 'object') {
    const root = doc.packages[''] ?? {};
    const direct = new Set([
      ...Object.keys(root.dependencies ?? {}),
      ...Object.keys(root.devDependencies ?? {}),
      ...Object.keys(root.optionalDependencies ?? {}),
    ]);
    for (const [key, entry] of Object.entries(doc.packages)) {
      const at = key.lastIndexOf('node_modules/');
      if (key === '' || at < 0 || !entry) continue;
      const name = entry.name ?? key.slice(at + 'node_modules/'.length);
      const line = lines.get(jsonPath('packages', key)) ?? 1;
      // The entry's `version` line is the one a bump changes: report the range key..version.
      const endLine = lines.get(jsonPath('packages', key, 'version'));
      if (entry.link) {
        deps.push({ ecosystem: 'npm', name, version: entry.version ?? '0.0.0', direct: direct.has(name), line, source: 'path' });
        continue;
      }
      if (!entry.version) continue;
      addEdges(requires, name, [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})]);
      const topLevel = key === `node_modules/${name}`;
      deps.push({ ecosystem: 'npm', name, version: entry.version, direct: topLevel && direct.has(name), line, endLine, dev: entry.dev === true, ...lockSource(entry.resolved ?? (/^[a-z+]+:/.test(entry.version) ? entry.version : undefined)) });
    }
    return { deps, requires };
  }
  const walk = (tree: Record<string, V1Entry>, path: string[], depth: number) => {
    for (const [name, entry] of Object.entries(tree)) {
      if (!entry || typeof entry !== 'object') continue;
      const here = [...path, name];
      const line = lines.get(jsonPath(...here)) ?? 1;
      const endLine = lines.get(jsonPath(...here, 'version'));
      addEdges(requires, name, Object.keys(entry.requires ?? {}));
      if (entry.version) {
        // v1 writes git/file sources into `version` ("git+https://…#sha"); the real version is then unknown.
        const special = /^[a-z+]+:/.test(entry.version);
        deps.push({ ecosystem: 'npm', name, version: special ? '0.0.0' : entry.version, direct: false, line, endLine, dev: entry.dev === true, ...lockSource(special ? entry.version : entry.resolved) });
      }
      if (entry.dependencies && depth < 64) walk(entry.dependencies, [...here, 'dependencies'], depth + 1);
    }
  };
  if (doc.dependencies) walk(doc.dependencies, ['dependencies'], 0);
  return { deps, requires };
}
