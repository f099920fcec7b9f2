/**
 * The change from the GitHub REST API, for checkouts that lack the commits (actions/checkout fetches one
 * commit by default): pulls.listFiles (paginated) for pull requests, compare for pushes, the commit itself for
 * a single commit. Head text is read from the workspace when it agrees with the patch (the checkout is
 * usually the PR's head or merge commit), else fetched raw; base text is rebuilt by applying the patch in
 * reverse, and fetched only when that is impossible.
 */
import { join } from 'node:path';
import type { Octokit } from '../run.js';
import type { ContentReader, ReadRequest, ReadResult } from './assemble.js';
import type { RunEvent } from './event.js';
import { parsePatch } from './parser.js';
import { readCapped } from './scan.js';
import type { FileChange, FileStatus } from './types.js';

/** The per-file shape shared by pulls.listFiles, compare and getCommit. */
export interface ApiFile {
  filename: string;
  status: string;
  previous_filename?: string;
  patch?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
}

const STATUS: Record<string, FileStatus> = { added: 'added', removed: 'deleted', modified: 'modified', renamed: 'renamed', copied: 'copied', changed: 'modified', unchanged: 'modified' };

/** pulls.listFiles stops at this many files. */
export const PR_FILES_LIMIT = 3000;

export interface ApiChange {
  changes: FileChange[];
  skipped: Array<{ path: string; reason: string }>;
  truncated: boolean;
}

