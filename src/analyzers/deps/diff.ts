/**
 * Base vs head dependencies of one file: which entries this change adds, upgrades or downgrades (and which it
 * removes). Entries are keyed by name; lock files can hold several versions of one name, so each head version
 * absent from the base counts as added (new name) or as a move relative to the highest base version.
 */
import { normalizeName } from './typosquat.js';
import type { Dep, Ecosystem } from './types.js';
import { compareVersions, pinnedVersion } from './versions.js';

export type ChangeKind = 'added' | 'upgraded' | 'downgraded' | 'changed' | 'unchanged';

export interface DepChange {
  dep: Dep;
  kind: ChangeKind;
  /** The base version it moved from (upgraded/downgraded/changed). */
  previous?: string;
}

export interface DepDiff {
  changes: DepChange[];
  removed: Dep[];
}

const versionOf = (ecosystem: Ecosystem, declared: string) => pinnedVersion(ecosystem, declared)?.version;

export function diffDeps(base: Dep[] | undefined, head: Dep[]): DepDiff {
  if (!base) return { changes: head.map((dep) => ({ dep, kind: 'added' })), removed: [] };
  const byName = new Map<string, Dep[]>();
  const key = (d: Dep) => `${d.ecosystem}\u0000${normalizeName(d.ecosystem, d.name)}`;
  for (const d of base) {
    const list = byName.get(key(d)) ?? [];
    list.push(d);
    byName.set(key(d), list);
  }
  const headKeys = new Set(head.map(key));
  const changes: DepChange[] = head.map((dep) => {
    const before = byName.get(key(dep));
    if (!before) return { dep, kind: 'added' };
    if (before.some((b) => b.version === dep.version && (b.url ?? '') === (dep.url ?? ''))) return { dep, kind: 'unchanged' };
    // Compare with the highest base version (by the pinned or lower-bound version).
    const now = versionOf(dep.ecosystem, dep.version);
    let highest: { declared: string; version: string } | undefined;
    for (const b of before) {
      const v = versionOf(b.ecosystem, b.version);
      if (v && (!highest || compareVersions(b.ecosystem, v, highest.version) > 0)) highest = { declared: b.version, version: v };
    }
    if (!now || !highest) return { dep, kind: 'changed', previous: before[0]!.version };
    const cmp = compareVersions(dep.ecosystem, now, highest.version);
    return { dep, kind: cmp > 0 ? 'upgraded' : cmp < 0 ? 'downgraded' : 'changed', previous: highest.declared };
  });
  const removed = base.filter((d) => !headKeys.has(key(d)));
  return { changes, removed };
}
