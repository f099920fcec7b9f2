/**
 * Packs the changed hunks into model calls, most review-worthy first, within the token and cost budget.
 *
 * Unit = one hunk with at least one added line (deletion-only hunks carry nothing to comment on).
 * Rendered with numbered new-side lines (`+  42 | code`), the deterministic findings on its lines and the top
 * knowledge hits. Priority: files with findings (by severity), complexity/quality findings, risky paths
 * (risky-paths.json), then path order; within a file, hunks holding findings first. Units fill calls
 * greedily up to `maxInputTokensPerCall`; a hunk larger than one call is clipped to its first lines.
 * Tokens are estimated as characters/4 (see cost.ts). Everything is sorted on stable keys, so the same
 * input always packs the same way.
 */
import { createHash } from 'node:crypto';
import type { AnalyzedFile } from '../analyzers/types.js';
import type { Finding, Severity } from '../findings/types.js';
import { SEVERITY_RANK } from '../findings/types.js';
import type { Hunk } from '../diff/types.js';
import type { KnowledgeBase, KnowledgeHit } from '../knowledge/index.js';
import { estimateTokens } from './cost.js';
import RISKY_JSON from './risky-paths.json' with { type: 'json' };

const RISKY = RISKY_JSON.patterns.map((p) => new RegExp(p, 'i'));
const MAX_LINE_CHARS = 400;

export interface PackUnit {
  path: string;
  language?: string;
  hunkIndex: number;
  /** Normalised content hash (path + added/removed text, no line numbers): the incremental re-run key (12 hex chars). */
  hash: string;
  /** Rendered text as it goes into the prompt. */
  text: string;
  tokens: number;
  /** New-side lines shown (context + added). */
  shown: number[];
  /** New-side lines added by this hunk. */
  added: number[];
  clipped: boolean;
}

export interface Chunk {
  units: PackUnit[];
  tokens: number;
}

export interface PackOptions {
  /** Estimated input tokens allowed per call, for the PR content (prompt overhead excluded). */
  maxInputTokensPerCall: number;
  /**
   * Planned cost of one call, given its input tokens: returns [tokens, usd] including the output reserve.
   * Packing stops when the sums would pass `tokenBudget` or `costBudget`.
   */
  callCost: (inputTokens: number) => { tokens: number; usd: number };
  tokenBudget: number;
  costBudget: number;
  /** Hashes of hunks already reviewed in a previous run (incremental mode). */
  skipHashes?: ReadonlySet<string>;
  knowledge?: KnowledgeBase;
  /**
   * Knowledge hits computed beforehand per hunk (knowledgeContext: provider embeddings are async). A hunk found
   * here uses these hits; a hunk absent from it falls back to the synchronous `knowledge.search`.
   */
  knowledgeHits?: ReadonlyMap<Hunk, KnowledgeHit[]>;
  /** Masks lines flagged by the secrets analyzer (path → line set). */
  secretLines?: ReadonlyMap<string, ReadonlySet<number>>;
}

export interface PackResult {
  chunks: Chunk[];
  reviewed: string[];
  clipped: string[];
  skipped: Array<{ path: string; reason: string }>;
  /** Hashes of every eligible unit that is now covered (packed now or skipped as already reviewed). */
  coveredHashes: string[];
  /** Every eligible unit's hash (for force-push detection). */
  allHashes: string[];
  /** Units that did not fit the budget (not reviewed). */
  unpacked: number;
}

export function isRiskyPath(path: string): boolean {
  return RISKY.some((r) => r.test(path));
}

const hashCache = new WeakMap<Hunk, string>();

/** Stable hash of a hunk's content: whitespace-normalised changed lines, no line numbers. Cached per hunk. */
export function hunkHash(path: string, hunk: Hunk): string {
  const cached = hashCache.get(hunk);
  if (cached !== undefined && cached.startsWith(`${path}\0`)) return cached.slice(path.length + 1);
  let text = path;
  for (const l of hunk.lines) if (l.kind !== 'context') text += `\n${l.kind === 'add' ? '+' : '-'}${l.text.trim().replace(/\s+/g, ' ')}`;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  hashCache.set(hunk, `${path}\0${hash}`);
  return hash;
}

