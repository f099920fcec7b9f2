/**
 * `npx tsx scripts/knowledge/cold-load.ts`: one cold measurement for `npm run bench -- knowledge`, run in a fresh
 * process: load knowledge/ (index + embeddings) and answer one query, printing both times as JSON. A fresh process
 * is what an action run pays: nothing is JIT-warm.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOfflineStore } from '../../src/knowledge/store.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = performance.now();
const store = loadOfflineStore(join(root, 'knowledge'));
const t1 = performance.now();
store.rank('subprocess.run(cmd, shell=True) with a user-supplied file name', { k: 5, languages: ['python'] });
const t2 = performance.now();
console.log(JSON.stringify({ loadMs: t1 - t0, queryMs: t2 - t1 }));
