/**
 * knowledgeMatches over the real committed knowledge store: added lines that reproduce a known bad example in the
 * entry's language become one quality/knowledge-match note naming the entry; anything weaker or already covered
 * by a finding stays silent, and a PR never gets more than MAX_NOTES of them.
 */
import { describe, expect, it } from 'vitest';
import type { AnalyzedFile } from '../../src/analyzers/types.js';
import { loadConfig } from '../../src/config/load.js';
import type { Finding } from '../../src/findings/types.js';
import { KNOWLEDGE_MATCH_RULE, knowledgeMatches, MAX_NOTES } from '../../src/knowledge/enrich.js';
import { storeFor } from '../../src/knowledge/index.js';
import { applicableLanguages } from '../../src/knowledge/retrieve.js';
import { findKnowledgeDir } from '../../src/knowledge/store.js';
import { tokenize } from '../../src/knowledge/tokenize.js';
import { addedFile, modifiedFile } from '../ai/fixtures.js';

const store = storeFor(findKnowledgeDir()!);
const config = loadConfig({});

/** Entries whose bad example is a clear, multi-line instance of the anti-pattern (one per language family). */
const CASES: Array<{ id: string; language: string; ext: string; elsewhere: string }> = [
  { id: 'python/pickle-untrusted', language: 'python', ext: 'py', elsewhere: 'go' },
  { id: 'go/mutex-shared-map', language: 'go', ext: 'go', elsewhere: 'python' },
  { id: 'javascript/await-in-loop', language: 'javascript', ext: 'js', elsewhere: 'ruby' },
];

function entry(id: string) {
  const i = store.entries.findIndex((e) => e.id === id);
  expect(i, `knowledge entry ${id} is gone: pick another entry for this test`).toBeGreaterThanOrEqual(0);
  return store.entries[i]!;
}

const lines = (text: string) => text.split('\n').length;

function finding(path: string, startLine: number, endLine = startLine): Finding {
  return { ruleId: 'sast/test-rule', severity: 'medium', title: 't', message: 'm', location: { path, startLine, endLine } };
}

describe('knowledge-match notes', () => {
  it.each(CASES)('$id: its bad example as added $language code gives one note naming the entry', ({ id, language, ext }) => {
    const e = entry(id);
    const path = `src/added.${ext}`;
    const notes = knowledgeMatches(store, [], [addedFile(path, language, `${e.bad}\n`)], config);
    expect(notes).toHaveLength(1);
    const n = notes[0]!;
    expect(n).toMatchObject({ ruleId: KNOWLEDGE_MATCH_RULE, severity: 'low', location: { path, startLine: 1, endLine: lines(e.bad) } });
    expect(n.guidance?.id).toBe(id);
    expect(n.message).toContain(`"${e.title}"`);
    expect(n.message).toContain(e.path);
    expect(n.properties?.knowledgeEntry).toBe(id);
    expect(Number(n.properties?.similarity)).toBeGreaterThanOrEqual(0.9);
  });

  it.each(CASES)('$id: no note in a language the entry does not apply to', ({ id, language, elsewhere }) => {
    const e = entry(id);
    expect(e.languages.some((l) => applicableLanguages(elsewhere).includes(l))).toBe(false);
    expect(knowledgeMatches(store, [], [addedFile('src/added.txt', elsewhere, `${e.bad}\n`)], config)).toEqual([]);
    // Same text, right language: the note is there, so the language is what silenced it.
    expect(knowledgeMatches(store, [], [addedFile('src/added.txt', language, `${e.bad}\n`)], config)).toHaveLength(1);
  });

  it.each(CASES)('$id: no note when a finding already covers the hunk', ({ id, language, ext }) => {
    const e = entry(id);
    const path = `src/added.${ext}`;
    const files = [addedFile(path, language, `${e.bad}\n`)];
    expect(knowledgeMatches(store, [finding(path, lines(e.bad))], files, config)).toEqual([]);
    // A finding elsewhere (other file, or below the hunk) does not.
    expect(knowledgeMatches(store, [finding('other.txt', 1), finding(path, lines(e.bad) + 5)], files, config)).toHaveLength(1);
  });

  it.each(CASES)('$id: the good example gives no note', ({ id, language, ext }) => {
    const e = entry(id);
    expect(knowledgeMatches(store, [], [addedFile(`src/added.${ext}`, language, `${e.good}\n`)], config)).toEqual([]);
  });

  it('a tiny hunk gives no note, even taken from a bad example', () => {
    const e = entry(CASES[0]!.id);
    const tiny = e.bad.split('\n').find((l) => new Set(tokenize(l)).size >= 2 && new Set(tokenize(l)).size < 6)!;
    expect(tiny).toBeDefined();
    expect(knowledgeMatches(store, [], [addedFile('src/tiny.py', 'python', `${tiny}\n`)], config)).toEqual([]);
  });

  it('only added lines count: the bad example as unchanged context around a small addition gives no note', () => {
    const e = entry(CASES[0]!.id);
    const head = `${e.bad}\nresult = None\n`;
    const f = modifiedFile('src/ctx.py', 'python', head, [[lines(e.bad) + 1, lines(e.bad) + 1]]);
    expect(f.change.hunks[0]!.lines.some((l) => l.kind === 'context')).toBe(true);
    expect(knowledgeMatches(store, [], [f], config)).toEqual([]);
  });

  it(`never more than MAX_NOTES (${MAX_NOTES}) notes, however many hunks match`, () => {
    const files: AnalyzedFile[] = [];
    store.entries.forEach((e, i) => {
      const language = e.languages.find((l) => l !== 'general');
      if (language && e.bad.trim()) files.push(addedFile(`src/f${String(i).padStart(4, '0')}.txt`, language, `${e.bad}\n`));
    });
    const notes = knowledgeMatches(store, [], files, config);
    expect(notes).toHaveLength(MAX_NOTES);
    expect(new Set(notes.map((n) => n.location.path)).size).toBe(MAX_NOTES);
  });

  it('across the whole knowledge base, a note names the entry whose bad example was added (precision)', () => {
    let notes = 0;
    let right = 0;
    for (const e of store.entries) {
      const language = e.languages.find((l) => l !== 'general');
      if (!language || !e.bad.trim()) continue;
      const got = knowledgeMatches(store, [], [addedFile('src/x.txt', language, `${e.bad}\n`)], config);
      expect(got.length).toBeLessThanOrEqual(1);
      if (got.length === 1) {
        notes++;
        if (got[0]!.guidance?.id === e.id) right++;
      }
    }
    // Measured on the committed store: 341 of 342 notes name their own entry (the other is a near-duplicate entry).
    expect(notes).toBeGreaterThan(store.entries.length * 0.4);
    expect(right / notes).toBeGreaterThan(0.97);
  });
});