function fileScore(path: string, findings: Finding[]): number {
  let score = 0;
  let maxRank = -1;
  let complexity = 0;
  for (const f of findings) {
    maxRank = Math.max(maxRank, SEVERITY_RANK[f.severity as Severity] ?? 0);
    if (f.ruleId.startsWith('complexity/') || f.ruleId.startsWith('quality/')) complexity++;
  }
  if (maxRank >= 0) score += 1000 + maxRank * 200 + Math.min(findings.length, 50);
  if (complexity > 0) score += 300 + Math.min(complexity, 20) * 5;
  if (isRiskyPath(path)) score += 250;
  return score;
}

function findingsIn(findings: Finding[], start: number, end: number): Finding[] {
  return findings.filter((f) => f.location.startLine <= end && (f.location.endLine ?? f.location.startLine) >= start);
}

function clipLine(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)} …[line clipped]` : text;
}

interface Candidate {
  file: AnalyzedFile;
  hunk: Hunk;
  hunkIndex: number;
  hunkCount: number;
  hash: string;
  fileScore: number;
  hasFinding: boolean;
  findings: Finding[];
}

function renderUnit(c: Candidate, opts: PackOptions, maxTokens: number): PackUnit {
  const { file, hunk } = c;
  const secret = opts.secretLines?.get(file.path);
  const header = `### ${file.path}${file.language ? ` (${file.language})` : ''} · hunk ${c.hunkIndex + 1}/${c.hunkCount} · @@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${hunk.header ? ` ${clipLine(hunk.header)}` : ''}`;
  const extra: string[] = [];
  if (c.findings.length > 0) {
    extra.push('Deterministic findings on these lines (already reported; do not repeat them):');
    for (const f of c.findings.slice(0, 10)) {
      const end = f.location.endLine ?? f.location.startLine;
      extra.push(`- L${f.location.startLine}${end !== f.location.startLine ? `-${end}` : ''} ${f.ruleId} (${f.severity}): ${clipLine(f.message)}`);
    }
  }
  const query = knowledgeQuery(file, hunk);
  if (query && (opts.knowledgeHits || opts.knowledge)) {
    try {
      const hits = opts.knowledgeHits?.get(hunk) ?? opts.knowledge?.search(query.query, { languages: query.languages, k: KNOWLEDGE_K }) ?? [];
      if (hits.length > 0) {
        extra.push('Relevant guidance:');
        for (const h of hits.slice(0, KNOWLEDGE_K)) extra.push(`- ${h.title}: ${clipLine(h.guidance.text.replace(/\s+/g, ' '))}`);
      }
    } catch {
      // guidance is optional context; a broken knowledge base must not stop the review
    }
  }
  const body: string[] = [];
  const shown: number[] = [];
  const added: number[] = [];
  let tokens = estimateTokens([header, ...extra].join('\n')) + 1;
  let clipped = false;
  for (const l of hunk.lines) {
    let line: string;
    if (l.kind === 'del') line = `-      | ${clipLine(l.text)}`;
    else {
      const n = l.newLine ?? 0;
      const text = secret?.has(n) ? '[line withheld: flagged by the secrets analyzer]' : clipLine(l.text);
      line = `${l.kind === 'add' ? '+' : ' '}${String(n).padStart(6)} | ${text}`;
    }
    const t = estimateTokens(line) + 1;
    if (tokens + t > maxTokens) {
      clipped = true;
      break;
    }
    tokens += t;
    body.push(line);
    if (l.kind !== 'del' && l.newLine !== undefined) {
      shown.push(l.newLine);
      if (l.kind === 'add') added.push(l.newLine);
    }
  }
  if (clipped) body.push('[hunk clipped: the rest is not shown]');
  const text = [header, ...extra, ...body].join('\n');
  return { path: file.path, language: file.language, hunkIndex: c.hunkIndex, hash: c.hash, text, tokens: estimateTokens(text), shown, added, clipped };
}

