/** package.json: dependencies, devDependencies, optionalDependencies, peerDependencies and install-time scripts. */
import { jsonKeyLines, jsonPath, sourceOfUrl } from '../locate.js';
import type { Dep, InstallScript, ParseResult } from '../types.js';

const SECTIONS: Array<{ key: string; dev: boolean }> = [
  { key: 'dependencies', dev: false },
  { key: 'devDependencies', dev: true },
  { key: 'optionalDependencies', dev: false },
  { key: 'peerDependencies', dev: false },
];
/** Lifecycle scripts npm, yarn and pnpm run on `install` of the package. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

export function parsePackageJson(text: string): ParseResult {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const lines = jsonKeyLines(text);
  const deps: Dep[] = [];
  const seen = new Set<string>();
  for (const { key, dev } of SECTIONS) {
    const section = doc[key];
    if (!section || typeof section !== 'object') continue;
    for (const [name, spec] of Object.entries(section as Record<string, unknown>)) {
      if (typeof spec !== 'string' || seen.has(name)) continue;
      seen.add(name);
      const dep: Dep = { ecosystem: 'npm', name, version: spec, direct: true, line: lines.get(jsonPath(key, name)) ?? 1, dev };
      const aliased = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(spec);
      if (aliased) {
        dep.name = aliased[1]!;
        dep.version = aliased[2]!;
      }
      const source = sourceOfUrl(dep.version);
      if (source) {
        dep.source = source;
        dep.url = dep.version;
      } else dep.source = 'registry';
      deps.push(dep);
    }
  }
  const installScripts: InstallScript[] = [];
  const scripts = doc.scripts;
  if (scripts && typeof scripts === 'object') {
    for (const name of INSTALL_SCRIPTS) {
      const command = (scripts as Record<string, unknown>)[name];
      if (typeof command === 'string') installScripts.push({ name, command, line: lines.get(jsonPath('scripts', name)) ?? 1 });
    }
  }
  return { deps, installScripts };
}
