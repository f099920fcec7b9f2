/**
 * The diff stage: what changed, as AnalyzedFiles for the analyzers and the deps analyzer.
 *
 * - scan:   every file under root (a directory or one file), all lines changed, no git needed.
 * - review: local git, `base...head` (merge-base semantics, like a pull request). headRef defaults to HEAD,
 *           the committed state: uncommitted work-tree edits are not part of a review.
 * - pr:     the workflow event decides the commits; local git when both are in the checkout, else the REST API.
 */
import type { AnalyzedFile } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { Notice } from '../findings/types.js';
import type { Octokit } from '../run.js';
import { ApiReader, fetchApiChange } from './api.js';
import { assemble } from './assemble.js';
import { InputError } from './errors.js';
import { readEvent, type RunEvent } from './event.js';
import { FileFilter } from './filter.js';
import { gitDiff, GitReader, gitToplevel, hasCommit, mergeBase, parentOrEmpty, resolveRange } from './git.js';
import { parseGitDiff } from './parser.js';
import { FsReader, listFiles, scanChanges, scanRoot } from './scan.js';
import type { ChangeContext } from './types.js';

export { InputError } from './errors.js';
export { addedLines, decodeLossy, isValidUtf8, parseGitDiff, parsePatch, readQuoted } from './parser.js';
export { detectLanguage, knownLanguages, shebangLanguage } from './language.js';
export { FileFilter, generatedMarker, isDepsFile, isLockFile, looksBinary, looksMinified, vendoredDir } from './filter.js';
export { readEvent, type RunEvent } from './event.js';
export type * from './types.js';

export type LoadTarget =
  | { mode: 'scan'; root: string; config: Config }
  | { mode: 'review'; root: string; baseRef: string; headRef?: string; config: Config }
  | { mode: 'pr'; root: string; env: NodeJS.ProcessEnv; octokit?: Octokit; event?: RunEvent; config: Config };

export interface LoadedChange {
  change: ChangeContext;
  files: AnalyzedFile[];
  depsFiles: AnalyzedFile[];
  skipped: Array<{ path: string; reason: string }>;
  notices: Notice[];
}

export async function loadChange(target: LoadTarget): Promise<LoadedChange> {
  if (target.mode === 'scan') return loadScan(target.root, target.config);
  if (target.mode === 'review') return loadReview(target.root, target.baseRef, target.headRef ?? 'HEAD', target.config);
  return loadPr(target.root, target.event ?? (await readEvent(target.env, target.octokit)), target.octokit, target.config);
}

async function loadScan(path: string, config: Config): Promise<LoadedChange> {
  const { root, single } = await scanRoot(path);
  const filter = new FileFilter(config);
  const { paths, pruned } = single ? { paths: [single], pruned: [] } : await listFiles(root, filter);
  const a = await assemble(scanChanges(paths), new FsReader(root), config, 'scan', root);
  const skipped = [...pruned.map((dir) => ({ path: `${dir}/`, reason: 'vendored or installed dependencies (not entered)' })), ...a.skipped];
  return { change: { mode: 'scan', root, source: 'filesystem' }, ...a, skipped };
}

async function fromGit(root: string, from: string, headSha: string, config: Config): Promise<Omit<LoadedChange, 'change'>> {
  const changes = parseGitDiff(await gitDiff(root, from, headSha));
  const a = await assemble(changes, new GitReader(root, from, headSha), config, 'review', root);
  if (changes.length === 0) a.notices.push({ level: 'info', source: 'diff', message: `no changes between ${from.slice(0, 7)} and ${headSha.slice(0, 7)}` });
  return a;
}