export function toFileChanges(files: ApiFile[]): ApiChange {
  const out: ApiChange = { changes: [], skipped: [], truncated: false };
  for (const f of files) {
    const status = STATUS[f.status] ?? 'modified';
    const changed = (f.changes ?? (f.additions ?? 0) + (f.deletions ?? 0)) > 0;
    if (f.patch === undefined && changed && status !== 'deleted') {
      // GitHub leaves `patch` out for binary files and diffs too large to show.
      out.skipped.push({ path: f.filename, reason: 'no patch from the GitHub API (binary or diff too large to show)' });
      continue;
    }
    const p = parsePatch(f.patch ?? '');
    const fc: FileChange = { path: f.filename, status, binary: false, hunks: p.hunks, additions: f.additions ?? p.additions, deletions: f.deletions ?? p.deletions };
    if ((status === 'renamed' || status === 'copied') && f.previous_filename) fc.oldPath = f.previous_filename;
    out.changes.push(fc);
  }
  return out;
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function fetchApiChange(octokit: Octokit, ev: RunEvent): Promise<ApiChange & { notices: string[] }> {
  const [owner, repo] = (ev.repository ?? '').split('/') as [string, string];
  const notices: string[] = [];
  if (ev.pullNumber) {
    let files: ApiFile[];
    try {
      files = (await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: ev.pullNumber, per_page: 100 })) as ApiFile[];
    } catch (e) {
      throw new Error(`cannot list the files of pull request #${ev.pullNumber} in ${ev.repository} through the GitHub API: ${describe(e)}`);
    }
    return { ...toFileChanges(files), truncated: files.length >= PR_FILES_LIMIT, notices };
  }
  if (ev.baseSha && ev.headSha && !ev.singleCommit) {
    try {
      // Files appear on the first page only (up to 300) whatever the commit pagination.
      const res = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${ev.baseSha}...${ev.headSha}` });
      const files = (res.data.files ?? []) as ApiFile[];
      return { ...toFileChanges(files), truncated: files.length >= 300, notices };
    } catch (e) {
      // A force push leaves `before` unknown to the API: review the head commit alone.
      notices.push(`cannot compare ${ev.baseSha.slice(0, 7)}…${ev.headSha.slice(0, 7)} (${describe(e)}); reviewed the head commit alone`);
    }
  }
  let files: ApiFile[];
  try {
    files = ((await octokit.rest.repos.getCommit({ owner, repo, ref: ev.headSha ?? 'HEAD' })).data.files ?? []) as ApiFile[];
  } catch (e) {
    throw new Error(`cannot read commit ${ev.headSha ?? 'HEAD'} of ${ev.repository} through the GitHub API: ${describe(e)}`);
  }
  return { ...toFileChanges(files), truncated: files.length >= 300, notices };
}

const splitLines = (text: string) => text.split('\n');
const noCR = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** True when every head-side line of the hunks is what `head` holds at that line number. */
export function headMatchesHunks(head: string, change: FileChange): boolean {
  const lines = splitLines(head);
  for (const h of change.hunks) for (const l of h.lines) if (l.newLine !== undefined && noCR(lines[l.newLine - 1] ?? '\u0000') !== l.text) return false;
  return true;
}

/**
 * Base text rebuilt from the head text by putting back each hunk's old side. Assumes headMatchesHunks.
 * The base's final newline follows the "\ No newline at end of file" markers when the change reaches the end.
 */
export function reverseApply(head: string, change: FileChange): string {
  const headEol = head.endsWith('\n');
  const lines = head === '' ? [] : (headEol ? head.slice(0, -1) : head).split('\n');
  const out: string[] = [];
  let cursor = 1; // next head line (1-based) not yet copied
  let baseEol = headEol;
  for (const h of change.hunks) {
    // A hunk with no head lines sits just after line newStart.
    const first = h.newLines === 0 ? h.newStart + 1 : h.newStart;
    for (; cursor < first && cursor <= lines.length; cursor++) out.push(lines[cursor - 1]!);
    for (const l of h.lines) {
      if (l.kind === 'add') continue;
      out.push(l.text);
      if (l.noNewline) baseEol = false;
    }
    cursor = first + h.newLines;
    // The hunk reaches the end of the head, so the base ends here too: with a newline unless marked otherwise
    // (git shows a base's missing final newline as a change of its last line).
    if (cursor > lines.length && !h.lines.some((l) => l.kind !== 'add' && l.noNewline)) baseEol = true;
  }
  for (; cursor <= lines.length; cursor++) out.push(lines[cursor - 1]!);
  if (out.length === 0) return '';
  return out.join('\n') + (baseEol ? '\n' : '');
}

async function limit<T>(n: number, jobs: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

export class ApiReader implements ContentReader {
  /** Raw API fetches made, for the summary/bench. */
  fetched = 0;

  constructor(
    private readonly octokit: Octokit,
    private readonly ev: RunEvent,
    private readonly root: string,
  ) {}

  private async content(path: string, ref: string | undefined, maxBytes: number): Promise<ReadResult> {
    if (!ref || !this.ev.repository) return undefined;
    const [owner, repo] = this.ev.repository.split('/') as [string, string];
    try {
      this.fetched++;
      const res = await this.octokit.rest.repos.getContent({ owner, repo, path, ref, mediaType: { format: 'raw' } });
      const data = res.data as unknown;
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof ArrayBuffer ? Buffer.from(data) : undefined;
      if (!bytes) return undefined; // a directory listing or a submodule
      return bytes.length > maxBytes ? { size: bytes.length } : bytes;
    } catch {
      return undefined; // 404 and friends: absent
    }
  }

  private async head(r: ReadRequest): Promise<ReadResult> {
    if (!this.ev.checkoutIsBase) {
      const local = await readCapped(join(this.root, r.change.path), r.maxBytes);
      if (local && !(local instanceof Uint8Array)) return local;
      if (local && headMatchesHunks(Buffer.from(local).toString('utf8'), r.change)) return local;
    }
    return this.content(r.change.path, this.ev.headSha, r.maxBytes);
  }

  async read(requests: ReadRequest[]): Promise<ReadResult[]> {
    const heads = new Map<FileChange, ReadResult>();
    const headJobs = requests.filter((r) => r.side === 'head').map((r) => async () => heads.set(r.change, await this.head(r)));
    await limit(8, headJobs);
    return limit(
      8,
      requests.map((r) => async (): Promise<ReadResult> => {
        if (r.side === 'head') return heads.get(r.change);
        const head = heads.get(r.change);
        if (head instanceof Uint8Array) {
          const text = Buffer.from(head).toString('utf8');
          if (headMatchesHunks(text, r.change)) return Buffer.from(reverseApply(text, r.change), 'utf8');
        }
        return this.content(r.change.oldPath ?? r.change.path, this.ev.baseSha, r.maxBytes);
      }),
    );
  }
}
