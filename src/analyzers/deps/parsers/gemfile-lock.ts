/**
 * Gemfile.lock: `GEM`, `GIT` and `PATH` sections with `specs:` (4-space indent = a locked gem, 6 = its requirement)
 * and `DEPENDENCIES` naming the direct ones. Platform suffixes (`1.13.10-x86_64-linux`) are dropped.
 */
import { addEdges, type Dep, type DepSource, type ParseResult } from '../types.js';

export function parseGemfileLock(text: string): ParseResult {
  const lines = text.split(/\r?\n/);
  const deps: Dep[] = [];
  const direct = new Set<string>();
  const requires = new Map<string, Set<string>>();
  let section = '';
  let remote = '';
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!;
    if (/^[A-Z]/.test(l)) {
      section = l.trim();
      remote = '';
      continue;
    }
    const r = /^ {2}remote:\s*(\S+)/.exec(l);
    if (r) {
      remote = r[1]!;
      continue;
    }
    if (section === 'DEPENDENCIES') {
      const d = /^ {2}([^\s!(]+)/.exec(l);
      if (d) direct.add(d[1]!);
      continue;
    }
    const sub = /^ {6}(\S+)/.exec(l);
    if (sub && deps.length > 0) {
      addEdges(requires, deps[deps.length - 1]!.name, [sub[1]!]);
      continue;
    }
    const spec = /^ {4}([^\s(]+) \(([^)]+)\)/.exec(l);
    if (!spec || !['GEM', 'GIT', 'PATH'].includes(section)) continue;
    let source: DepSource = 'registry';
    if (section === 'GIT') source = 'git';
    else if (section === 'PATH') source = 'path';
    else if (remote.startsWith('http://')) source = 'http';
    deps.push({ ecosystem: 'RubyGems', name: spec[1]!, version: spec[2]!.replace(/-[a-z].*$/, ''), direct: false, line: n + 1, source, url: source === 'registry' ? undefined : remote });
  }
  for (const d of deps) d.direct = direct.has(d.name);
  return { deps, requires };
}
