/**
 * Inline PR review comments. Only lines the change adds can carry a comment (GitHub rejects the rest, and a comment
 * on untouched code is noise). Every comment carries a hidden fingerprint marker, so a re-run recognises its own
 * comments: unchanged findings are left alone, changed wording is edited in place, findings that disappeared are
 * marked resolved, and only new findings are posted — in one review, so the PR author gets one notification.
 *
 * Threads: the REST API edits comments but cannot resolve their threads, so after the review is posted the threads of
 * the comments this run marked resolved are resolved through GraphQL (best effort: a token that may not, or any
 * GraphQL error, leaves them open with a notice). Only those threads: a thread a human resolved, or re-opened after
 * we resolved it, is left as it is. A finding that comes back after its comment was marked resolved gets a NEW
 * comment (the old one sits in a collapsed, resolved thread nobody would see); its thread is not re-opened.
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
  /** Comments edited to say their finding is gone. */
  resolved: number;
  /** Review threads of those comments resolved through GraphQL. */
  threadsResolved: number;
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
    // Only absolute links (the action's own repository, see knowledge guidanceLinkBase); a relative path would
    // resolve against the reviewed repository, where the entry does not exist.
    if (f.guidance.url && /^https?:\/\//.test(f.guidance.url)) parts.push('', `[Read the full guidance](${f.guidance.url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c))})`);
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
  const out: ReviewOutcome = { notices: [], notInlined: [], posted: 0, updated: 0, resolved: 0, threadsResolved: 0 };
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
  // Our open comments by fingerprint. Comments already marked resolved are history: a finding that returns gets a
  // fresh comment rather than an edit inside a resolved (collapsed) thread.
  const ours = new Map<string, ExistingComment>();
  for (const c of existing) {
    const m = MARKER.exec(c.body ?? '');
    if (m && !ours.has(m[1]!) && !(c.body ?? '').includes(RESOLVED)) ours.set(m[1]!, c);
  }

  const current = new Set(findings.map((f) => f.fingerprint ?? ''));
  const toPost: Pending[] = [];

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
  const gone: number[] = [];
  for (const [fp, c] of ours) {
    if (current.has(fp)) continue;
    try {
      await octokit.rest.pulls.updateReviewComment({ ...repo, comment_id: c.id, body: `~~${(c.body ?? '').split('\n')[0]}~~\n\n✅ Resolved in ${result.change.headSha.slice(0, 7)}: this finding is no longer reported.\n${RESOLVED}\n<!-- pr-sentinel:fp=${fp} -->` });
      out.resolved++;
      gone.push(c.id);
    } catch (e) {
      opts.log.debug(`could not mark review comment ${c.id} resolved: ${describeError(e)}`);
    }
  }

  await postNew(toPost, result.change.headSha, out, octokit, repo, pull);
  // After posting, so a slow or failing GraphQL endpoint can never hold back the review itself.
  if (gone.length > 0) await resolveThreads(octokit, repo, pull, gone, out, opts.log);
  return out;
}

type Repo = { owner: string; repo: string };
type Pending = { f: Finding; anchor: CommentAnchor; body: string };

/** Posts the new comments as one review; on a 422 (a line GitHub would not place) falls back to single comments. */
async function postNew(toPost: Pending[], headSha: string, out: ReviewOutcome, octokit: Octokit, repo: Repo, pull: number): Promise<void> {
  const permissionNotice = (e: unknown, what: string) =>
    out.notices.push({ level: 'warning', source: SOURCE, message: `${what} not permitted (${describeError(e)}): the token is read-only (fork PR, or no \`pull-requests: write\`)` });
  if (toPost.length === 0) return;
  const asApi = (p: (typeof toPost)[number]) => ({
    path: p.f.location.path,
    line: p.anchor.line,
    side: 'RIGHT' as const,
    ...(p.anchor.startLine !== undefined ? { start_line: p.anchor.startLine, start_side: 'RIGHT' as const } : {}),
    body: p.body,
  });
  try {
    await octokit.rest.pulls.createReview({ ...repo, pull_number: pull, commit_id: headSha, event: 'COMMENT', comments: toPost.map(asApi) });
    out.posted = toPost.length;
    return;
  } catch (e) {
    if (isPermissionError(e)) {
      permissionNotice(e, 'review comments');
      out.notInlined.push(...toPost.map((p) => p.f));
      return;
    }
    if (statusOf(e) !== 422) {
      out.notices.push({ level: 'warning', source: SOURCE, message: `review could not be posted (${describeError(e)}); findings are listed in the summary comment` });
      out.notInlined.push(...toPost.map((p) => p.f));
      return;
    }
  }
  // 422: one comment GitHub would not place (a line outside the diff it knows) sinks the whole review. Post singly.
  let failed = 0;
  for (const p of toPost) {
    try {
      await octokit.rest.pulls.createReviewComment({ ...repo, pull_number: pull, commit_id: headSha, ...asApi(p) });
      out.posted++;
    } catch {
      failed++;
      out.notInlined.push(p.f);
    }
  }
  if (failed > 0) out.notices.push({ level: 'warning', source: SOURCE, message: `${failed} inline comment(s) were refused by GitHub (line not in its diff); listed in the summary comment instead` });
}

