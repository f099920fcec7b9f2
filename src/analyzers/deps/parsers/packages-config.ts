/** packages.config (NuGet, .NET Framework): `<package id="X" version="1.2.3" />` elements. */
import { lineIndex } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';

export function parsePackagesConfig(text: string): ParseResult {
  const lineOf = lineIndex(text);
  const deps: Dep[] = [];
  for (const m of text.matchAll(/<package\b([^>]*?)\/?>/g)) {
    const id = /\bid\s*=\s*"([^"]+)"/i.exec(m[1]!)?.[1];
    const version = /\bversion\s*=\s*"([^"]+)"/i.exec(m[1]!)?.[1];
    if (!id || !version) continue;
    deps.push({ ecosystem: 'NuGet', name: id, version, direct: true, line: lineOf(m.index), dev: /\bdevelopmentDependency\s*=\s*"true"/i.test(m[1]!), source: 'registry' });
  }
  return { deps };
}
