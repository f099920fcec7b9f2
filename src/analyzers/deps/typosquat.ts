/**
 * Typosquat check: a dependency whose name is exactly one edit (insertion, deletion, substitution or adjacent
 * transposition — optimal string alignment distance 1) away from a popular package of the same ecosystem.
 * Popular names themselves and the known legitimate neighbours in legit-pairs.json are never reported; very short
 * names are skipped because every three-letter name has many legitimate one-edit neighbours.
 */
import CRATES from './popular/crates-io.json' with { type: 'json' };
import GO from './popular/go.json' with { type: 'json' };
import LEGIT from './popular/legit-pairs.json' with { type: 'json' };
import MAVEN from './popular/maven.json' with { type: 'json' };
import NPM from './popular/npm.json' with { type: 'json' };
import NUGET from './popular/nuget.json' with { type: 'json' };
import PACKAGIST from './popular/packagist.json' with { type: 'json' };
import PYPI from './popular/pypi.json' with { type: 'json' };
import RUBYGEMS from './popular/rubygems.json' with { type: 'json' };
import type { Ecosystem } from './types.js';

/** Popular names shorter than this are not used as typosquat targets. */
const MIN_LENGTH = 5;

const LISTS: Record<Ecosystem, string[]> = {
  npm: NPM.names,
  PyPI: PYPI.names,
  Go: GO.names,
  'crates.io': CRATES.names,
  Maven: MAVEN.names,
  RubyGems: RUBYGEMS.names,
  Packagist: PACKAGIST.names,
  NuGet: NUGET.names,
  // No popular-name list shipped yet for these: the typosquat check is off for them.
  Pub: [],
  Hex: [],
  CocoaPods: [],
  JSR: [],
};

/** Names compare case-insensitively; PyPI and crates.io also treat - and _ (and PyPI .) alike. */
export function normalizeName(ecosystem: Ecosystem, name: string): string {
  const lower = name.toLowerCase();
  if (ecosystem === 'PyPI') return lower.replace(/[-_.]+/g, '-');
  if (ecosystem === 'crates.io') return lower.replace(/_/g, '-');
  return lower;
}

/** True when the optimal-string-alignment distance between a and b is exactly 1. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // One substitution, or one adjacent transposition.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // One insertion/deletion.
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

interface Index {
  popular: Set<string>;
  byLength: Map<number, string[]>;
  display: Map<string, string>;
  legit: Set<string>;
}
const indexes = new Map<Ecosystem, Index>();

function indexFor(ecosystem: Ecosystem): Index {
  let idx = indexes.get(ecosystem);
  if (idx) return idx;
  idx = { popular: new Set(), byLength: new Map(), display: new Map(), legit: new Set() };
  for (const name of LISTS[ecosystem]) {
    const n = normalizeName(ecosystem, name);
    idx.popular.add(n);
    idx.display.set(n, name);
    if (n.length < MIN_LENGTH) continue;
    const bucket = idx.byLength.get(n.length) ?? [];
    bucket.push(n);
    idx.byLength.set(n.length, bucket);
  }
  const pairs = (LEGIT.pairs as Record<string, string[][]>)[ecosystem] ?? [];
  // The first name of each pair is a known legitimate package: never reported, whichever popular name it is near.
  for (const [a] of pairs) idx.legit.add(normalizeName(ecosystem, a!));
  indexes.set(ecosystem, idx);
  return idx;
}

/** The popular package `name` imitates, or undefined. */
export function typosquatTarget(ecosystem: Ecosystem, name: string): string | undefined {
  const idx = indexFor(ecosystem);
  const n = normalizeName(ecosystem, name);
  if (idx.popular.has(n) || idx.legit.has(n)) return undefined;
  for (const len of [n.length - 1, n.length, n.length + 1]) {
    for (const p of idx.byLength.get(len) ?? []) {
      if (oneEditApart(n, p)) return idx.display.get(p);
    }
  }
  return undefined;
}

export const popularCount = (ecosystem: Ecosystem): number => LISTS[ecosystem].length;
