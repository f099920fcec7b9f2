/**
 * deno.lock, JSON, three layouts by `version`:
 *   "2":  { "npm": { "specifiers": {…}, "packages": { "chalk@5.3.0": {…} } } }
 *   "3":  { "packages": { "specifiers": { "npm:chalk@5": "npm:chalk@5.3.0" }, "npm": {…}, "jsr": {…} } }
 *   "4"+: { "specifiers": { "npm:chalk@5": "5.3.0" }, "npm": { "chalk@5.3.0": {…} }, "jsr": { "@std/path@1.0.8": {…} } }
 * npm keys may carry peer suffixes ("react-dom@18.2.0_react@18.2.0"). Direct = named in `workspace`
 * (its `dependencies` and `packageJson.dependencies`), else named in `specifiers`. JSR packages are not in OSV
 * (formats.json `notInOsv`). `remote` URL imports are pinned by hash and not read.
 */
import { jsonKeyLines, jsonPath } from '../locate.js';
import { addEdges, type Dep, type Ecosystem, type ParseResult } from '../types.js';
import { splitAt } from './bun-lock.js';

type Section = Record<string, Record<string, unknown> | undefined>;

interface Layout {
  npm?: Section;
  jsr?: Section;
  specifiers?: Record<string, string>;
  /** Key path of the npm / jsr maps, for line numbers. */
  npmPath: string[];
  jsrPath: string[];
}

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function layout(doc: Record<string, unknown>): Layout {
  const version = Number.parseInt(String(doc['version'] ?? ''), 10);
  if (!Number.isFinite(version)) throw new Error('no lock file `version`');
  if (version <= 2) {
    const npm = obj(doc['npm']);
    return { npm: obj(npm?.['packages']) as Section | undefined, specifiers: obj(npm?.['specifiers']) as Record<string, string> | undefined, npmPath: ['npm', 'packages'], jsrPath: [] };
  }
  if (version === 3) {
    const pk = obj(doc['packages']);
    return { npm: obj(pk?.['npm']) as Section | undefined, jsr: obj(pk?.['jsr']) as Section | undefined, specifiers: obj(pk?.['specifiers']) as Record<string, string> | undefined, npmPath: ['packages', 'npm'], jsrPath: ['packages', 'jsr'] };
  }
  return { npm: obj(doc['npm']) as Section | undefined, jsr: obj(doc['jsr']) as Section | undefined, specifiers: obj(doc['specifiers']) as Record<string, string> | undefined, npmPath: ['npm'], jsrPath: ['jsr'] };
}

/** "npm:chalk@^5" / "jsr:@std/path@1" / "chalk@5" → package name. */
function specName(spec: string): string | undefined {
  const bare = spec.replace(/^(npm|jsr):\/?/, '');
  return splitAt(bare)?.name ?? (bare || undefined);
}

/** The names the workspace declares (v3+ `workspace` section); undefined when the lock has none. */
function workspaceNames(doc: Record<string, unknown>): Set<string> | undefined {
  const ws = obj(doc['workspace']);
  if (!ws) return undefined;
  const out = new Set<string>();
  const add = (list: unknown) => {
    if (Array.isArray(list)) for (const s of list) if (typeof s === 'string') out.add(specName(s) ?? s);
  };
  add(ws['dependencies']);
  add(obj(ws['packageJson'])?.['dependencies']);
  for (const member of Object.values(obj(ws['members']) ?? {})) {
    add(obj(member)?.['dependencies']);
    add(obj(obj(member)?.['packageJson'])?.['dependencies']);
  }
  return out;
}

/** Dependency names of one entry: v3 `{ "name": "name@ver" }`, v4 `["name@ver", "jsr:@std/x@^1"]`. */
function edgeNames(entry: Record<string, unknown> | undefined): string[] {
  const d = entry?.['dependencies'];
  if (Array.isArray(d)) return d.filter((x): x is string => typeof x === 'string').map((x) => specName(x)!).filter(Boolean);
  const o = obj(d);
  return o ? Object.keys(o) : [];
}

export function parseDenoLock(text: string): ParseResult {
  const doc = obj(JSON.parse(text));
  if (!doc) throw new Error('not a deno.lock object');
  const l = layout(doc);
  const lines = jsonKeyLines(text, l.npmPath.length + 1);
  const declared = workspaceNames(doc) ?? new Set(Object.keys(l.specifiers ?? {}).map((s) => specName(s)!).filter(Boolean));
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  const read = (section: Section | undefined, ecosystem: Ecosystem, path: string[]) => {
    for (const [key, entry] of Object.entries(section ?? {})) {
      const id = splitAt(key);
      if (!id) continue;
      const version = id.spec.replace(/_.*$/, ''); // peer-dependency suffix
      addEdges(requires, id.name, edgeNames(entry));
      deps.push({ ecosystem, name: id.name, version, direct: declared.has(id.name), line: lines.get(jsonPath(...path, key)) ?? 1, source: 'registry' });
    }
  };
  read(l.npm, 'npm', l.npmPath);
  read(l.jsr, 'JSR', l.jsrPath);
  return { deps, requires };
}
