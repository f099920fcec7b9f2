/**
 * `npm run bench [area…]`: runs every scripts/bench/<area>.ts (or just the named ones) in turn.
 * Each module exports `run(): Promise<void>` and prints its own figures. Benchmarks live here, not in the
 * unit tests, so timing noise never turns CI red.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const areas = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((a) => wanted.length === 0 || wanted.includes(a))
  .sort();

for (const area of areas) {
  console.log(`\n=== bench: ${area} ===`);
  const mod = (await import(pathToFileURL(join(dir, `${area}.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