async function loadReview(dir: string, baseRef: string, headRef: string, config: Config): Promise<LoadedChange> {
  const { root, baseSha, headSha } = await resolveRange(dir, baseRef, headRef);
  const notices: Notice[] = [];
  let from = await mergeBase(root, baseSha, headSha);
  if (!from) {
    notices.push({ level: 'warning', source: 'diff', message: `'${baseRef}' and '${headRef}' share no history; compared the two trees directly` });
    from = baseSha;
  }
  const r = await fromGit(root, from, headSha, config);
  return { change: { mode: 'review', root, baseRef, headRef, baseSha, headSha, source: 'git' }, ...r, notices: [...notices, ...r.notices] };
}

function contextOf(root: string, ev: RunEvent, source: ChangeContext['source']): ChangeContext {
  const c: ChangeContext = { mode: 'review', root, source };
  if (ev.baseRef) c.baseRef = ev.baseRef;
  if (ev.headRef) c.headRef = ev.headRef;
  if (ev.baseSha) c.baseSha = ev.baseSha;
  if (ev.headSha) c.headSha = ev.headSha;
  if (ev.repository) c.repository = ev.repository;
  if (ev.pullNumber) c.pullNumber = ev.pullNumber;
  if (ev.isFork !== undefined) c.isFork = ev.isFork;
  if (ev.ref) c.ref = ev.ref;
  return c;
}

/**
 * The diff base when the checkout holds the commits, else undefined (use the API). `exact` is false when the
 * merge base is missing (shallow clone) and base and head would be compared directly.
 */
async function localBase(root: string, ev: RunEvent): Promise<{ from: string; exact: boolean } | undefined> {
  if (!ev.headSha || !(await hasCommit(root, ev.headSha))) return undefined;
  if (ev.singleCommit) return { from: await parentOrEmpty(root, ev.headSha), exact: true };
  if (!ev.baseSha || !(await hasCommit(root, ev.baseSha))) return undefined;
  const mb = await mergeBase(root, ev.baseSha, ev.headSha);
  return mb ? { from: mb, exact: true } : { from: ev.baseSha, exact: false };
}

async function loadPr(workspace: string, ev: RunEvent, octokit: Octokit | undefined, config: Config): Promise<LoadedChange> {
  const notices: Notice[] = [];
  const root = await gitToplevel(workspace).catch(() => undefined);
  const local = root ? await localBase(root, ev) : undefined;
  // An inexact local diff (no merge base) is only used when the API cannot answer better.
  if (root && local && ev.headSha && (local.exact || !octokit || !ev.repository)) {
    if (!local.exact) notices.push({ level: 'warning', source: 'diff', message: 'no merge base in the checkout (shallow clone?): compared base and head directly; changes made on the base branch may show up' });
    const r = await fromGit(root, local.from, ev.headSha, config);
    return { change: contextOf(root, ev, 'git'), ...r, notices: [...notices, ...r.notices] };
  }
  if (!octokit || !ev.repository) {
    const what = ev.headSha ? `commits ${short(ev.baseSha)}…${short(ev.headSha)} are not in the checkout at ${workspace}` : `the ${ev.name || 'unknown'} event names no commit`;
    throw new InputError(`cannot determine the change: ${what}, and there is no GitHub token to ask the API (use actions/checkout with fetch-depth: 0, or pass github-token)`);
  }
  notices.push({ level: 'info', source: 'diff', message: 'the commits are not in the checkout (shallow clone): changed files come from the GitHub API' });
  const api = await fetchApiChange(octokit, ev);
  for (const message of api.notices) notices.push({ level: 'warning', source: 'diff', message });
  if (api.truncated) notices.push({ level: 'warning', source: 'diff', message: `the GitHub API lists at most ${api.changes.length + api.skipped.length} files for this change; files beyond that were not reviewed` });
  const reader = new ApiReader(octokit, ev, workspace);
  const a = await assemble(api.changes, reader, config, 'review', workspace);
  return {
    change: contextOf(workspace, ev, 'api'),
    files: a.files,
    depsFiles: a.depsFiles,
    skipped: [...api.skipped, ...a.skipped],
    notices: [...notices, ...a.notices],
  };
}

const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : '?');
