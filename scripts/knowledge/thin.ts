/**
 * `npx tsx scripts/knowledge/thin.ts data/FILE.txt…`: entries whose bad example has at most two non-blank lines
 * (too thin to show how the problem looks in real code), with their slug and title.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseTable } from './generate.js';

export const MIN_BAD_LINES = 3;

export function thinEntries(src: string, file: string): Array<{ slug: string; title: string; lines: number }> {
  return parseTable(src, file)
    .map((e) => ({ slug: `${e.dir}/${e.slug}`, title: e.title, lines: e.bad.split('\n').filter((l) => l.trim()).length }))
    .filter((e) => e.lines < MIN_BAD_LINES);
}

for (const arg of process.argv.slice(2)) {
  const f = resolve(arg);
  const thin = thinEntries(readFileSync(f, 'utf8'), basename(f));
  for (const e of thin) console.log(`${basename(f)}: ${e.slug} (${e.lines} line${e.lines === 1 ? '' : 's'}) ${e.title}`);
  console.log(`${basename(f)}: ${thin.length} thin entr${thin.length === 1 ? 'y' : 'ies'}`);
}
