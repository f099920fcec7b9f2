/**
 * mix.lock (Elixir): an Elixir map literal that `mix` writes one entry per line:
 *   "plug": {:hex, :plug, "1.15.3", "<sha>", [:mix], [{:mime, "~> 1.0 or ~> 2.0", [hex: :mime, …]}, …], "hexpm", "<sha>"},
 *   "dep": {:git, "https://github.com/o/dep.git", "<commit>", [branch: "main"]},
 * Read line by line with patterns (no Elixir term parser needed). The lock does not say which packages the
 * project declares, so a package that no other locked package requires counts as direct (a root of the graph).
 * The second atom of a :hex tuple is the Hex package name (it may differ from the app name used as the key).
 */
import { addEdges, type Dep, type ParseResult } from '../types.js';

/** `"app": {:kind, rest` — one lock entry. */
const ENTRY = /^\s*"([^"]+)"\s*:\s*\{\s*:(\w+)\s*,\s*(.*)$/;
/** The start of a :hex tuple's rest: `:package, "version"`. */
const HEX = /^:("[^"]+"|[\w.]+)\s*,\s*"([^"]+)"/;
/** The start of a :git tuple's rest: `"url", "commit"`. */
const GIT = /^"([^"]+)"\s*,\s*"([^"]*)"/;
/** A requirement inside the deps list: `{:app, "req", [hex: :pkg, …]}` or `{:app, "req", [git: …]}`. */
const REQ = /\{:(\w+)\s*,/g;

export function parseMixLock(text: string): ParseResult {
  const lines = text.split(/\r?\n/);
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || lines[start]!.trim().startsWith('#'))) start++;
  if (start >= lines.length) return { deps: [] };
  if (!lines[start]!.trim().startsWith('%{')) throw new Error(`line ${start + 1}: a mix.lock starts with \`%{\``);
  const found: Array<Dep & { app: string }> = [];
  const requires = new Map<string, Set<string>>();
  const required = new Set<string>();
  for (let n = start; n < lines.length; n++) {
    const raw = lines[n]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed === '%{' || trimmed === '}' || trimmed.startsWith('#')) continue;
    const m = ENTRY.exec(raw);
    if (!m) {
      // `%{"a": {…}}` on one line, or anything else: only a line that looks like an entry and fails is an error.
      if (/^\s*%?\{?\s*"[^"]+"\s*:/.test(raw)) throw new Error(`line ${n + 1}: unreadable lock entry`);
      continue;
    }
    const [, app, kind, rest] = m as unknown as [string, string, string, string];
    if (kind === 'hex') {
      const h = HEX.exec(rest);
      if (!h) throw new Error(`line ${n + 1}: unreadable :hex entry for ${app}`);
      // The deps list is the sixth element; requirement tuples are the only `{:atom,` inside the entry.
      const reqs = [...rest.matchAll(REQ)].map((r) => r[1]!);
      addEdges(requires, app, reqs);
      for (const r of reqs) required.add(r);
      found.push({ app, ecosystem: 'Hex', name: h[1]!.replace(/"/g, ''), version: h[2]!, direct: false, line: n + 1, source: 'registry' });
    } else if (kind === 'git') {
      const g = GIT.exec(rest);
      if (!g) throw new Error(`line ${n + 1}: unreadable :git entry for ${app}`);
      found.push({ app, ecosystem: 'Hex', name: app, version: g[2]!, direct: false, line: n + 1, source: 'git', url: `${g[1]}#${g[2]}` });
    } else if (kind === 'path') {
      found.push({ app, ecosystem: 'Hex', name: app, version: '', direct: false, line: n + 1, source: 'path' });
    }
    // Other SCMs (:hg …) are rare and carry no registry version: skipped.
  }
  const deps: Dep[] = found.map(({ app, ...d }) => ({ ...d, direct: !required.has(app) }));
  return { deps, requires };
}
