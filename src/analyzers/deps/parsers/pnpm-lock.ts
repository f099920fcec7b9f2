/**
 * pnpm-lock.yaml, lockfile v5 (`/name/1.0.0` keys, top-level `dependencies`) through v6–v9
 * (`/name@1.0.0` or `name@1.0.0` keys, `importers` per workspace project, `snapshots` in v9).
 */
import { parse } from 'yaml';
import { SEP, yamlKeyLines } from '../locate.js';
import { addEdges, type Dep, type DepSource, type ParseResult } from '../types.js';

interface PkgEntry {
  resolution?: { tarball?: string; type?: string; repo?: string; commit?: string };
  dev?: boolean;
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
type ImporterDeps = Record<string, string | { specifier?: string; version?: string }>;
interface Importer {
  dependencies?: ImporterDeps;
  devDependencies?: ImporterDeps;
  optionalDependencies?: ImporterDeps;
}

/** Split a packages key into name and version for either key style. */
export function splitPnpmKey(key: string, v5: boolean): { name: string; version: string } | undefined {
  let k = key.startsWith('/') ? key.slice(1) : key;
  if (v5) {
    k = k.replace(/_.*$/, '');
    const at = k.lastIndexOf('/');
    if (at <= 0) return undefined;
    return { name: k.slice(0, at), version: k.slice(at + 1) };
  }
  const paren = k.indexOf('(');
  if (paren >= 0) k = k.slice(0, paren);
  const at = k.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: k.slice(0, at), version: k.slice(at + 1) };
}

const stripPeers = (v: string) => v.replace(/\(.*$/, '').replace(/_.*$/, '');

export function parsePnpmLock(text: string): ParseResult {
  const doc = (parse(text) ?? {}) as {
    lockfileVersion?: string | number;
    importers?: Record<string, Importer>;
    packages?: Record<string, PkgEntry>;
    snapshots?: Record<string, PkgEntry>;
  } & Importer;
  const v5 = Number.parseFloat(String(doc.lockfileVersion ?? '9')) < 6;
  const lines = yamlKeyLines(text);
  // Direct dependencies: every importer (workspace project), or the top level in single-project v5/v6 files.
  const direct = new Map<string, boolean>(); // "name@version" → dev
  const importers: Importer[] = doc.importers ? Object.values(doc.importers) : [doc];
  for (const imp of importers) {
    for (const [section, dev] of [['dependencies', false], ['devDependencies', true], ['optionalDependencies', false]] as const) {
      for (const [name, v] of Object.entries(imp?.[section] ?? {})) {
        const version = typeof v === 'string' ? v : v?.version;
        if (version) direct.set(`${name}@${stripPeers(version)}`, dev);
      }
    }
  }
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  // v9 keeps each package's dependencies under `snapshots`; earlier versions under `packages`.
  for (const [key, entry] of [...Object.entries(doc.packages ?? {}), ...Object.entries(doc.snapshots ?? {})]) {
    const name = entry?.name ?? splitPnpmKey(key, v5)?.name;
    if (name) addEdges(requires, name, [...Object.keys(entry?.dependencies ?? {}), ...Object.keys(entry?.optionalDependencies ?? {})]);
  }
  for (const [key, entry] of Object.entries(doc.packages ?? {})) {
    const split = splitPnpmKey(key, v5);
    const name = entry?.name ?? split?.name;
    let version = entry?.version ?? split?.version;
    if (!name || !version) continue;
    version = stripPeers(version);
    let source: DepSource = 'registry';
    let url: string | undefined;
    const res = entry?.resolution;
    if (res?.type === 'git' || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(key) || /^(git\+|git:|github:)/.test(version)) {
      source = 'git';
      url = res?.repo ?? version;
    } else if (res?.tarball?.startsWith('http://') || version.startsWith('http://')) {
      source = 'http';
      url = res?.tarball ?? version;
    } else if (/^(file:|link:)/.test(version)) source = 'path';
    const isDirect = direct.has(`${name}@${version}`);
    const line = lines.get(`packages${SEP}${key}`) ?? 1;
    deps.push({ ecosystem: 'npm', name, version, direct: isDirect, line, source, url, dev: entry?.dev === true || (isDirect && direct.get(`${name}@${version}`) === true) });
  }
  return { deps, requires };
}
