/**
 * Attaches guidance to findings and finds changed hunks that strongly resemble a known bad example.
 * The hunk check is deliberately conservative (precision over volume): same-language Bad chunks only, a high
 * calibrated similarity, the lexical and vector sides agreeing on the same entry, and the hunk closer to the
 * Bad than to the Good example of that entry.
 */
import type { AnalyzedFile } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { Finding, Guidance } from '../findings/types.js';
import { bm25Scores } from './bm25.js';
import { calibrate } from './model.js';
import { applicableLanguages, type KnowledgeStore } from './retrieve.js';
import { tokenize } from './tokenize.js';

export const KNOWLEDGE_MATCH_RULE = 'quality/knowledge-match';
/** Floor for hunk notes, whatever the configured threshold: a note is a claim, a search hit is only context. */
export const STRONG_MATCH = 0.9;
/** The hunk must be this much closer (cosine) to the Bad than to the Good example. */
export const BAD_GOOD_MARGIN = 0.03;
export const MAX_NOTES = 10;
const MIN_TERMS = 6;

export function guidanceForRule(store: KnowledgeStore, ruleId: string, language?: string): Guidance | undefined {
  const ids = store.byRule.get(ruleId);
  if (!ids || ids.length === 0) return undefined;
  if (language) {
    const want = new Set(applicableLanguages(language));
    const exact = ids.find((i) => store.entries[i]!.languages.some((l) => want.has(l)));
    if (exact !== undefined) return store.guidance(exact);
  }
  return store.guidance(ids[0]!);
}

export function attachGuidance(store: KnowledgeStore, findings: Finding[], files: AnalyzedFile[], threshold: number): Finding[] {
  const langOf = new Map(files.map((f) => [f.path, f.language]));
  return findings.map((f) => {
    if (f.guidance) return f;
    const lang = langOf.get(f.location.path);
    let g = guidanceForRule(store, f.ruleId, lang);
    if (!g) {
      // A rule without its own entry (a new rule, an AI comment): the best entry for its words, if strong enough.
      const hit = store.rank(`${f.title}\n${f.message}`, { languages: lang ? [lang] : undefined, k: 1, threshold })[0];
      if (hit) g = store.guidance(hit.entry);
    }
    return g ? { ...f, guidance: g } : f;
  });
}

interface HunkText {
  file: AnalyzedFile;
  start: number;
  end: number;
  text: string;
}

function addedHunks(files: AnalyzedFile[]): HunkText[] {
  const out: HunkText[] = [];
  for (const file of files) {
    if (!file.language || file.head === undefined) continue;
    for (const h of file.change.hunks) {
      const added = h.lines.filter((l) => l.kind === 'add' && l.newLine !== undefined);
      if (added.length === 0) continue;
      out.push({ file, start: added[0]!.newLine!, end: added[added.length - 1]!.newLine!, text: added.map((l) => l.text).join('\n') });
    }
  }
  return out;
}

export function knowledgeMatches(store: KnowledgeStore, findings: Finding[], files: AnalyzedFile[], config: Config): Finding[] {
  const notes: Finding[] = [];
  const floor = Math.max(config.knowledgeThreshold, STRONG_MATCH);
  const badChunks: number[] = [];
  store.chunks.forEach((c, i) => c.kind === 'bad' && badChunks.push(i));
  const goodOf = new Map<number, number>();
  store.chunks.forEach((c, i) => c.kind === 'good' && goodOf.set(c.entry, i));
  for (const h of addedHunks(files)) {
    if (notes.length >= MAX_NOTES) break;
    const busy = findings.some((f) => f.location.path === h.file.path && f.location.startLine <= h.end && (f.location.endLine ?? f.location.startLine) >= h.start);
    if (busy) continue;
    const terms = tokenize(h.text);
    if (new Set(terms).size < MIN_TERMS) continue;
    const want = new Set(applicableLanguages(h.file.language!));
    const q = store.embed(h.text);
    const bm = bm25Scores(store.bm25, terms);
    let bestVec = -1;
    let bestVecCos = -2;
    let bestBm = -1;
    let bestBmScore = 0;
    for (const ci of badChunks) {
      const e = store.entries[store.chunks[ci]!.entry]!;
      if (!e.languages.some((l) => want.has(l))) continue;
      const cos = store.chunkVectors.dot(q, ci);
      if (cos > bestVecCos) [bestVecCos, bestVec] = [cos, ci];
      if (bm[ci]! > bestBmScore) [bestBmScore, bestBm] = [bm[ci]!, ci];
    }
    if (bestVec < 0 || bestVec !== bestBm) continue;
    const sim = calibrate(bestVecCos, store.calibration);
    if (sim < floor) continue;
    const entry = store.chunks[bestVec]!.entry;
    const good = goodOf.get(entry);
    if (good !== undefined && bestVecCos - store.chunkVectors.dot(q, good) < BAD_GOOD_MARGIN) continue;
    const g = store.guidance(entry);
    notes.push({
      ruleId: KNOWLEDGE_MATCH_RULE,
      severity: 'low',
      title: 'Resembles a known anti-pattern',
      message: `These added lines resemble the bad example of "${g.title}" (similarity ${sim.toFixed(2)}); see ${g.url ?? g.id}.`,
      location: { path: h.file.path, startLine: h.start, endLine: h.end },
      confidence: 'low',
      tags: ['knowledge', ...store.entries[entry]!.tags.slice(0, 3)],
      cwe: store.entries[entry]!.cwe.length ? store.entries[entry]!.cwe : undefined,
      guidance: g,
      properties: { knowledgeEntry: g.id, similarity: Math.round(sim * 1000) / 1000 },
    });
  }
  return notes;
}