const KNOWLEDGE_K = 3;

/** The knowledge query for a hunk: its added text (first 4,000 characters) in the file's language. */
function knowledgeQuery(file: AnalyzedFile, hunk: Hunk): { query: string; languages?: string[] } | undefined {
  const added = hunk.lines.filter((l) => l.kind === 'add').map((l) => l.text).join('\n');
  if (!added.trim()) return undefined;
  return { query: added.slice(0, 4000), languages: file.language ? [file.language] : undefined };
}

/**
 * Knowledge hits for every hunk `pack` may render, computed up front through `searchManyAsync` so a provider
 * embedding model (`embeddings: openai|gemini`) can embed the queries in batched requests. Returns undefined when
 * the knowledge base embeds offline (pack's own synchronous search gives the same hits). A provider failure is
 * handled inside the knowledge base: offline hits and a notice in `knowledge.notices`.
 */
export async function knowledgeContext(files: AnalyzedFile[], knowledge: KnowledgeBase | undefined, skipHashes?: ReadonlySet<string>): Promise<Map<Hunk, KnowledgeHit[]> | undefined> {
  if (!knowledge?.searchManyAsync || !knowledge.usesProvider?.()) return undefined;
  const hunks: Hunk[] = [];
  const queries: Array<{ query: string; languages?: string[] }> = [];
  for (const file of files) {
    if (file.change.status === 'deleted' || file.change.binary) continue;
    for (const hunk of file.change.hunks) {
      const q = knowledgeQuery(file, hunk);
      if (!q || skipHashes?.has(hunkHash(file.path, hunk))) continue;
      hunks.push(hunk);
      queries.push(q);
    }
  }
  if (queries.length === 0) return undefined;
  let hits: KnowledgeHit[][];
  try {
    hits = await knowledge.searchManyAsync(queries, { k: KNOWLEDGE_K });
  } catch {
    return undefined; // optional context, as in renderUnit: pack then searches synchronously
  }
  return new Map(hunks.map((h, i) => [h, hits[i] ?? []]));
}

