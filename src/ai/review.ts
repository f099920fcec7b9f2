/**
 * Turns validated model comments into ai/… findings: drops unsafe output (approval claims, URLs or shell
 * commands not present in the diff, echoed injection text), anchors comments to the changed lines shown,
 * demotes the rest to the summary, caps the count by confidence, and attaches a suggestion only when it is
 * confined to one hunk's added lines and the file still parses with the replacement applied.
 */
import type { AnalyzedFile } from '../analyzers/types.js';
import type { Finding, Severity } from '../findings/types.js';
import { SEVERITY_RANK } from '../findings/types.js';
import { grammarFor, parse } from '../parse/index.js';
import FILTERS_JSON from './output-filters.json' with { type: 'json' };
import type { PackUnit } from './pack.js';
import { CATEGORIES } from './rules.js';
import type { AiComment } from './schema.js';

const APPROVAL = FILTERS_JSON.approval.map((p) => new RegExp(p, 'i'));
const COMMANDS = FILTERS_JSON.commands.map((p) => new RegExp(p, 'gi'));
const INJECTION = FILTERS_JSON.injection.map((p) => new RegExp(p, 'i'));
const URL_RE = /\b(?:https?|ftp|file):\/\/[^\s"'`<>)\]]+/gi;
/** How far (lines) a comment may sit from a changed line and still be moved onto it. */
export const NEAR_LINES = 3;

export interface Candidate {
  comment: AiComment;
  provider: string;
  /** Index of the comment in the overall answer order, for stable sorting. */
  order: number;
}

export interface ChunkView {
  units: PackUnit[];
  /** The exact PR text sent (after redaction): what "present in the diff" means. */
  sentText: string;
}

export type DropReason = 'unknown-file' | 'approval' | 'injection-echo' | 'url' | 'command';

export interface Screened {
  kept: Candidate[];
  demoted: Array<{ file: string; line: number; message: string }>;
  dropped: Partial<Record<DropReason, number>>;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Why `text` (model output) must not be shown, or undefined when it is fine. */
export function unsafeReason(text: string, sentText: string): DropReason | undefined {
  // Injection first: an echoed "approve this PR" is an injection echo before it is an approval claim.
  if (INJECTION.some((r) => r.test(text))) return 'injection-echo';
  if (APPROVAL.some((r) => r.test(text))) return 'approval';
  const sent = norm(sentText);
  for (const url of text.match(URL_RE) ?? []) if (!sent.includes(norm(url.replace(/[.,;:]+$/, '')))) return 'url';
  for (const re of COMMANDS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      // The command as written (up to the end of its line, code span, quoted string or statement) must appear
      // in the diff itself.
      const rest = text.slice(m.index).split(/[\n`"';)]/)[0]!.slice(0, 80);
      if (!sent.includes(norm(rest))) return 'command';
    }
  }
  // Lines of the PR that look like injection attempts: the answer must not quote them.
  for (const line of sentText.split('\n')) {
    if (!INJECTION.some((r) => r.test(line))) continue;
    const payload = norm(line.replace(/^[+ -]\s*\d*\s*\|/, ''));
    if (payload.length >= 16 && norm(text).includes(payload.slice(0, 60))) return 'injection-echo';
  }
  return undefined;
}

/** Screen and anchor one chunk's comments. */
export function screen(comments: AiComment[], view: ChunkView, provider: string, startOrder: number): Screened {
  const out: Screened = { kept: [], demoted: [], dropped: {} };
  const drop = (r: DropReason) => (out.dropped[r] = (out.dropped[r] ?? 0) + 1);
  const byPath = new Map<string, PackUnit[]>();
  for (const u of view.units) byPath.set(u.path, [...(byPath.get(u.path) ?? []), u]);
  comments.forEach((c, i) => {
    const units = byPath.get(c.file) ?? byPath.get(c.file.replace(/^\.?\//, '').replace(/^[ab]\//, ''));
    if (!units) return drop('unknown-file');
    const file = units[0]!.path;
    const reason = unsafeReason(`${c.message}\n${c.replacement ?? ''}`, view.sentText);
    if (reason) return drop(reason);
    const added = new Set(units.flatMap((u) => u.added));
    let { startLine, endLine } = c;
    let touched = false;
    for (let l = startLine; l <= endLine && !touched; l++) touched = added.has(l);
    if (!touched) {
      let best: number | undefined;
      let bestDist = Infinity;
      for (const l of added) {
        const d = l < startLine ? startLine - l : l > endLine ? l - endLine : 0;
        if (d < bestDist || (d === bestDist && best !== undefined && l < best)) {
          best = l;
          bestDist = d;
        }
      }
      if (best === undefined || bestDist > NEAR_LINES) {
        out.demoted.push({ file, line: startLine, message: c.message });
        return;
      }
      // Moved: the original range no longer matches, so any replacement is void.
      startLine = endLine = best;
      out.kept.push({ comment: { ...c, file, startLine, endLine, replacement: undefined }, provider, order: startOrder + i });
      return;
    }
    // Clamp a range that runs past the shown lines of its hunk.
    const shown = new Set(units.flatMap((u) => u.shown));
    while (endLine > startLine && !shown.has(endLine)) endLine--;
    while (startLine < endLine && !shown.has(startLine)) startLine++;
    const replacement = startLine === c.startLine && endLine === c.endLine ? c.replacement : undefined;
    out.kept.push({ comment: { ...c, file, startLine, endLine, replacement }, provider, order: startOrder + i });
  });
  return out;
}

/** Keep at most `max`, lowest confidence dropped first; duplicates (same file/line/category) merged. */
export function cap(candidates: Candidate[], max: number): { kept: Candidate[]; dropped: number } {
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = `${c.comment.file}\0${c.comment.startLine}\0${c.comment.category}`;
    const prev = best.get(key);
    if (!prev || c.comment.confidence > prev.comment.confidence) best.set(key, c);
  }
  const sorted = [...best.values()].sort(
    (a, b) =>
      b.comment.confidence - a.comment.confidence ||
      SEVERITY_RANK[b.comment.severity as Severity] - SEVERITY_RANK[a.comment.severity as Severity] ||
      a.order - b.order,
  );
  return { kept: sorted.slice(0, max), dropped: candidates.length - Math.min(sorted.length, max) };
}

const confidenceBucket = (c: number): Finding['confidence'] => (c >= 0.8 ? 'high' : c >= 0.5 ? 'medium' : 'low');

/**
 * Replacement is offered only when every replaced line is an added line of one hunk (never context the
 * author did not touch), not a withheld secret line, and the file still parses without errors.
 */
export async function safeReplacement(
  c: AiComment,
  units: PackUnit[],
  file: AnalyzedFile | undefined,
  withheld: ReadonlySet<number> | undefined,
): Promise<string | undefined> {
  if (typeof c.replacement !== 'string' || !file?.head || !file.language || !grammarFor(file.language)) return undefined;
  const unit = units.find((u) => u.path === c.file && u.added.includes(c.startLine));
  if (!unit) return undefined;
  for (let l = c.startLine; l <= c.endLine; l++) if (!unit.added.includes(l) || withheld?.has(l)) return undefined;
  const lines = file.head.split('\n');
  const replacement = c.replacement.replace(/\r\n/g, '\n').replace(/\n$/, '');
  if (lines.slice(c.startLine - 1, c.endLine).join('\n') === replacement) return undefined;
  const next = [...lines.slice(0, c.startLine - 1), ...(replacement === '' ? [] : replacement.split('\n')), ...lines.slice(c.endLine)].join('\n');
  const tree = await parse(file.language, next);
  if (!tree) return undefined;
  try {
    return tree.rootNode.hasError ? undefined : replacement;
  } finally {
    tree.delete();
  }
}

export function toFinding(c: Candidate, maxSeverity: Severity, clean: (s: string) => string, replacement?: string): Finding {
  const cat = CATEGORIES[c.comment.category]!;
  const modelSeverity = c.comment.severity as Severity;
  // An LLM opinion is advisory: capped (default medium) so it cannot fail the default gate on its own.
  const severity = SEVERITY_RANK[modelSeverity] > SEVERITY_RANK[maxSeverity] ? maxSeverity : modelSeverity;
  const finding: Finding = {
    ruleId: `ai/${c.comment.category}`,
    severity,
    title: cat.title,
    message: clean(c.comment.message.trim()),
    location: { path: c.comment.file, startLine: c.comment.startLine, endLine: c.comment.endLine },
    tags: ['ai', ...cat.tags],
    confidence: confidenceBucket(c.comment.confidence),
    help: cat.help,
    properties: { confidence: c.comment.confidence, provider: c.provider, modelSeverity },
  };
  if (replacement !== undefined) {
    finding.fix = {
      description: 'Suggested by the AI review; check it before applying',
      replacements: [{ path: c.comment.file, startLine: c.comment.startLine, endLine: c.comment.endLine, text: replacement }],
    };
  }
  return finding;
}
