/**
 * Gemfile: `gem "name", "~> 1.2", ">= 1.2.3"` lines with `git:`/`github:`/`path:` options and `group … do` blocks,
 * plus `source "http://…"` lines (every gem from a plain-http source is at risk).
 */
import type { Dep, ParseResult } from '../types.js';

export function parseGemfile(text: string): ParseResult {
  const deps: Dep[] = [];
  const lines = text.split(/\r?\n/);
  const groups: boolean[] = []; // stack of "is a dev/test group" for nested do-blocks
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!.replace(/(^|\s)#.*$/, '').trim();
    if (!l) continue;
    // String tests, not regexes with `\s+do`: those backtrack quadratically on long runs of spaces.
    const opensBlock = /\bdo(\s*\|[^|]*\|)?$/.test(l);
    if (opensBlock && l.startsWith('group')) {
      groups.push(/:(development|test)\b/.test(l));
      continue;
    }
    if (opensBlock) {
      groups.push(groups[groups.length - 1] ?? false);
      continue;
    }
    if (l === 'end') {
      groups.pop();
      continue;
    }
    const source = /^source\s+['"](http:\/\/[^'"]+)['"]/.exec(l);
    if (source) {
      deps.push({ ecosystem: 'RubyGems', name: `source ${source[1]}`, version: '', direct: true, line: n + 1, source: 'http', url: source[1], packageSource: true });
      continue;
    }
    const gem = /^gem\s+['"]([^'"]+)['"]\s*(.*)$/.exec(l);
    if (!gem) continue;
    const rest = gem[2]!;
    const versions = [...rest.matchAll(/(?:^|,)\s*['"]([~<>=!\s\d][^'"]*)['"]/g)].map((m) => m[1]!.trim());
    const dep: Dep = { ecosystem: 'RubyGems', name: gem[1]!, version: versions.join(', '), direct: true, line: n + 1, dev: groups.some(Boolean) || /groups?:\s*\[?\s*:(development|test)/.test(rest), source: 'registry' };
    const git = /\b(git|github):\s*['"]([^'"]+)['"]/.exec(rest);
    if (git) Object.assign(dep, { source: git[2]!.startsWith('http://') ? 'http' : 'git', url: git[1] === 'github' ? `https://github.com/${git[2]}` : git[2] });
    else if (/\bpath:\s*['"]/.test(rest)) dep.source = 'path';
    deps.push(dep);
  }
  return { deps };
}
