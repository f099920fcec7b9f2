/**
 * What a workflow run is about, from GITHUB_EVENT_NAME and the event payload at GITHUB_EVENT_PATH:
 * the two commits to compare, the pull request (if any), whether it comes from a fork, and the ref
 * code scanning should file SARIF under.
 */
import { readFile } from 'node:fs/promises';
import type { Octokit } from '../run.js';
import { InputError } from './errors.js';

export interface RunEvent {
  name: string;
  /** owner/name */
  repository?: string;
  pullNumber?: number;
  baseSha?: string;
  headSha?: string;
  /** Branch names, for the summary. */
  baseRef?: string;
  headRef?: string;
  isFork?: boolean;
  /** refs/pull/N/head for pull requests, GITHUB_REF otherwise. */
  ref?: string;
  /**
   * No usable base commit (push that created a branch, or an event without one): review the head commit
   * against its parent.
   */
  singleCommit?: boolean;
  /** The workspace checkout is the base branch (pull_request_target): never read head text from disk. */
  checkoutIsBase?: boolean;
}

interface PrPayload {
  number?: number;
  base?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
  head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
}

interface Payload {
  pull_request?: PrPayload;
  before?: string;
  after?: string;
  inputs?: Record<string, unknown>;
  merge_group?: { base_sha?: string; head_sha?: string; head_ref?: string; base_ref?: string };
  repository?: { full_name?: string };
}

/** Events whose payload carries `pull_request`. */
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
const ZERO_SHA = /^0+$/;
/** workflow_dispatch input names accepted for the pull request number. */
export const PR_NUMBER_INPUTS = ['pr-number', 'pull-number', 'pr_number', 'pull_number', 'pr'];

export async function readPayload(env: NodeJS.ProcessEnv): Promise<Payload> {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputError(`GITHUB_EVENT_PATH '${path}' cannot be read: ${(e as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Payload) : {};
  } catch {
    throw new InputError(`GITHUB_EVENT_PATH '${path}' is not valid JSON`);
  }
}

function fromPullRequest(name: string, pr: PrPayload, repository: string | undefined): RunEvent {
  const baseRepo = pr.base?.repo?.full_name ?? repository;
  // A deleted fork leaves head.repo null: still not the base repository.
  const headRepo = pr.head?.repo === null ? undefined : pr.head?.repo?.full_name;
  const ev: RunEvent = {
    name,
    repository: repository ?? baseRepo,
    pullNumber: pr.number,
    baseSha: pr.base?.sha,
    headSha: pr.head?.sha,
    baseRef: pr.base?.ref,
    headRef: pr.head?.ref,
    isFork: headRepo === undefined ? pr.head?.repo === null : headRepo !== baseRepo,
    ref: pr.number ? `refs/pull/${pr.number}/head` : undefined,
  };
  if (name === 'pull_request_target') ev.checkoutIsBase = true;
  return ev;
}

function dispatchedPrNumber(inputs: Record<string, unknown> | undefined, env: NodeJS.ProcessEnv): number | undefined {
  for (const key of PR_NUMBER_INPUTS) {
    const raw = inputs?.[key] ?? env[`INPUT_${key.toUpperCase()}`];
    if (raw === undefined || raw === '') continue;
    const n = Number(String(raw).replace(/^#/, ''));
    if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(`workflow_dispatch input '${key}' must be a pull request number, got '${String(raw)}'`);
    return n;
  }
  return undefined;
}

/** Reads the run's event. A workflow_dispatch naming a pull request asks the API for its commits. */
export async function readEvent(env: NodeJS.ProcessEnv, octokit?: Octokit): Promise<RunEvent> {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const payload = await readPayload(env);
  const repository = env.GITHUB_REPOSITORY || payload.repository?.full_name || undefined;

  if (PR_EVENTS.has(name) && payload.pull_request) return fromPullRequest(name, payload.pull_request, repository);

  if (name === 'workflow_dispatch') {
    const number = dispatchedPrNumber(payload.inputs, env);
    if (number !== undefined) {
      if (!octokit || !repository) throw new InputError(`workflow_dispatch for pull request #${number} needs a GitHub token and GITHUB_REPOSITORY to look the pull request up`);
      const [owner, repo] = repository.split('/') as [string, string];
      let pr: PrPayload;
      try {
        pr = (await octokit.rest.pulls.get({ owner, repo, pull_number: number })).data as PrPayload;
      } catch (e) {
        throw new InputError(`pull request #${number} not found in ${repository}: ${(e as Error).message}`);
      }
      return { ...fromPullRequest(name, pr, repository), pullNumber: number, ref: `refs/pull/${number}/head` };
    }
  }

  if (name === 'merge_group' && payload.merge_group) {
    const mg = payload.merge_group;
    return { name, repository, baseSha: mg.base_sha, headSha: mg.head_sha, baseRef: mg.base_ref, headRef: mg.head_ref, ref: env.GITHUB_REF || mg.head_ref };
  }

  const headSha = (name === 'push' ? payload.after : undefined) || env.GITHUB_SHA || undefined;
  const before = name === 'push' ? payload.before : undefined;
  const ev: RunEvent = { name, repository, headSha, ref: env.GITHUB_REF || undefined, headRef: env.GITHUB_REF_NAME || undefined };
  if (before && !ZERO_SHA.test(before)) ev.baseSha = before;
  else ev.singleCommit = true; // new branch, manual run, schedule…: the head commit against its parent
  return ev;
}
