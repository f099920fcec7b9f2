/**
 * setup.py (setuptools) basics: the string literals of `install_requires=[…]`, `setup_requires=[…]`,
 * `tests_require=[…]` and the lists inside `extras_require={…}`. Computed lists are not evaluated.
 */
import { lineIndex } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';
import { parseRequirement } from './pep508.js';

export function parseSetupPy(text: string): ParseResult {
  const lineOf = lineIndex(text);
  const deps: Dep[] = [];
  for (const m of text.matchAll(/\b(install_requires|setup_requires|tests_require|extras_require)\s*=\s*([[{])/g)) {
    // The literal runs to the matching bracket; strings inside it are the requirements.
    const open = m[2]!;
    const close = open === '[' ? ']' : '}';
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < text.length; end++) {
      const c = text[end];
      if (c === '"' || c === "'") {
        const q = text.indexOf(c, end + 1);
        if (q < 0) break;
        end = q;
      } else if (c === open || c === '[' || c === '{') depth++;
      else if (c === close || c === ']' || c === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    const body = text.slice(m.index + m[0].length - 1, end + 1);
    const bodyStart = m.index + m[0].length - 1;
    const dev = m[1] === 'tests_require';
    for (const s of body.matchAll(/(["'])([^"'\n]+)\1(\s*:)?/g)) {
      if (s[3]) continue; // a dict key of extras_require, not a requirement
      const req = parseRequirement(s[2]!);
      if (req) deps.push({ ecosystem: 'PyPI', name: req.name, version: req.spec, direct: true, line: lineOf(bodyStart + s.index), dev, source: req.source, url: req.url });
    }
  }
  return { deps };
}
