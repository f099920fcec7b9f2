/** Cargo.toml: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, target-specific and `[dependencies.x]` tables. */
import { parse } from 'smol-toml';
import { tomlKeyLines } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';

type Spec = string | { version?: string; git?: string; path?: string; package?: string; workspace?: boolean };
const SECTIONS = ['dependencies', 'dev-dependencies', 'build-dependencies'] as const;

export function parseCargoToml(text: string): ParseResult {
  const doc = parse(text) as Record<string, unknown> & { target?: Record<string, Record<string, unknown>>; workspace?: Record<string, unknown> };
  const keys = tomlKeyLines(text);
  const deps: Dep[] = [];
  const take = (table: unknown, prefix: string, dev: boolean) => {
    if (!table || typeof table !== 'object') return;
    for (const [key, spec] of Object.entries(table as Record<string, Spec>)) {
      const line = keys.get(`${prefix}.${key}`) ?? 1;
      const dep: Dep = { ecosystem: 'crates.io', name: key, version: '', direct: true, line, dev, source: 'registry' };
      if (typeof spec === 'string') dep.version = spec;
      else if (spec && typeof spec === 'object') {
        if (spec.workspace) continue; // inherited from the workspace manifest, declared there
        dep.name = spec.package ?? key;
        dep.version = spec.version ?? '';
        if (spec.git) Object.assign(dep, { source: 'git', url: spec.git });
        else if (spec.path) Object.assign(dep, { source: 'path', url: spec.path });
      }
      deps.push(dep);
    }
  };
  for (const s of SECTIONS) take(doc[s], s, s === 'dev-dependencies');
  for (const [cfg, t] of Object.entries(doc.target ?? {})) for (const s of SECTIONS) take(t?.[s], `target.${cfg}.${s}`, s === 'dev-dependencies');
  take(doc.workspace?.dependencies, 'workspace.dependencies', false);
  return { deps };
}
