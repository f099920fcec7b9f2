/**
 * Inline PR review comments. Only lines the change adds can carry a comment (GitHub rejects the rest, and a comment
 * on untouched code is noise). Every comment carries a hidden fingerprint marker, so a re-run recognises its own
 * comments: unchanged findings are left alone, changed wording is edited in place, findings that disappeared are
 * marked resolved, and only new findings are posted — in one review, so the PR author gets one notification.
 */
import type { Logger } from '../analyzers/types.js';
import type { Finding, Notice } from '../findings/types.js';
import { describeError, isPermissionError, splitRepository, statusOf, type Octokit } from '../github/client.js';
import { bySeverity, endLineOf, safeFindings, SEVERITY_ICON } from './common.js';
import { clip, codeBlock, codeSpan, escapeInline, escapeInlineWithCode } from './escape.js';
import type { RunResult } from './types.js';

const SOURCE = 'report/review-comments';
const MARKER = /<!-- pr-sentinel:fp=([A-Za-z0-9:_-]+) -->/;
const RESOLVED = '<!-- pr-sentinel:resolved -->';

export interface ReviewOptions {
  octokit?: Octokit;
  log: Logger;
  commentableLines: Map<string, Set<number>>;
}

export interface ReviewOutcome {
  notices: Notice[];
  /** Findings that did not get an inline comment (cap, not on a changed line, API refusal): listed in the summary comment. */
  notInlined: Finding[];
  posted: number;
  updated: number;
  resolved: number;
}

/** Where a finding's comment goes: a single line, or a line range when it carries a suggestion for those lines. */
export interface CommentAnchor {
  line: number;
  startLine?: number;
  suggestion?: string;
}

/**
 * The anchor for a finding, or undefined when none of its lines were added by the change.
 * A suggestion is offered only when the fix is one replacement of exactly the flagged, fully added, lines.
 */
export function anchorFor(f: Finding, commentable: Map<string, Set<number>>): CommentAnchor | undefined {
  const lines = commentable.get(f.location.path);
  if (!lines) return undefined;
  const rep = f.fix?.replacements.length === 1 ? f.fix.replacements[0]! : undefined;
  if (rep && rep.path === f.location.path && rep.endLine >= rep.startLine) {
    let inside = true;
    for (let l = rep.startLine; l <= rep.endLine && inside; l++) inside = lines.has(l);
    if (inside) return { line: rep.endLine, ...(rep.endLine > rep.startLine ? { startLine: rep.startLine } : {}), suggestion: rep.text };
  }
  for (let l = f.location.startLine; l <= endLineOf(f); l++) if (lines.has(l)) return { line: l };
  return undefined;
}

/** A suggestion block for the code. */
function suggestionBlock(text: string): string {
  // Longer than any backtick run in the code, so the suggested code cannot close the block early.
  const fence = '`'.repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence}suggestion\n${text}\n${fence}`;
}

export function commentBody(f: Finding, anchor: CommentAnchor): string {
  const parts = [`${SEVERITY_ICON[f.severity]} **${escapeInline(f.title, 200)}** · ${f.severity} · ${codeSpan(f.ruleId)}`, '', escapeInlineWithCode(f.message, 2000)];
  if (f.flow && f.flow.length > 1) parts.push('', `Flow: ${f.flow.map((s) => `L${s.startLine}`).join(' → ')}`);
  if (anchor.suggestion !== undefined && f.fix) parts.push('', `**Suggested fix:** ${escapeInline(f.fix.description, 300)}`, '', suggestionBlock(anchor.suggestion));
  else if (f.fix) parts.push('', `**Fix:** ${escapeInline(f.fix.description, 300)}`);
  if (f.guidance) {
    const title = escapeInline(f.guidance.title, 200);
    parts.push('', `<details><summary>Guidance: ${title}</summary>`, '', escapeInline(f.guidance.text, 1500));
    if (f.guidance.goodExample) parts.push('', codeBlock(f.guidance.goodExample));
    parts.push('', '</details>');
  }
  parts.push('', `<sub>pr-sentinel · silence with \`pr-sentinel-ignore ${f.ruleId.replace(/[^\w/.-]/g, '')}\` on or above the line</sub>`, `<!-- pr-sentinel:fp=${f.fingerprint ?? ''} -->`);
  return clip(parts.join('\n'), 60_000);
}

interface ExistingComment {
  id: number;
  body?: string;
  path?: string;
}

