/** composer.json: `require` and `require-dev` (platform entries such as `php` and `ext-*` are not packages). */
import { jsonKeyLines, jsonPath, sourceOfUrl } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';

export function parseComposerJson(text: string): ParseResult {
  const doc = JSON.parse(text) as { require?: Record<string, string>; 'require-dev'?: Record<string, string>; repositories?: unknown };
  const lines = jsonKeyLines(text);
  const deps: Dep[] = [];
  for (const section of ['require', 'require-dev'] as const) {
    for (const [name, constraint] of Object.entries(doc[section] ?? {})) {
      if (!name.includes('/') || typeof constraint !== 'string') continue;
      deps.push({ ecosystem: 'Packagist', name, version: constraint, direct: true, line: lines.get(jsonPath(section, name)) ?? 1, dev: section === 'require-dev', source: 'registry' });
    }
  }
  // VCS and plain-http repositories apply to every package they serve: reported through their URL.
  const repos = Array.isArray(doc.repositories) ? (doc.repositories as Array<{ type?: string; url?: string }>) : [];
  repos.forEach((r, i) => {
    if (!r?.url) return;
    const insecure = r.url.startsWith('http://');
    if (r.type === 'vcs' || r.type === 'git' || insecure) {
      deps.push({ ecosystem: 'Packagist', name: `repository ${r.url}`, version: '', direct: true, line: lines.get(jsonPath('repositories', String(i), 'url')) ?? 1, source: insecure ? 'http' : (sourceOfUrl(r.url) ?? 'git'), url: r.url, packageSource: true });
    }
  });
  return { deps };
}