export function pack(files: AnalyzedFile[], findings: Finding[], opts: PackOptions): PackResult {
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byPath.get(f.location.path) ?? [];
    list.push(f);
    byPath.set(f.location.path, list);
  }
  const skipped: Array<{ path: string; reason: string }> = [];
  const candidates: Candidate[] = [];
  const allHashes: string[] = [];
  const coveredHashes: string[] = [];
  const eligible = new Map<string, number>(); // path → eligible units
  const alreadyReviewed = new Set<string>();

  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (file.change.status === 'deleted') {
      skipped.push({ path: file.path, reason: 'deleted' });
      continue;
    }
    if (file.change.binary) {
      skipped.push({ path: file.path, reason: 'binary' });
      continue;
    }
    const fileFindings = byPath.get(file.path) ?? [];
    const score = fileScore(file.path, fileFindings);
    const hunks = file.change.hunks;
    let count = 0;
    hunks.forEach((hunk, i) => {
      if (!hunk.lines.some((l) => l.kind === 'add')) return; // deletion-only
      const hash = hunkHash(file.path, hunk);
      allHashes.push(hash);
      if (opts.skipHashes?.has(hash)) {
        coveredHashes.push(hash);
        alreadyReviewed.add(file.path);
        return;
      }
      const end = hunk.newStart + Math.max(hunk.newLines, 1) - 1;
      const inHunk = findingsIn(fileFindings, hunk.newStart, end);
      candidates.push({ file, hunk, hunkIndex: i, hunkCount: hunks.length, hash, fileScore: score, hasFinding: inHunk.length > 0, findings: inHunk });
      count++;
    });
    if (count === 0) skipped.push({ path: file.path, reason: alreadyReviewed.has(file.path) ? 'unchanged since the last AI review' : 'no added lines' });
    else eligible.set(file.path, count);
  }

  candidates.sort(
    (a, b) =>
      b.fileScore - a.fileScore ||
      (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0) ||
      Number(b.hasFinding) - Number(a.hasFinding) ||
      a.hunkIndex - b.hunkIndex,
  );

  const chunks: Chunk[] = [];
  let current: Chunk = { units: [], tokens: 0 };
  let spentTokens = 0;
  let spentUsd = 0;
  const packedCount = new Map<string, number>();
  const clippedFiles = new Set<string>();
  let unpacked = 0;
  let full = false;

  const closeCurrent = (): boolean => {
    if (current.units.length === 0) return true;
    const cost = opts.callCost(current.tokens);
    chunks.push(current);
    spentTokens += cost.tokens;
    spentUsd += cost.usd;
    current = { units: [], tokens: 0 };
    return true;
  };
  const fitsBudget = (chunkTokens: number): boolean => {
    const cost = opts.callCost(chunkTokens);
    return spentTokens + cost.tokens <= opts.tokenBudget && spentUsd + cost.usd <= opts.costBudget;
  };

  for (const c of candidates) {
    if (full) {
      unpacked++;
      continue;
    }
    let unit = renderUnit(c, opts, opts.maxInputTokensPerCall);
    if (current.tokens + unit.tokens > opts.maxInputTokensPerCall) closeCurrent();
    if (!fitsBudget(current.tokens + unit.tokens)) {
      // Try a clipped version that uses what is left of the budget, then stop.
      let room = 0;
      for (let t = unit.tokens; t > 0; t = Math.floor(t / 2)) {
        if (fitsBudget(current.tokens + t)) {
          room = t;
          break;
        }
      }
      if (room >= 200) unit = renderUnit(c, opts, room);
      if (room < 200 || unit.added.length === 0 || !fitsBudget(current.tokens + unit.tokens)) {
        full = true;
        unpacked++;
        continue;
      }
    }
    current.units.push(unit);
    current.tokens += unit.tokens;
    if (unit.clipped) clippedFiles.add(unit.path);
    packedCount.set(unit.path, (packedCount.get(unit.path) ?? 0) + 1);
    if (!unit.clipped) coveredHashes.push(unit.hash);
  }
  closeCurrent();

  const reviewed: string[] = [];
  const clipped: string[] = [];
  for (const [path, count] of [...eligible].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const packed = packedCount.get(path) ?? 0;
    if (packed === 0) skipped.push({ path, reason: 'AI token/cost budget reached' });
    else if (packed < count || clippedFiles.has(path)) clipped.push(path);
    else reviewed.push(path);
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Within a call, show units in path/hunk order: easier for the model to read.
  for (const ch of chunks) ch.units.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.hunkIndex - b.hunkIndex));
  return { chunks, reviewed, clipped, skipped, coveredHashes, allHashes, unpacked };
}

/** Split a chunk in two (context-length errors): halves by unit, or a single unit clipped to half its size. */
export function splitChunk(chunk: Chunk): Chunk[] | undefined {
  if (chunk.units.length > 1) {
    const mid = Math.ceil(chunk.units.length / 2);
    const parts = [chunk.units.slice(0, mid), chunk.units.slice(mid)];
    return parts.map((units) => ({ units, tokens: units.reduce((s, u) => s + u.tokens, 0) }));
  }
  const u = chunk.units[0];
  if (!u) return undefined;
  const lines = u.text.split('\n');
  if (lines.length < 8) return undefined;
  const keep = lines.slice(0, Math.ceil(lines.length / 2));
  keep.push('[hunk clipped: the rest is not shown]');
  const shownSet = new Set<number>();
  for (const l of keep) {
    const m = /^[+ ]\s*(\d+) \| /.exec(l);
    if (m) shownSet.add(Number(m[1]));
  }
  const text = keep.join('\n');
  const unit: PackUnit = { ...u, text, tokens: estimateTokens(text), shown: u.shown.filter((n) => shownSet.has(n)), added: u.added.filter((n) => shownSet.has(n)), clipped: true };
  return [{ units: [unit], tokens: unit.tokens }];
}
