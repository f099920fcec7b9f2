/** Pipfile (pipenv): TOML `[packages]` and `[dev-packages]`, values `"*"`, `"==1.2"` or `{version, git, path, file}` tables. */
import { parse } from 'smol-toml';
import { sourceOfUrl, tomlKeyLines } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';
import { normalizePyName } from './pep508.js';

type Spec = string | { version?: string; git?: string; path?: string; file?: string };

export function parsePipfile(text: string): ParseResult {
  const doc = parse(text) as { packages?: Record<string, Spec>; 'dev-packages'?: Record<string, Spec> };
  const keys = tomlKeyLines(text);
  const deps: Dep[] = [];
  for (const section of ['packages', 'dev-packages'] as const) {
    for (const [name, spec] of Object.entries(doc[section] ?? {})) {
      const dep: Dep = { ecosystem: 'PyPI', name: normalizePyName(name), version: '', direct: true, line: keys.get(`${section}.${name}`) ?? 1, dev: section === 'dev-packages', source: 'registry' };
      if (typeof spec === 'string') dep.version = spec === '*' ? '' : spec;
      else if (spec && typeof spec === 'object') {
        dep.version = spec.version && spec.version !== '*' ? spec.version : '';
        if (spec.git) Object.assign(dep, { source: 'git', url: spec.git });
        else if (spec.file) Object.assign(dep, { source: sourceOfUrl(spec.file) ?? 'file', url: spec.file });
        else if (spec.path) dep.source = 'path';
      }
      deps.push(dep);
    }
  }
  return { deps };
}
