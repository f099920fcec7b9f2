/**
 * The one PR summary comment: created on the first run, edited in place afterwards (found by its hidden marker),
 * so a PR never collects a pile of bot comments. It also carries the AI review state between runs in a second
 * hidden marker, which is how re-runs review only the hunks that changed.
 */
import type { AiState } from '../ai/index.js';
import type { Logger } from '../analyzers/types.js';
import type { Notice } from '../findings/types.js';
import { describeError, isPermissionError, splitRepository, type Octokit } from '../github/client.js';
import { clip, markerJson } from './escape.js';

export const SUMMARY_MARKER = '<!-- pr-sentinel:summary -->';
const STATE = /<!-- pr-sentinel:state (\{.*?\}) -->/s;
const SOURCE = 'report/summary-comment';
/** GitHub's comment body limit is 65,536 characters; leave room for the markers. */
const MAX_BODY = 64_000;

interface IssueComment {
  id: number;
  body?: string;
}

async function findSummaryComment(octokit: Octokit, owner: string, repo: string, pull: number): Promise<IssueComment | undefined> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pull, per_page: 100 })) as IssueComment[];
  return comments.find((c) => (c.body ?? '').includes(SUMMARY_MARKER));
}

/** The AI state stored by the previous run, or undefined when there is none (or it is unreadable). */
export async function readSummaryState(octokit: Octokit, repository: string, pullNumber: number): Promise<AiState | undefined> {
  const r = splitRepository(repository);
  if (!r) return undefined;
  const c = await findSummaryComment(octokit, r.owner, r.repo, pullNumber);
  const m = STATE.exec(c?.body ?? '');
  if (!m) return undefined;
  try {
    const state = JSON.parse(m[1]!) as AiState;
    return typeof state.reviewedSha === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

export function summaryCommentBody(markdown: string, state?: AiState): string {
  const tail = `\n${SUMMARY_MARKER}${state ? `\n<!-- pr-sentinel:state ${markerJson(state)} -->` : ''}\n`;
  return clip(markdown, MAX_BODY - tail.length) + tail;
}

export async function publishSummaryComment(
  opts: { octokit?: Octokit; repository?: string; pullNumber?: number; log: Logger },
  markdown: string,
  state?: AiState,
): Promise<Notice[]> {
  const r = splitRepository(opts.repository);
  if (!opts.octokit || !r || !opts.pullNumber) return [];
  const body = summaryCommentBody(markdown, state);
  try {
    const existing = await findSummaryComment(opts.octokit, r.owner, r.repo, opts.pullNumber);
    if (existing) await opts.octokit.rest.issues.updateComment({ ...r, comment_id: existing.id, body });
    else await opts.octokit.rest.issues.createComment({ ...r, issue_number: opts.pullNumber, body });
    return [];
  } catch (e) {
    const message = isPermissionError(e)
      ? `summary comment not permitted (${describeError(e)}): the token is read-only (fork PR, or no \`pull-requests: write\`); the job summary has the full report`
      : `summary comment could not be written (${describeError(e)})`;
    return [{ level: 'warning', source: SOURCE, message }];
  }
}
