/**
 * `npx tsx scripts/knowledge/coverage.ts`: entries per supported language and practice area, read from the tables
 * in scripts/knowledge/data (so it reflects unbuilt edits). Cells below MIN_PER_AREA are marked with `!`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTable } from './generate.js';
import { MIN_PER_AREA, PRACTICE_AREAS, practiceMatrix, supportedLanguages } from './practice.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = join(root, 'scripts', 'knowledge', 'data');
const entries = readdirSync(dataDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => parseTable(readFileSync(join(dataDir, f), 'utf8'), f));
const m = practiceMatrix(entries, supportedLanguages(root));
let gaps = 0;
console.log('language    ' + PRACTICE_AREAS.map((a) => a.slice(0, 8).padStart(9)).join(''));
for (const [lang, row] of m) {
  const cells = PRACTICE_AREAS.map((a) => {
    const n = row.get(a)!;
    if (n < MIN_PER_AREA) gaps++;
    return `${n}${n < MIN_PER_AREA ? '!' : ' '}`.padStart(9);
  });
  console.log(lang.padEnd(12) + cells.join(''));
}
console.log(`${entries.length} entries; ${gaps} cell(s) below ${MIN_PER_AREA}`);
