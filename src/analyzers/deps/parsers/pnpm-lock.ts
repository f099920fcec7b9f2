/**
 * pnpm-lock.yaml, lockfile v5 (`/name/1.0.0` keys, top-level `dependencies`) through v6–v9
 * (`/name@1.0.0` or `name@1.0.0` keys, `importers` per workspace project, `snapshots` in v9).
 * Read line by line: pnpm writes a fixed block-YAML layout, and a general YAML parser is ~50× slower on
 * the multi-megabyte lock files of large workspaces (see scripts/bench/deps.ts).
 */
import { addEdges, type Dep, type DepSource, type ParseResult } from '../types.js';

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
const unquote = (s: string) => (s.length >= 2 && (s[0] === "'" || s[0] === '"') && s[s.length - 1] === s[0] ? s.slice(1, -1) : s);
const DEP_SECTIONS = new Set(['dependencies', 'devDependencies', 'optionalDependencies']);
const EDGE_SECTIONS = new Set(['dependencies', 'optionalDependencies']);

interface Entry {
  key: string;
  line: number;
  name?: string;
  version?: string;
  dev?: boolean;
  tarball?: string;
  type?: string;
  repo?: string;
}

/** A `key: value` line: indentation, unquoted key, raw value ('' when the value is a nested block). */
function keyValue(line: string): { indent: number; key: string; value: string } | undefined {
  // Trimmed first, so the value needs no trailing-whitespace pattern (which backtracks quadratically on long lines).
  const m = /^( *)('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"#][^:]*?):(?:\s+(.*))?$/.exec(line.trimEnd());
  if (!m) return undefined;
  return { indent: m[1]!.length, key: unquote(m[2]!), value: unquote(m[3] ?? '') };
}

/** Fields of a one-line flow map such as `{integrity: sha512-…, tarball: http://…}`. */
function flowField(value: string, field: string): string | undefined {
  return new RegExp(`[{,]\\s*${field}:\\s*([^,}]+)`).exec(value)?.[1]?.trim().replace(/^['"]|['"]$/g, '');
}

export function parsePnpmLock(text: string): ParseResult {
  const lines = text.split(/\r?\n/);
  let v5 = false;
  const direct = new Map<string, boolean>(); // "name@version" → dev
  const entries: Entry[] = [];
  const requires = new Map<string, Set<string>>();
  const edgesByKey: Array<[string, string]> = [];
  let top = '';
  let l1 = '';
  let l2 = '';
  let l3 = '';
  let entry: Entry | undefined;
  const addDirect = (section: string, name: string, version: string) => {
    if (version) direct.set(`${name}@${stripPeers(version)}`, section === 'devDependencies');
  };
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    if (raw === '' || raw.trimStart().startsWith('#')) continue;
    const kv = keyValue(raw);
    if (!kv) continue;
    const { indent, key, value } = kv;
    if (indent === 0) {
      top = key;
      entry = undefined;
      if (key === 'lockfileVersion') v5 = Number.parseFloat(value) < 6;
      continue;
    }
    if (indent === 2) {
      l1 = key;
      l2 = '';
      entry = undefined;
      if (top === 'packages') entries.push((entry = { key, line: n + 1 }));
      else if (DEP_SECTIONS.has(top) && value) addDirect(top, key, value); // v5 single project: `name: version`
      continue;
    }
    if (indent === 4) {
      l2 = key;
      if (top === 'packages' && entry) {
        if (key === 'resolution' && value) {
          entry.tarball = flowField(value, 'tarball');
          entry.type = flowField(value, 'type');
          entry.repo = flowField(value, 'repo');
        } else if (key === 'dev') entry.dev = value === 'true';
        else if (key === 'name') entry.name = value;
        else if (key === 'version') entry.version = value;
      } else if (DEP_SECTIONS.has(top) && key === 'version') addDirect(top, l1, value); // v6 single project
      continue;
    }
    if (indent === 6) {
      l3 = key;
      if (top === 'importers' && DEP_SECTIONS.has(l2) && value) addDirect(l2, key, value);
      else if ((top === 'packages' || top === 'snapshots') && EDGE_SECTIONS.has(l2)) edgesByKey.push([l1, key]);
      else if (top === 'packages' && l2 === 'resolution' && entry) {
        if (key === 'tarball') entry.tarball = value;
        else if (key === 'type') entry.type = value;
        else if (key === 'repo') entry.repo = value;
      }
      continue;
    }
    if (indent === 8 && top === 'importers' && DEP_SECTIONS.has(l2) && key === 'version') addDirect(l2, l3, value);
  }

  for (const [key, dep] of edgesByKey) {
    const name = splitPnpmKey(key, v5)?.name;
    if (name) addEdges(requires, name, [dep]);
  }
  const deps: Dep[] = [];
  for (const e of entries) {
    const split = splitPnpmKey(e.key, v5);
    const name = e.name ?? split?.name;
    let version = e.version ?? split?.version;
    if (!name || !version) continue;
    version = stripPeers(version);
    let source: DepSource = 'registry';
    let url: string | undefined;
    if (e.type === 'git' || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(e.key) || /^(git\+|git:|github:)/.test(version)) {
      source = 'git';
      url = e.repo ?? version;
    } else if (e.tarball?.startsWith('http://') || version.startsWith('http://')) {
      source = 'http';
      url = e.tarball ?? version;
    } else if (/^(file:|link:)/.test(version)) source = 'path';
    const id = `${name}@${version}`;
    const isDirect = direct.has(id);
    deps.push({ ecosystem: 'npm', name, version, direct: isDirect, line: e.line, source, url, dev: e.dev === true || (isDirect && direct.get(id) === true) });
  }
  return { deps, requires };
}
