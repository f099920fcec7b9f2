/**
 * bun.lock (Bun ≥ 1.2 text lock file): JSONC with trailing commas.
 *   "workspaces": { "": { "dependencies": {…}, "devDependencies": {…} }, "packages/x": {…} },
 *   "packages": { "react": ["react@18.3.1", "", { "dependencies": {…} }, "sha512-…"],
 *                 "parent/child": ["child@1.0.0", …] }   ← a nested copy, keyed by its install path
 * The first element of each array is "name@resolution": a registry version, or `github:`/`git+`/https/file:/
 * workspace: specs. (The older binary bun.lockb is not readable.)
 */
import { jsonKeyLines, jsonPath, sourceOfUrl } from '../locate.js';
import { addEdges, type Dep, type ParseResult } from '../types.js';

/**
 * JSONC → JSON with the same line structure: comments become spaces, trailing commas are dropped.
 * One pass that tracks strings, so `//` inside a URL is left alone.
 */
export function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  let pendingComma = -1; // index in `out` of a comma that may turn out to be trailing
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      pendingComma = -1;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    if (c === ',') {
      pendingComma = out.length;
      out += c;
      i++;
      continue;
    }
    if ((c === '}' || c === ']') && pendingComma >= 0) out = `${out.slice(0, pendingComma)} ${out.slice(pendingComma + 1)}`;
    if (!/\s/.test(c)) pendingComma = -1;
    out += c;
    i++;
  }
  return out;
}

type BunEntry = [string, ...unknown[]];

interface BunLock {
  workspaces?: Record<string, Record<string, unknown>>;
  packages?: Record<string, BunEntry>;
}

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** "name@spec" → name and spec; scoped names keep their leading @. */
export function splitAt(id: string): { name: string; spec: string } | undefined {
  const at = id.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: id.slice(0, at), spec: id.slice(at + 1) };
}

export function parseBunLock(text: string): ParseResult {
  const clean = stripJsonc(text);
  const doc = JSON.parse(clean) as BunLock;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a bun.lock object');
  const lines = jsonKeyLines(clean, 2);
  // name → dev only (true) or also a runtime dependency (false), over every workspace.
  const direct = new Map<string, boolean>();
  for (const ws of Object.values(doc.workspaces ?? {})) {
    for (const section of SECTIONS) {
      const list = ws?.[section];
      if (!list || typeof list !== 'object') continue;
      for (const name of Object.keys(list)) direct.set(name, section === 'devDependencies' && direct.get(name) !== false);
    }
  }
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  for (const [key, entry] of Object.entries(doc.packages ?? {})) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const id = splitAt(entry[0]);
    if (!id) continue;
    const meta = entry.find((e, i) => i > 0 && e !== null && typeof e === 'object' && !Array.isArray(e)) as Record<string, unknown> | undefined;
    for (const section of ['dependencies', 'optionalDependencies'] as const) {
      const d = meta?.[section];
      if (d && typeof d === 'object') addEdges(requires, id.name, Object.keys(d));
    }
    const spec = id.spec.replace(/^npm:/, '');
    if (/^workspace:/.test(spec)) continue; // the repository's own packages
    const kind = /^\d/.test(spec) ? undefined : sourceOfUrl(spec);
    // The top-level copy is the one the project's own declaration resolves to; nested ones are transitive.
    const topLevel = key === id.name || !key.includes('/') || (key.startsWith('@') && key.split('/').length === 2);
    const isDirect = topLevel && direct.has(key);
    deps.push({
      ecosystem: 'npm',
      name: id.name,
      version: spec,
      direct: isDirect,
      dev: isDirect && direct.get(key) === true,
      line: lines.get(jsonPath('packages', key)) ?? 1,
      source: kind === 'file' ? 'path' : (kind ?? 'registry'),
      url: kind && kind !== 'path' && kind !== 'file' ? spec : undefined,
    });
  }
  return { deps, requires };
}
