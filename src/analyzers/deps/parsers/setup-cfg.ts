/** setup.cfg (setuptools): `install_requires`, `setup_requires`, `tests_require` and `[options.extras_require]` lists. */
import type { Dep, ParseResult } from '../types.js';
import { parseRequirement } from './pep508.js';

const LISTS = new Set(['install_requires', 'setup_requires', 'tests_require']);

/** setuptools' "list-semi": one line `a>=1,<2; b[x]` → items split on `;` (commas belong to version specifiers). */
function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out;
}

export function parseSetupCfg(text: string): ParseResult {
  const deps: Dep[] = [];
  const lines = text.split(/\r?\n/);
  let section = '';
  let collecting: { dev: boolean } | undefined;
  const take = (raw: string, n: number, dev: boolean) => {
    const req = parseRequirement(raw.trim());
    if (req) deps.push({ ecosystem: 'PyPI', name: req.name, version: req.spec, direct: true, line: n + 1, dev, source: req.source, url: req.url });
  };
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!;
    if (/^\s*[#;]/.test(l) || l.trim() === '') continue;
    const header = /^\[([^\]]+)\]/.exec(l);
    if (header) {
      section = header[1]!.trim();
      collecting = undefined;
      continue;
    }
    if (/^\s/.test(l)) {
      if (collecting) take(l, n, collecting.dev); // continuation line of a list value
      continue;
    }
    collecting = undefined;
    const kv = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(l);
    if (!kv) continue;
    const [, key, value] = kv;
    const extras = section === 'options.extras_require';
    if ((section === 'options' && LISTS.has(key!)) || extras) {
      const dev = key === 'tests_require' || (extras && /^(dev|test|tests|lint|docs)$/.test(key!));
      collecting = { dev };
      if (value!.trim()) for (const part of splitList(value!)) take(part, n, dev);
    }
  }
  return { deps };
}
