/**
 * pubspec.lock (Dart/Flutter): `packages.<name>` with `version`, `source` (hosted, git, path, sdk) and
 * `dependency` ("direct main", "direct dev", "direct overridden", "transitive"). SDK packages (flutter,
 * flutter_test) come with the SDK, not from pub.dev, and are skipped. The lock file records no edges.
 * Read line by line: pub always writes the same block layout (two-space steps, one scalar per line), and a
 * general YAML parser is ~20× slower on large lock files (20,000 packages: 2–3.5 s against ~0.1 s). A line this
 * layout does not allow (an unclosed quote, a flow collection) is an error, so a broken file becomes a notice.
 */
import type { Dep, DepSource, ParseResult } from '../types.js';

/** The public registries: packages hosted anywhere else carry their URL (so a plain-http host is flagged). */
const PUB_HOSTS = /^https:\/\/(pub\.dev|pub\.dartlang\.org)\/?$/;

/** `key: value` with a bare or quoted key and a bare or complete quoted scalar (or nothing: a nested block). */
const LINE = /^( *)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#:][^:]*?):(?: +("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'[{&*!|>%@`][^#]*?))?(?: +#.*)?$/;

function unquote(s: string): string {
  if (s.startsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1); // a YAML-only escape (\x41, \e): keep the raw text
    }
  }
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

interface Entry {
  key: string;
  line: number;
  endLine: number;
  versionLine?: number;
  fields: Record<string, string>;
  description: Record<string, string>;
}

export function parsePubspecLock(text: string): ParseResult {
  const lines = text.split(/\r?\n/);
  const entries: Entry[] = [];
  let top = '';
  let entry: Entry | undefined;
  let field = '';
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.trimEnd();
    if (raw.trim() === '' || raw.trimStart().startsWith('#') || raw === '---') continue;
    const m = LINE.exec(raw);
    if (!m) throw new Error(`line ${n + 1}: not a \`key: value\` line of a pubspec.lock`);
    const indent = m[1]!.length;
    const key = unquote(m[2]!);
    const value = m[3] === undefined ? undefined : unquote(m[3]);
    if (indent === 0) {
      top = key;
      entry = undefined;
      if (key === 'packages' && value !== undefined && value !== '' && value !== '{}') throw new Error(`line ${n + 1}: \`packages\` is not a map`);
      continue;
    }
    if (top !== 'packages') continue;
    if (indent === 2) {
      entries.push((entry = { key, line: n + 1, endLine: n + 1, fields: {}, description: {} }));
      continue;
    }
    if (!entry) throw new Error(`line ${n + 1}: unexpected indentation`);
    entry.endLine = n + 1;
    if (indent === 4) {
      field = key;
      if (value !== undefined) entry.fields[key] = value;
      if (key === 'version') entry.versionLine = n + 1;
    } else if (indent === 6 && field === 'description' && value !== undefined) entry.description[key] = value;
  }

  const deps: Dep[] = [];
  for (const e of entries) {
    const { version, source: kind, dependency = '' } = e.fields;
    if (!version || kind === 'sdk') continue;
    const desc = e.description;
    let source: DepSource = 'registry';
    let url: string | undefined;
    if (kind === 'git') {
      source = 'git';
      const ref = desc['resolved-ref'] ?? desc['ref'];
      url = `${desc['url'] ?? e.fields['description'] ?? ''}${ref ? `#${ref}` : ''}`;
    } else if (kind === 'path') source = 'path';
    else {
      const host = desc['url'];
      if (host && !PUB_HOSTS.test(host)) url = host;
      if (host && /^http:\/\//i.test(host)) source = 'http';
    }
    deps.push({
      ecosystem: 'Pub',
      name: desc['name'] ?? e.key,
      version,
      direct: dependency.startsWith('direct'),
      dev: dependency === 'direct dev',
      line: e.line,
      endLine: e.endLine > e.line ? e.endLine : undefined,
      versionLine: e.versionLine,
      source,
      url,
    });
  }
  return { deps };
}
