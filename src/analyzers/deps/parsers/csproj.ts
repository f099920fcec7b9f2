/** *.csproj (also Directory.Packages.props): `<PackageReference|PackageVersion Include="X" Version="Y" />` or a `<Version>` child. */
import { lineIndex } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';

const attr = (attrs: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(attrs)?.[1];

export function parseCsproj(text: string): ParseResult {
  const lineOf = lineIndex(text);
  const deps: Dep[] = [];
  for (const m of text.matchAll(/<(PackageReference|PackageVersion)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g)) {
    const attrs = m[2]!;
    const name = attr(attrs, 'Include') ?? attr(attrs, 'Update');
    const version = attr(attrs, 'Version') ?? (m[4] ? /<Version>\s*([^<]+?)\s*<\/Version>/.exec(m[4])?.[1] : undefined);
    if (!name || !version) continue;
    const start = m.index;
    deps.push({ ecosystem: 'NuGet', name, version, direct: true, line: lineOf(start), endLine: lineOf(start + m[0].length - 1), source: 'registry' });
  }
  return { deps };
}
