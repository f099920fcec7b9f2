/**
 * Reads knowledge/entries/<dir>/<slug>.md (YAML front matter + explanation + "## Bad" / "## Good" code blocks).
 * The markdown files are the source of truth; build.ts turns them into knowledge/index.json + embeddings.bin.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { EntryRecord } from '../../src/knowledge/format.js';

export function listEntryFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) out.push(...listEntryFiles(p));
    else if (name.name.endsWith('.md')) out.push(p);
  }
  return out.sort();
}

function codeBlock(section: string | undefined): string {
  if (!section) return '';
  const m = /```[^\n]*\n([\s\S]*?)```/.exec(section);
  return (m ? m[1]! : section).replace(/\s+$/, '');
}

export function parseEntry(md: string, path: string): EntryRecord {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(md.replace(/\r\n?/g, '\n'));
  if (!m) throw new Error(`${path}: missing front matter`);
  const fm = parseYaml(m[1]!) as Record<string, unknown>;
  const body = m[2]!;
  const parts = body.split(/^## (Bad|Good)\s*$/m);
  const text = parts[0]!.trim();
  let bad: string | undefined;
  let good: string | undefined;
  for (let i = 1; i < parts.length; i += 2) {
    if (parts[i] === 'Bad') bad = parts[i + 1];
    else good = parts[i + 1];
  }
  const list = (k: string): string[] => {
    const v = fm[k];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new Error(`${path}: front matter "${k}" must be a list`);
    return v.map(String);
  };
  const id = String(fm.id ?? '');
  const title = String(fm.title ?? '');
  if (!id || !title) throw new Error(`${path}: front matter needs id and title`);
  if (bad === undefined || good === undefined) throw new Error(`${path}: needs "## Bad" and "## Good" sections`);
  return {
    id,
    title,
    languages: list('languages'),
    tags: list('tags'),
    cwe: list('cwe'),
    rules: list('rules'),
    text,
    bad: codeBlock(bad),
    good: codeBlock(good),
    path,
  };
}

/** All entries under root/knowledge/entries, with repo-relative POSIX paths. Throws on duplicates. */
export function readEntries(root: string): EntryRecord[] {
  const dir = join(root, 'knowledge', 'entries');
  const seen = new Map<string, string>();
  return listEntryFiles(dir).map((f) => {
    const rel = relative(root, f).split('\\').join('/');
    const e = parseEntry(readFileSync(f, 'utf8'), rel);
    const prev = seen.get(e.id);
    if (prev) throw new Error(`duplicate entry id ${e.id}: ${prev} and ${rel}`);
    seen.set(e.id, rel);
    return e;
  });
}