const THREADS_QUERY = `query($owner: String!, $name: String!, $pull: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $pull) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`;
const RESOLVE_MUTATION = `mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }`;

interface ThreadsPage {
  repository?: {
    pullRequest?: {
      reviewThreads?: {
        pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
        nodes?: Array<{ id: string; isResolved: boolean; comments?: { nodes?: Array<{ databaseId?: number | null } | null> } } | null>;
      };
    };
  } | null;
}

/** GraphQL errors list their messages on several lines; a notice is one. */
function oneLine(e: unknown): string {
  return clip(describeError(e).replace(/\s+/g, ' ').trim(), 300, '…');
}

/** Pages cap: 100 threads a page; a PR with more than 5,000 threads is not worth more requests. */
const MAX_THREAD_PAGES = 50;

/** Maps each first-comment id of a review thread to the thread, until every wanted comment is found. */
async function findThreads(octokit: Octokit, repo: Repo, pull: number, wanted: Set<number>): Promise<Map<number, { id: string; isResolved: boolean }>> {
  const found = new Map<number, { id: string; isResolved: boolean }>();
  let after: string | null = null;
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    const data: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, { owner: repo.owner, name: repo.repo, pull, after });
    const threads = data.repository?.pullRequest?.reviewThreads;
    if (!threads) throw new Error('the answer has no reviewThreads for this pull request');
    for (const t of threads.nodes ?? []) {
      const first = t?.comments?.nodes?.[0]?.databaseId;
      if (t && typeof first === 'number' && wanted.has(first)) found.set(first, { id: t.id, isResolved: t.isResolved });
    }
    if (found.size === wanted.size || !threads.pageInfo?.hasNextPage || !threads.pageInfo.endCursor) break;
    after = threads.pageInfo.endCursor;
  }
  return found;
}

/**
 * Resolves the review threads started by the given comments (the ones this run marked resolved). Best effort: any
 * failure becomes a debug line, plus one info notice when nothing could be done, and never reaches the caller.
 */
async function resolveThreads(octokit: Octokit, repo: Repo, pull: number, commentIds: number[], out: ReviewOutcome, log: Logger): Promise<void> {
  let threads: Map<number, { id: string; isResolved: boolean }>;
  try {
    threads = await findThreads(octokit, repo, pull, new Set(commentIds));
  } catch (e) {
    log.debug(`could not list review threads through GraphQL: ${oneLine(e)}`);
    out.notices.push({ level: 'info', source: SOURCE, message: `${commentIds.length} review thread(s) left open: listing them through GraphQL failed (${oneLine(e)}); their comments are marked resolved` });
    return;
  }
  let failed = 0;
  let lastError = '';
  for (const id of commentIds) {
    const t = threads.get(id);
    if (!t) {
      log.debug(`no review thread found for comment ${id}; left as it is`);
      continue;
    }
    if (t.isResolved) continue; // already resolved, by a person or an earlier run
    try {
      await octokit.graphql(RESOLVE_MUTATION, { threadId: t.id });
      out.threadsResolved++;
    } catch (e) {
      failed++;
      lastError = oneLine(e);
      log.debug(`could not resolve review thread ${t.id} (comment ${id}): ${lastError}`);
    }
  }
  if (out.threadsResolved > 0) log.info(`review threads: ${out.threadsResolved} resolved`);
  if (failed > 0) out.notices.push({ level: 'info', source: SOURCE, message: `${failed} review thread(s) left open: resolving through GraphQL failed (${lastError}); their comments are marked resolved` });
}
