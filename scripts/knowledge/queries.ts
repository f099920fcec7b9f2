/**
 * `npx tsx scripts/knowledge/queries.ts`: scripts/knowledge/queries/*.txt → knowledge/eval/queries.jsonl.
 * The queries are written separately from the entries, with their own wording and code. Format:
 *   > expected/id[,other/id] | language[,language] | code|message
 *   query text (one or more lines, until the next ">" line)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalQuery } from './evaluate.js';

export function parseQueries(src: string): EvalQuery[] {
  const out: EvalQuery[] = [];
  let cur: EvalQuery | undefined;
  const flush = () => {
    if (cur) {
      cur.query = cur.query.replace(/\s+$/, '');
      if (cur.query) out.push(cur);
    }
  };
  for (const line of src.replace(/\r\n?/g, '\n').split('\n')) {
    const h = /^> (.*)$/.exec(line);
    if (h) {
      flush();
      const [ids, langs, kind] = h[1]!.split('|').map((s) => s.trim());
      const list = (s?: string) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      cur = { query: '', expected: list(ids), ...(list(langs).length ? { languages: list(langs) } : {}), kind: kind === 'message' ? 'message' : 'code' };
      continue;
    }
    if (cur) cur.query += (cur.query ? '\n' : '') + line;
  }
  flush();
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dir = join(root, 'scripts', 'knowledge', 'queries');
  const all = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().flatMap((f) => parseQueries(readFileSync(join(dir, f), 'utf8')));
  writeFileSync(join(root, 'knowledge', 'eval', 'queries.jsonl'), all.map((q) => JSON.stringify(q)).join('\n') + '\n');
  console.log(`wrote ${all.length} queries`);
}
