/**
 * yarn.lock in both dialects: classic v1 (`"a@^1", a@^1.1:` headers, `version "1.2.3"`) and berry
 * (YAML with `"a@npm:^1":` headers, `version: 1.2.3`, `resolution: "a@npm:1.2.3"`). Read line by line
 * because v1 is not YAML and berry files are large.
 */
import { addEdges, type Dep, type DepSource, type ParseResult } from '../types.js';

/** Name part of a descriptor such as `@scope/pkg@npm:^1.0.0` or `pkg@^1`. */
function descriptorName(descriptor: string): string {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', 1);
  return at > 0 ? d.slice(0, at) : d;
}

function descriptorRange(descriptor: string): string {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', 1);
  return at > 0 ? d.slice(at + 1) : '';
}

export function parseYarnLock(text: string): ParseResult {
  const deps: Dep[] = [];
  const requires = new Map<string, Set<string>>();
  const lines = text.split(/\r?\n/);
  let inDeps = false;
  let current: { name: string; range: string; line: number; versionLine?: number; version?: string; resolved?: string } | undefined;
  const flush = () => {
    if (!current?.version) return;
    let source: DepSource = 'registry';
    let url: string | undefined;
    const where = current.resolved ?? '';
    const range = current.range;
    if (/^(git\+|git:|github:)|\.git#|#commit=/.test(where) || /^(git\+|git:|github:)|\.git(#|$)/.test(range)) {
      source = 'git';
      url = where || range;
    } else if (where.startsWith('http://') || range.startsWith('http://')) {
      source = 'http';
      url = where.startsWith('http://') ? where : range;
    } else if (/^(file:|link:|portal:|workspace:)/.test(range) || /@(file|link|portal|workspace):/.test(where)) source = 'path';
    deps.push({ ecosystem: 'npm', name: current.name, version: current.version, direct: false, line: current.line, endLine: current.versionLine, source, url });
  };
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!;
    if (l === '' || l.startsWith('#')) continue;
    if (!l.startsWith(' ')) {
      flush();
      current = undefined;
      const header = l.replace(/:\s*$/, '');
      if (header === '__metadata' || !l.trimEnd().endsWith(':')) continue;
      const first = header.split(',')[0]!;
      const range = descriptorRange(first);
      if (range.startsWith('workspace:') || range === '.') continue; // the project itself in berry
      current = { name: descriptorName(first), range: range.replace(/^npm:/, ''), line: n + 1 };
      continue;
    }
    if (!current) continue;
    if (/^ {4}\S/.test(l)) {
      // `    name "range"` (v1) or `    name: "npm:range"` (berry) under a dependencies block.
      const d = /^ {4}"?((?:@[^/"\s]+\/)?[^@"\s:]+)"?:?\s/.exec(l);
      if (inDeps && d) addEdges(requires, current.name, [d[1]!]);
      continue;
    }
    inDeps = /^ {2}(dependencies|optionalDependencies):?\s*$/.test(l);
    const field = /^ {2}(version|resolved|resolution):?\s+"?([^"]*)"?\s*$/.exec(l);
    if (!field) continue;
    if (field[1] === 'version') {
      current.version = field[2]!;
      current.versionLine = n + 1;
    }
    else current.resolved = field[2]!;
  }
  flush();
  return { deps, requires };
}
