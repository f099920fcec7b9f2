/** Cargo.lock: `[[package]]` entries; packages without `source` are the workspace's own crates and are skipped. */
import { parse } from 'smol-toml';
import { addEdges, type Dep, type ParseResult } from '../types.js';
import { packageLines } from './poetry-lock.js';

interface Pkg {
  name?: string;
  version?: string;
  source?: string;
  dependencies?: string[];
}

export function parseCargoLock(text: string): ParseResult {
  const doc = parse(text) as { package?: Pkg[] };
  const lines = packageLines(text);
  const pkgs = doc.package ?? [];
  // Direct = required by one of the workspace's own crates (no `source`).
  const direct = new Set<string>();
  for (const p of pkgs) if (!p.source) for (const d of p.dependencies ?? []) direct.add(d.split(' ')[0]!);
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  for (const p of pkgs) if (p.name) addEdges(requires, p.name, (p.dependencies ?? []).map((d) => d.split(' ')[0]!));
  pkgs.forEach((p, i) => {
    if (!p.name || !p.version || !p.source) return;
    const git = p.source.startsWith('git+');
    deps.push({ ecosystem: 'crates.io', name: p.name, version: p.version, direct: direct.has(p.name), line: lines[i]?.line ?? 1, endLine: lines[i]?.endLine, source: git ? 'git' : 'registry', url: git ? p.source : undefined });
  });
  return { deps, requires };
}
