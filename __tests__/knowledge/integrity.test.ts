/**
 * The shipped knowledge base: complete (every rule has an entry), fresh (the committed index and embeddings were
 * built from the committed entries), tamper-evident (a stale or foreign file is refused with a clear message), and
 * useful (findings get guidance, searches find the right entry).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AI_RULES } from '../../src/ai/rules.js';
import { ANALYZERS } from '../../src/analyzers/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/findings/types.js';
import { contentHash, type IndexFile } from '../../src/knowledge/format.js';
import { enrichFindings, KNOWLEDGE_MATCH_RULE, loadKnowledgeBase, storeFor } from '../../src/knowledge/index.js';
import { loadOfflineStore } from '../../src/knowledge/store.js';
import { listEntryFiles, readEntries } from '../../scripts/knowledge/entries.js';
import { evaluate, readQueries } from '../../scripts/knowledge/evaluate.js';
import { generate } from '../../scripts/knowledge/generate.js';
import { MIN_PER_AREA, PRACTICE_AREAS, practiceMatrix, supportedLanguages } from '../../scripts/knowledge/practice.js';

const root = resolve('.');
const dir = join(root, 'knowledge');
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as IndexFile;
const silent = { debug() {}, info() {}, warn() {}, setSecret() {} };
const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function copyKnowledge(): string {
  const d = mkdtempSync(join(tmpdir(), 'prs-knowledge-'));
  tmpDirs.push(d);
  cpSync(join(dir, 'index.json'), join(d, 'index.json'));
  cpSync(join(dir, 'embeddings.bin'), join(d, 'embeddings.bin'));
  return d;
}

describe('knowledge coverage', () => {
  it('has an entry for every rule any analyzer or the AI review can report', () => {
    const listed = new Set(index.entries.flatMap((e) => e.rules));
    const ids = [...Object.values(ANALYZERS).flatMap((a) => a.rules().map((r) => r.id)), ...AI_RULES.map((r) => r.id), KNOWLEDGE_MATCH_RULE];
    const missing = [...new Set(ids)].filter((id) => !listed.has(id));
    expect(missing, `rules without a knowledge entry (write one in scripts/knowledge/data, then npm run knowledge:build)`).toEqual([]);
  });

  it('lists only rule ids that exist', () => {
    const known = new Set([...Object.values(ANALYZERS).flatMap((a) => a.rules().map((r) => r.id)), ...AI_RULES.map((r) => r.id), KNOWLEDGE_MATCH_RULE]);
    const unknown = index.entries.flatMap((e) => e.rules.filter((r) => !known.has(r)).map((r) => `${e.id} → ${r}`));
    expect(unknown).toEqual([]);
  });
});

describe('knowledge breadth', () => {
  it('holds at least 600 entries', () => {
    expect(index.entries.length).toBeGreaterThanOrEqual(600);
  });

  it(`has at least ${MIN_PER_AREA} entries per practice area for every supported language`, () => {
    const langs = supportedLanguages(root);
    expect(langs.length).toBeGreaterThanOrEqual(20);
    const gaps: string[] = [];
    for (const [lang, row] of practiceMatrix(index.entries, langs))
      for (const area of PRACTICE_AREAS) if (row.get(area)! < MIN_PER_AREA) gaps.push(`${lang}/${area}: ${row.get(area)}`);
    expect(gaps).toEqual([]);
  });

  it('has a title, an explanation, a bad and a good example in every entry, and unique ids', () => {
    const incomplete = index.entries.filter((e) => !e.title.trim() || e.text.trim().length < 80 || !e.bad.trim() || !e.good.trim() || e.bad.trim() === e.good.trim());
    expect(incomplete.map((e) => e.id)).toEqual([]);
    expect(new Set(index.entries.map((e) => e.id)).size).toBe(index.entries.length);
  });
});

describe('knowledge files', () => {
  it('match the tables they are generated from (run npm run knowledge:build after editing scripts/knowledge/data)', () => {
    const d = mkdtempSync(join(tmpdir(), 'prs-entries-'));
    tmpDirs.push(d);
    generate(root, d);
    const rel = (f: string, base: string) => f.slice(base.length + 1);
    const want = listEntryFiles(d);
    const have = listEntryFiles(join(dir, 'entries'));
    expect(have.map((f) => rel(f, join(dir, 'entries')))).toEqual(want.map((f) => rel(f, d)));
    const differing = want.filter((f) => readFileSync(f, 'utf8') !== readFileSync(join(dir, 'entries', rel(f, d)), 'utf8'));
    expect(differing.map((f) => rel(f, d))).toEqual([]);
  });

  it('were built from the committed entries (run npm run knowledge:build after editing them)', () => {
    expect(contentHash(readEntries(root))).toBe(index.contentHash);
  });

  it('stay under 20 MB together', () => {
    const size = readFileSync(join(dir, 'index.json')).length + readFileSync(join(dir, 'embeddings.bin')).length;
    expect(size).toBeLessThan(20 * 1024 * 1024);
  });

  it('refuses an index edited after the build, naming the file', () => {
    const d = copyKnowledge();
    const edited = { ...index, entries: index.entries.map((e, i) => (i === 0 ? { ...e, text: `${e.text} (edited)` } : e)) };
    writeFileSync(join(d, 'index.json'), JSON.stringify(edited));
    expect(() => loadOfflineStore(d)).toThrow(/index\.json does not match its own entries/);
  });

  it('refuses embeddings built from different entries, naming both hashes', () => {
    const d = copyKnowledge();
    const entries = index.entries.slice(1);
    writeFileSync(join(d, 'index.json'), JSON.stringify({ ...index, entries, contentHash: contentHash(entries) }));
    expect(() => loadOfflineStore(d)).toThrow(/embeddings\.bin was built from different entries \(hash [0-9a-f]{12}…≠[0-9a-f]{12}…\)/);
  });

  it('refuses a truncated embeddings file', () => {
    const d = copyKnowledge();
    const bin = readFileSync(join(d, 'embeddings.bin'));
    writeFileSync(join(d, 'embeddings.bin'), bin.subarray(0, Math.floor(bin.length / 2)));
    expect(() => loadOfflineStore(d)).toThrow(/embeddings\.bin/);
  });
});

describe('knowledge in use', () => {
  const config = loadConfig({});

  it('gives every finding of a covered rule its guidance', async () => {
    const kb = await loadKnowledgeBase(config, silent);
    const ruleEntry = index.entries.find((e) => e.rules.length > 0);
    expect(ruleEntry, 'no entry lists a rule id').toBeDefined();
    const ruleId = ruleEntry!.rules[0]!;
    const finding: Finding = { ruleId, severity: 'high', title: 't', message: 'm', location: { path: 'app.py', startLine: 1 } };
    const { findings } = enrichFindings(kb, [finding], [], config);
    expect(findings[0]!.guidance?.id).toBeDefined();
    expect(index.entries.find((e) => e.id === findings[0]!.guidance!.id)!.rules).toContain(ruleId);
  });

  // The labelled retrieval set (knowledge/eval/queries.jsonl, written apart from the entries): the bar for
  // every scorer. Adding or editing entries can move these; this is where a regression shows.
  const queries = readQueries(root);
  it.each(['vector', 'bm25', 'hybrid'] as const)('%s retrieval finds an expected entry in the top 3 for at least 90 percent of the labelled queries', (mode) => {
    expect(queries.length).toBeGreaterThanOrEqual(300);
    // The store the knowledge stage itself uses (loaded once per process).
    const r = evaluate(storeFor(dir), queries, mode);
    expect(r.recallAt3, `recall@3 ${r.recallAt3.toFixed(3)}, MRR ${r.mrr.toFixed(3)}`).toBeGreaterThanOrEqual(0.9);
  });

  it('finds a SQL injection entry for string-built SQL', async () => {
    const kb = await loadKnowledgeBase(config, silent);
    const hits = kb!.search('cursor.execute("SELECT * FROM users WHERE name = \'" + name + "\'")', { languages: ['python'], k: 3, threshold: 0 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => /sql/i.test(`${h.id} ${h.title}`))).toBe(true);
  });
});
