/**
 * Incremental re-runs. The state (head sha + hashes of reviewed hunks) lives in the summary comment's hidden
 * marker. A new push reviews only hunks whose normalised content hash is new. After a force-push the old
 * head is not an ancestor of the new one: then everything is reviewed again.
 */
import { execFileSync } from 'node:child_process';
import type { AiState } from './index.js';

/**
 * Hashes kept in the marker: 12 hex chars each (48 bits: collisions are negligible among one PR's hunks),
 * at most 1,500, so the state stays under ~20 KB of a GitHub comment's 65,536 characters. Hunks beyond the
 * cap are simply reviewed again on the next run.
 */
export const MAX_STATE_HASHES = 1500;

/** true/false when git can tell; undefined when it cannot (shallow clone, unknown sha, no repository). */
export function isAncestor(root: string, ancestor: string, head: string): boolean | undefined {
  if (!/^[0-9a-f]{7,64}$/i.test(ancestor)) return undefined;
  try {
    execFileSync('git', ['merge-base', '--is-ancestor', ancestor, head], { cwd: root, stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch (e) {
    const status = (e as { status?: number }).status;
    return status === 1 ? false : undefined;
  }
}

export type IncrementalDecision = { mode: 'full'; reason?: string } | { mode: 'incremental'; skip: Set<string> };

export function decideIncremental(prev: AiState | undefined, root: string, headSha: string | undefined, currentHashes: string[]): IncrementalDecision {
  if (!prev?.hunkHashes || prev.hunkHashes.length === 0) return { mode: 'full' };
  if (headSha && prev.reviewedSha === headSha) return { mode: 'incremental', skip: new Set(prev.hunkHashes) };
  const anc = prev.reviewedSha ? isAncestor(root, prev.reviewedSha, headSha ?? 'HEAD') : undefined;
  if (anc === false) return { mode: 'full', reason: `the previously reviewed commit ${prev.reviewedSha.slice(0, 7)} is not an ancestor of the head (force-push): full AI review` };
  const prevSet = new Set(prev.hunkHashes);
  if (anc === undefined && !currentHashes.some((h) => prevSet.has(h))) {
    return { mode: 'full', reason: 'no hunk of the previous AI review is still present (history rewritten?): full AI review' };
  }
  return { mode: 'incremental', skip: prevSet };
}
