/** Pipfile.lock (pipenv): JSON `default` and `develop` maps of name → {version: "==1.2.3"} or VCS/file entries. */
import { jsonKeyLines, jsonPath } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';
import { normalizePyName } from './pep508.js';

interface Entry {
  version?: string;
  git?: string;
  ref?: string;
  file?: string;
  path?: string;
}

export function parsePipfileLock(text: string): ParseResult {
  const doc = JSON.parse(text) as { default?: Record<string, Entry>; develop?: Record<string, Entry> };
  const lines = jsonKeyLines(text);
  const deps: Dep[] = [];
  for (const section of ['default', 'develop'] as const) {
    for (const [name, e] of Object.entries(doc[section] ?? {})) {
      if (!e || typeof e !== 'object') continue;
      const dep: Dep = { ecosystem: 'PyPI', name: normalizePyName(name), version: e.version ?? '', direct: false, line: lines.get(jsonPath(section, name)) ?? 1, endLine: lines.get(jsonPath(section, name, 'version')), dev: section === 'develop', source: 'registry' };
      if (e.git) Object.assign(dep, { source: 'git', url: e.git });
      else if (e.file) Object.assign(dep, { source: /^http:\/\//.test(e.file) ? 'http' : /^https:/.test(e.file) ? 'http' : 'file', url: e.file });
      else if (e.path) dep.source = 'path';
      deps.push(dep);
    }
  }
  return { deps };
}
