/**
 * `npx tsx scripts/knowledge/generate.ts`: turns the compact hand-written tables in scripts/knowledge/data/*.txt
 * into knowledge/entries/<dir>/<slug>.md. Writing entries as tables keeps the authoring fast and uniform; the
 * generated markdown is what gets committed, reviewed and built.
 *
 * Table format (one file per language or theme):
 *   @dir python            folder under knowledge/entries and id prefix
 *   @languages python      default languages for the entries below
 *   @fence python          code fence language
 *   @tags a,b              tags added to every entry below
 *   === slug | Title | tags | CWE-1,CWE-2 | rule/one,rule/two
 *   Explanation (markdown, one or more paragraphs).
 *   --- bad
 *   code
 *   --- good
 *   code
 * Optional per-entry override line right after the === line: "@languages x,y".
 */
import { mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listEntryFiles } from './entries.js';

export interface TableEntry {
  dir: string;
  slug: string;
  title: string;
  languages: string[];
  tags: string[];
  cwe: string[];
  rules: string[];
  fence: string;
  text: string;
  bad: string;
  good: string;
}

// Tags, languages, CWEs and rule ids never contain spaces: commas or spaces both separate items.
const list = (s: string | undefined) => (s ?? '').split(/[,\s]+/).map((x) => x.trim()).filter(Boolean);

export function parseTable(src: string, file: string): TableEntry[] {
  const out: TableEntry[] = [];
  let dir = '';
  let languages: string[] = [];
  let fence = '';
  let tags: string[] = [];
  let cur: (TableEntry & { mode: 'text' | 'bad' | 'good' }) | undefined;
  const flush = () => {
    if (!cur) return;
    if (!cur.bad.trim() || !cur.good.trim() || !cur.text.trim()) throw new Error(`${file}: entry ${cur.slug} lacks text, bad or good`);
    const { mode: _m, ...e } = cur;
    out.push({ ...e, text: e.text.trim(), bad: e.bad.replace(/\s+$/, ''), good: e.good.replace(/\s+$/, '') });
    cur = undefined;
  };
  for (const line of src.replace(/\r\n?/g, '\n').split('\n')) {
    const d = /^@(dir|languages|fence|tags) (.*)$/.exec(line);
    if (d) {
      // `@languages` straight after a `===` header overrides that entry; any other directive starts a new section
      // (also right after a code block, so one file can hold several sections).
      if (cur && d[1] === 'languages' && cur.mode === 'text' && !cur.text.trim()) { cur.languages = list(d[2]); continue; }
      if (cur) flush();
      if (d[1] === 'dir') dir = d[2]!.trim();
      else if (d[1] === 'languages') languages = list(d[2]);
      else if (d[1] === 'fence') fence = d[2]!.trim();
      else tags = list(d[2]);
      continue;
    }
    const h = /^=== (.*)$/.exec(line);
    if (h) {
      flush();
      const [slug, title, t, cwe, rules] = h[1]!.split('|').map((s) => s.trim());
      if (!slug || !title) throw new Error(`${file}: bad header: ${line}`);
      cur = { dir, slug, title, languages, tags: [...tags, ...list(t)], cwe: list(cwe), rules: list(rules), fence, text: '', bad: '', good: '', mode: 'text' };
      continue;
    }
    if (cur && line === '--- bad') { cur.mode = 'bad'; continue; }
    if (cur && line === '--- good') { cur.mode = 'good'; continue; }
    if (cur) cur[cur.mode] += line + '\n';
  }
  flush();
  return out;
}

export function renderEntry(e: TableEntry): string {
  // JSON strings and arrays are valid YAML flow scalars/sequences: one key per line, no quoting surprises.
  const q = (v: string | string[]) => JSON.stringify(v).replace(/","/g, '", "');
  const fm = [`id: ${e.dir}/${e.slug}`, `title: ${q(e.title)}`, `languages: ${q(e.languages)}`, `tags: ${q(e.tags)}`, `cwe: ${q(e.cwe)}`, `rules: ${q(e.rules)}`].join('\n') + '\n';
  return `---\n${fm}---\n\n${e.text}\n\n## Bad\n\n\`\`\`${e.fence}\n${e.bad}\n\`\`\`\n\n## Good\n\n\`\`\`${e.fence}\n${e.good}\n\`\`\`\n`;
}

/** Every entry of every table, with its id (throws on a duplicate id, naming both tables). */
export function readTables(root: string): Array<TableEntry & { id: string }> {
  const dataDir = join(root, 'scripts', 'knowledge', 'data');
  const out: Array<TableEntry & { id: string }> = [];
  const seen = new Map<string, string>();
  for (const f of readdirSync(dataDir).filter((x) => x.endsWith('.txt')).sort()) {
    for (const e of parseTable(readFileSync(join(dataDir, f), 'utf8'), f)) {
      const id = `${e.dir}/${e.slug}`;
      if (seen.has(id)) throw new Error(`${f}: duplicate id ${id} (also in ${seen.get(id)})`);
      seen.set(id, f);
      out.push({ ...e, id });
    }
  }
  return out;
}

/**
 * Writes knowledge/entries/<dir>/<slug>.md for every table entry and deletes entry files no table produces any more
 * (a merged or renamed entry must not linger and keep being built).
 */
export function generate(root: string, entriesDir = join(root, 'knowledge', 'entries')): number {
  const written = new Set<string>();
  for (const e of readTables(root)) {
    const out = join(entriesDir, e.dir, `${e.slug}.md`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, renderEntry(e));
    written.add(out);
  }
  for (const f of listEntryFiles(entriesDir)) if (!written.has(f)) unlinkSync(f);
  for (const d of readdirSync(entriesDir)) if (readdirSync(join(entriesDir, d)).length === 0) rmdirSync(join(entriesDir, d));
  return written.size;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  console.log(`wrote ${generate(root)} entries`);
}
