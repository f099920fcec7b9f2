/**
 * Scan mode: every file under a path counts as added, every line as changed. No git needed; inside a git work
 * tree `git ls-files` lists the files so .gitignore'd build output is left out for free.
 */
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ContentReader, ReadRequest, ReadResult } from './assemble.js';
import { InputError } from './errors.js';
import { isAlwaysSkippedDir, type FileFilter } from './filter.js';
import { runGit } from './git.js';
import type { FileChange } from './types.js';

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

/** Where scanning starts: a directory, or a single file (then paths are relative to its directory). */
export async function scanRoot(path: string): Promise<{ root: string; single?: string }> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new InputError(`path '${path}' does not exist`);
  }
  if (st.isDirectory()) return { root: path };
  if (st.isFile()) return { root: dirname(path), single: basename(path) };
  throw new InputError(`path '${path}' is neither a file nor a directory`);
}

/**
 * Repository-relative file list: tracked + untracked-not-ignored from git, else a walk. `pruned` names the
 * vendored directories that were not entered, for the summary.
 */
export async function listFiles(root: string, filter: FileFilter): Promise<{ paths: string[]; pruned: string[] }> {
  const pruned = new Set<string>();
  const fromGit = await gitListFiles(root);
  const enter = (dir: string) => {
    if (filter.enterDir(dir)) return true;
    if (!isAlwaysSkippedDir(basename(dir))) pruned.add(dir);
    return false;
  };
  if (!fromGit) return { paths: await walk(root, enter), pruned: [...pruned].sort() };
  // git lists vendored directories too: apply the same pruning a walk would.
  const paths = fromGit.filter((p) => {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) if (!enter(parts.slice(0, i).join('/'))) return false;
    return true;
  });
  return { paths, pruned: [...pruned].sort() };
}

async function gitListFiles(root: string): Promise<string[] | undefined> {
  try {
    const inside = (await runGit(root, ['rev-parse', '--is-inside-work-tree'])).toString().trim();
    if (inside !== 'true') return undefined;
    const out = await runGit(root, ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate']);
    return out.toString('utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

async function walk(root: string, enter: (dir: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const queue = [''];
  while (queue.length > 0) {
    const rel = queue.pop()!;
    let entries;
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      continue; // unreadable directory: nothing to scan there
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      // Symlinks are not followed: they can leave the tree or loop.
      if (e.isDirectory()) {
        if (enter(p)) queue.push(p);
      } else if (e.isFile()) out.push(p);
    }
  }
  return out.sort();
}

export function scanChanges(paths: string[]): FileChange[] {
  return paths.map((path) => ({ path: toPosix(path), status: 'added', binary: false, hunks: [], additions: 0, deletions: 0 }));
}

/** Reads files from disk with bounded concurrency; symlinks and vanished files read as absent. */
export class FsReader implements ContentReader {
  constructor(private readonly root: string) {}

  async read(requests: ReadRequest[]): Promise<ReadResult[]> {
    const results: ReadResult[] = requests.map(() => undefined);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const i = next++;
        const r = requests[i]!;
        if (r.side === 'base') continue; // scan mode has no base
        results[i] = await readCapped(join(this.root, r.change.path), r.maxBytes);
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, requests.length) }, worker));
    return results;
  }
}

export async function readCapped(full: string, maxBytes: number): Promise<ReadResult> {
  try {
    const st = await lstat(full);
    if (!st.isFile()) return undefined;
    if (st.size > maxBytes) return { size: st.size };
    const fh = await open(full, 'r');
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}

export const relativePosix = (root: string, p: string) => toPosix(relative(root, p));