export async function publishReview(result: RunResult, opts: ReviewOptions): Promise<ReviewOutcome> {
  const out: ReviewOutcome = { notices: [], notInlined: [], posted: 0, updated: 0, resolved: 0 };
  const findings = safeFindings(result.findings).sort(bySeverity);
  const repo = splitRepository(result.change.repository);
  const pull = result.change.pullNumber;
  if (!result.config.reviewComments) {
    out.notInlined = findings;
    return out;
  }
  if (!opts.octokit || !repo || !pull || !result.change.headSha) {
    out.notInlined = findings;
    if (pull) out.notices.push({ level: 'warning', source: SOURCE, message: `no inline review comments: ${!opts.octokit ? 'no GitHub token' : 'repository or head commit unknown'}` });
    return out;
  }
  const octokit = opts.octokit;

  let existing: ExistingComment[];
  try {
    existing = (await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...repo, pull_number: pull, per_page: 100 })) as ExistingComment[];
  } catch (e) {
    out.notInlined = findings;
    out.notices.push({ level: 'warning', source: SOURCE, message: `could not list existing review comments (${describeError(e)}); no inline comments posted, to avoid duplicates` });
    return out;
  }
  const ours = new Map<string, ExistingComment>();
  for (const c of existing) {
    const m = MARKER.exec(c.body ?? '');
    if (m && !ours.has(m[1]!)) ours.set(m[1]!, c);
  }

  const current = new Set(findings.map((f) => f.fingerprint ?? ''));
  const toPost: Array<{ f: Finding; anchor: CommentAnchor; body: string }> = [];
  const permissionNotice = (e: unknown, what: string) =>
    out.notices.push({ level: 'warning', source: SOURCE, message: `${what} not permitted (${describeError(e)}): the token is read-only (fork PR, or no \`pull-requests: write\`)` });

  // The cap is on our open comments on the PR, not on each run's new ones: re-runs must not keep adding another
  // max-comments batch. Comments kept from earlier runs use up their share first.
  let budget = result.config.maxComments - [...ours.keys()].filter((fp) => current.has(fp)).length;
  for (const f of findings) {
    const anchor = anchorFor(f, opts.commentableLines);
    const body = anchor ? commentBody(f, anchor) : '';
    const prior = f.fingerprint ? ours.get(f.fingerprint) : undefined;
    if (prior) {
      // Already commented on an earlier run: keep it, refresh the wording if it changed (never re-post).
      if (anchor && prior.body !== body) {
        try {
          await octokit.rest.pulls.updateReviewComment({ ...repo, comment_id: prior.id, body });
          out.updated++;
        } catch (e) {
          opts.log.debug(`could not update review comment ${prior.id}: ${describeError(e)}`);
        }
      }
      continue;
    }
    if (!anchor || budget <= 0) {
      out.notInlined.push(f);
      continue;
    }
    budget--;
    toPost.push({ f, anchor, body });
  }
  const capped = out.notInlined.filter((f) => anchorFor(f, opts.commentableLines)).length;
  if (capped > 0) out.notices.push({ level: 'info', source: SOURCE, message: `${capped} more finding(s) on changed lines exceed max-comments (${result.config.maxComments}); they are listed in the summary comment` });

  // Our comments whose finding is gone: say so once, keep the conversation history.
  for (const [fp, c] of ours) {
    if (current.has(fp) || (c.body ?? '').includes(RESOLVED)) continue;
    try {
      await octokit.rest.pulls.updateReviewComment({ ...repo, comment_id: c.id, body: `~~${(c.body ?? '').split('\n')[0]}~~\n\n✅ Resolved in ${result.change.headSha.slice(0, 7)}: this finding is no longer reported.\n${RESOLVED}\n<!-- pr-sentinel:fp=${fp} -->` });
      out.resolved++;
    } catch (e) {
      opts.log.debug(`could not mark review comment ${c.id} resolved: ${describeError(e)}`);
    }
  }

  if (toPost.length === 0) return out;
  const asApi = (p: (typeof toPost)[number]) => ({
    path: p.f.location.path,
    line: p.anchor.line,
    side: 'RIGHT' as const,
    ...(p.anchor.startLine !== undefined ? { start_line: p.anchor.startLine, start_side: 'RIGHT' as const } : {}),
    body: p.body,
  });
  try {
    await octokit.rest.pulls.createReview({ ...repo, pull_number: pull, commit_id: result.change.headSha, event: 'COMMENT', comments: toPost.map(asApi) });
    out.posted = toPost.length;
    return out;
  } catch (e) {
    if (isPermissionError(e)) {
      permissionNotice(e, 'review comments');
      out.notInlined.push(...toPost.map((p) => p.f));
      return out;
    }
    if (statusOf(e) !== 422) {
      out.notices.push({ level: 'warning', source: SOURCE, message: `review could not be posted (${describeError(e)}); findings are listed in the summary comment` });
      out.notInlined.push(...toPost.map((p) => p.f));
      return out;
    }
  }
  // 422: one comment GitHub would not place (a line outside the diff it knows) sinks the whole review. Post singly.
  let failed = 0;
  for (const p of toPost) {
    try {
      await octokit.rest.pulls.createReviewComment({ ...repo, pull_number: pull, commit_id: result.change.headSha!, ...asApi(p) });
      out.posted++;
    } catch {
      failed++;
      out.notInlined.push(p.f);
    }
  }
  if (failed > 0) out.notices.push({ level: 'warning', source: SOURCE, message: `${failed} inline comment(s) were refused by GitHub (line not in its diff); listed in the summary comment instead` });
  return out;
}
