/**
 * go.mod: `require` lines and blocks (`// indirect` marks transitive ones), and `replace` directives: a module
 * replaced by a local path becomes a path source; one replaced by another module@version takes that identity.
 */
import type { Dep, ParseResult } from '../types.js';

export function parseGoMod(text: string): ParseResult {
  const deps: Dep[] = [];
  const replaces: Array<{ from: string; fromVersion?: string; to: string; toVersion?: string; line: number }> = [];
  const lines = text.split(/\r?\n/);
  let block: 'require' | 'replace' | undefined;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const indirect = /\/\/\s*indirect\b/.test(raw);
    let l = raw.replace(/\/\/.*$/, '').trim();
    if (!l) continue;
    if (block && l === ')') {
      block = undefined;
      continue;
    }
    const open = /^(require|replace|exclude|retract)\s*\($/.exec(l);
    if (open) {
      block = open[1] === 'require' || open[1] === 'replace' ? open[1] : undefined;
      if (!block) while (n + 1 < lines.length && lines[n]!.trim() !== ')') n++;
      continue;
    }
    let kind = block;
    const single = /^(require|replace)\s+(.*)$/.exec(l);
    if (single) {
      kind = single[1] as 'require' | 'replace';
      l = single[2]!;
    } else if (!block) continue;
    const unq = (s: string) => s.replace(/^"|"$/g, '');
    if (kind === 'require') {
      const [mod, version] = l.split(/\s+/);
      if (mod && version) deps.push({ ecosystem: 'Go', name: unq(mod), version, direct: !indirect, line: n + 1, source: 'registry' });
    } else if (kind === 'replace') {
      const m = /^(\S+)(?:\s+(\S+))?\s*=>\s*(\S+)(?:\s+(\S+))?$/.exec(l);
      if (m) replaces.push({ from: unq(m[1]!), fromVersion: m[2], to: unq(m[3]!), toVersion: m[4], line: n + 1 });
    }
  }
  for (const r of replaces) {
    for (const d of deps) {
      if (d.name !== r.from || (r.fromVersion && r.fromVersion !== d.version)) continue;
      if (/^(\.{1,2}\/|\/)/.test(r.to)) {
        d.source = 'path';
        d.url = r.to;
      } else if (r.toVersion) {
        d.name = r.to;
        d.version = r.toVersion;
        d.line = r.line;
      }
    }
  }
  return { deps };
}
