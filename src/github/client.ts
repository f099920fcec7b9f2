/**
 * The one Octokit the action uses: @actions/github's client plus the throttling plugin (primary and secondary rate
 * limits, honouring Retry-After) and the retry plugin (5xx and network errors only; a 4xx is an answer, not a glitch).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../analyzers/types.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  baseUrl: string;
  log: Pick<Logger, 'warn' | 'info' | 'debug'>;
  /** How many times a rate-limited request is retried before giving up. Default 2. */
  rateLimitRetries?: number;
  /** How many times a 5xx / network failure is retried. Default 2. */
  serverErrorRetries?: number;
}

/** 4xx answers the retry plugin must not repeat: the request itself is wrong or not allowed. */
const DO_NOT_RETRY = [400, 401, 403, 404, 405, 409, 410, 413, 422, 451];

export function createGitHubClient(token: string, opts: GitHubClientOptions): Octokit {
  const maxRateRetries = opts.rateLimitRetries ?? 2;
  const onLimit = (kind: string) => (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    const what = `${options.method} ${options.url}`;
    if (retryCount < maxRateRetries) {
      opts.log.warn(`GitHub ${kind} rate limit on ${what}: retrying in ${retryAfter}s (attempt ${retryCount + 1} of ${maxRateRetries})`);
      return true;
    }
    opts.log.warn(`GitHub ${kind} rate limit on ${what}: giving up after ${retryCount} retries`);
    return false;
  };
  return getOctokit(
    token,
    {
      baseUrl: opts.baseUrl,
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      retry: { retries: opts.serverErrorRetries ?? 2, doNotRetry: DO_NOT_RETRY },
    },
    throttling,
    retry,
  );
}

/** HTTP status of an Octokit error, if it has one. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

/** True for the answers a read-only token or a fork PR gets on writes. */
export function isPermissionError(e: unknown): boolean {
  const s = statusOf(e);
  return s === 401 || s === 403 || s === 404;
}

export function describeError(e: unknown): string {
  const s = statusOf(e);
  const msg = e instanceof Error ? e.message : String(e);
  return s !== undefined && !msg.includes(String(s)) ? `${s} ${msg}` : msg;
}

/** "owner/name" → { owner, repo }, or undefined when malformed. */
export function splitRepository(repository: string | undefined): { owner: string; repo: string } | undefined {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(repository ?? '');
  return m ? { owner: m[1]!, repo: m[2]! } : undefined;
}
