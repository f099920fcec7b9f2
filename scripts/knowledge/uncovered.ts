/**
 * `npx tsx scripts/knowledge/uncovered.ts [prefix]`: rule ids that no knowledge table entry lists yet
 * (every analyzer's rules() plus the AI categories), optionally only those starting with `prefix`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleCatalog } from '../../src/report/rules.js';

const dataDir = join(dirname(fileURLToPath(import.meta.url)), 'data');
const listed = new Set<string>();
for (const f of readdirSync(dataDir).filter((n) => n.endsWith('.txt'))) {
  for (const line of readFileSync(join(dataDir, f), 'utf8').split('\n')) {
    if (!line.startsWith('===')) continue;
    const rules = line.split('|')[4] ?? '';
    for (const r of rules.split(',')) if (r.trim()) listed.add(r.trim());
  }
}
const prefix = process.argv[2] ?? '';
const all = [...ruleCatalog().values()].filter((r) => r.id.startsWith(prefix));
const missing = all.filter((r) => !listed.has(r.id));
for (const r of missing) console.log(`${r.id}\t${r.title}`);
console.error(`${missing.length} of ${all.length} rule ids have no entry`);
