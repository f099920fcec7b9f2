/**
 * `npx tsx scripts/knowledge/check-table.ts data/FILE.txt…`: parses knowledge tables without writing anything and
 * reports entry counts, ids duplicated across all tables, and listed rule ids that no analyzer declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWLEDGE_MATCH_RULE } from '../../src/knowledge/index.js';
import { ruleCatalog } from '../../src/report/rules.js';
import { parseTable } from './generate.js';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), 'data');
const known = new Set([...ruleCatalog().keys(), KNOWLEDGE_MATCH_RULE]);
const seen = new Map<string, string>();
let problems = 0;
for (const f of readdirSync(dataDir).filter((n) => n.endsWith('.txt')).sort()) {
  try {
    for (const e of parseTable(readFileSync(join(dataDir, f), 'utf8'), f)) {
      const id = `${e.dir}/${e.slug}`;
      if (seen.has(id)) {
        console.log(`duplicate id ${id} in ${f} and ${seen.get(id)}`);
        problems++;
      }
      seen.set(id, f);
    }
  } catch (e) {
    console.log(`parse error: ${(e as Error).message}`);
    problems++;
  }
}
for (const arg of process.argv.slice(2)) {
  const f = resolve(arg);
  const entries = parseTable(readFileSync(f, 'utf8'), basename(f));
  for (const e of entries) for (const r of e.rules) if (!known.has(r)) { console.log(`${basename(f)}: ${e.slug} lists unknown rule ${r}`); problems++; }
  console.log(`${basename(f)}: ${entries.length} entries, ${new Set(entries.flatMap((e) => e.rules)).size} rule ids`);
}
console.log(`${seen.size} entries in all tables; ${problems} problem(s)`);
process.exitCode = problems ? 1 : 0;
