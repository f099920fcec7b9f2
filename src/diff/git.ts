/**
 * Local git access without a shell: `spawn('git', args)`. The diff uses merge-base ("three-dot") semantics
 * like a GitHub pull request, and file contents come from one `git cat-file --batch` process per side
 * instead of one `git show` per file.
 */
import { spawn } from 'node:child_process';
import type { ContentReader, ReadRequest, ReadResult } from './assemble.js';
import { InputError } from './errors.js';

/** The empty tree: the base of a root commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs git in `cwd` and returns stdout as bytes. `-c safe.directory` lets a runner whose workspace belongs to
 * another user still read it (only command-line or global config can say so).
 */
export function runGit(cwd: string, args: string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', `safe.directory=${cwd}`, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new GitError(`cannot run git: ${e.message}`, null, '')));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed (exit ${code}): ${stderr.split('\n')[0] ?? ''}`, code, stderr));
    });
    child.stdin.on('error', () => {
      /* git may exit before reading all input; the close handler reports it */
    });
    child.stdin.end(input ?? '');
  });
}

const text = async (cwd: string, args: string[]) => (await runGit(cwd, args)).toString('utf8').trim();

/** Top level of the work tree containing `dir`, or an InputError naming the directory. */
export async function gitToplevel(dir: string): Promise<string> {
  try {
    return await text(dir, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    const why = e instanceof GitError ? e.stderr.split('\n')[0] || e.message : String(e);
    throw new InputError(`not a git repository: ${dir} (${why})`);
  }
}

/** Commit sha of `ref`, or an InputError like "base ref 'foo' not found in /repo: …". */
export async function resolveCommit(root: string, ref: string, label: 'base' | 'head'): Promise<string> {
  try {
    return await text(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  } catch {
    throw new InputError(`${label} ref '${ref}' not found in ${root}: not a commit, branch or tag known to this clone (fetch it, or check the spelling)`);
  }
}

/**
 * Top level and both commits in one git call (each spawn costs tens of milliseconds on a busy runner).
 * When anything fails, the one-at-a-time calls produce the precise InputError.
 */
export async function resolveRange(dir: string, baseRef: string, headRef: string): Promise<{ root: string; baseSha: string; headSha: string }> {
  // A ref that looks like an option only goes through the --verify path, which cannot mistake it for one.
  if (!baseRef.startsWith('-') && !headRef.startsWith('-')) {
    try {
      const out = (await text(dir, ['rev-parse', '--show-toplevel', `${baseRef}^{commit}`, `${headRef}^{commit}`])).split('\n');
      const [root, baseSha, headSha] = out;
      if (out.length === 3 && root && /^[0-9a-f]{40,64}$/.test(baseSha!) && /^[0-9a-f]{40,64}$/.test(headSha!)) return { root, baseSha: baseSha!, headSha: headSha! };
    } catch {
      /* fall through to the precise calls */
    }
  }
  const root = await gitToplevel(dir);
  return { root, baseSha: await resolveCommit(root, baseRef, 'base'), headSha: await resolveCommit(root, headRef, 'head') };
}

/** True when the commit object is present in the local clone (shallow checkouts often lack the base). */
export async function hasCommit(root: string, sha: string): Promise<boolean> {
  try {
    await runGit(root, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await text(root, ['merge-base', a, b])) || undefined;
  } catch {
    return undefined;
  }
}

/** First parent of a commit, or the empty tree for a root commit. */
export async function parentOrEmpty(root: string, sha: string): Promise<string> {
  try {
    return await text(root, ['rev-parse', '--verify', '--quiet', `${sha}^1`]);
  } catch {
    return EMPTY_TREE;
  }
}

/**
 * Raw `git diff` between two commits with every knob that user config could turn pinned down:
 * fixed a/ b/ prefixes, no colour, no external diff or textconv, renames and copies detected, full indexes,
 * submodules as plain "Subproject commit" hunks whatever diff.submodule says.
 */
export function gitDiff(root: string, from: string, to: string): Promise<Buffer> {
  return runGit(root, [
    'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '-M', '-C', '--full-index', '-U3',
    '--src-prefix=a/', '--dst-prefix=b/', '--submodule=short', from, to, '--',
  ]);
}

/** Parses `git cat-file --batch[-check]` output into one entry per request line. */
function parseBatch(buf: Buffer, count: number, withContent: boolean): Array<{ type: string; size: number; body?: Buffer } | undefined> {
  const out: Array<{ type: string; size: number; body?: Buffer } | undefined> = [];
  let pos = 0;
  while (out.length < count && pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) break;
    const header = buf.toString('utf8', pos, nl);
    pos = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      out.push(undefined); // "<name> missing" or "ambiguous"
      continue;
    }
    const size = Number(m[2]);
    if (withContent) {
      out.push({ type: m[1]!, size, body: buf.subarray(pos, pos + size) });
      pos += size + 1;
    } else out.push({ type: m[1]!, size });
  }
  while (out.length < count) out.push(undefined);
  return out;
}

/**
 * `git cat-file --batch-command --buffer` as a conversation: `info` for every name, then `contents` for the
 * names `pick` chooses from those answers. Returns the parsed contents (in `pick` order).
 */
export function catFileConversation(cwd: string, names: string[], pick: (checks: ReturnType<typeof parseBatch>) => string[]): Promise<ReturnType<typeof parseBatch>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', `safe.directory=${cwd}`, 'cat-file', '--batch-command', '--buffer'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const chunks: Buffer[] = [];
    let lines = 0;
    let picked: string[] | undefined;
    let infoBytes = 0;
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      if (picked) return;
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
      if (lines < names.length) return;
      // All info lines are in: decide, then ask for the bodies.
      const all = Buffer.concat(chunks);
      chunks.length = 0;
      let end = 0;
      for (let n = 0; n < names.length; n++) end = all.indexOf(10, end) + 1;
      infoBytes = end;
      if (all.length > end) chunks.push(all.subarray(end));
      try {
        picked = pick(parseBatch(all.subarray(0, end), names.length, false));
      } catch (e) {
        child.kill();
        return reject(e instanceof Error ? e : new Error(String(e)));
      }
      child.stdin.end(picked.length > 0 ? `${picked.map((n) => `contents ${n}`).join('\n')}\nflush\n` : '');
    });
    child.stderr.resume();
    child.stdin.on('error', () => {
      /* reported by close */
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || !picked) return reject(new GitError(`cat-file --batch-command failed (exit ${code}, ${infoBytes} bytes)`, code, ''));
      resolve(picked.length > 0 ? parseBatch(Buffer.concat(chunks), picked.length, true) : []);
    });
    child.stdin.write(`${names.map((n) => `info ${n}`).join('\n')}\nflush\n`);
  });
}

/** Reads file contents at two commits via `git cat-file`: sizes first, then the bodies under each cap. */
export class GitReader implements ContentReader {
  constructor(
    private readonly root: string,
    private readonly baseSha: string,
    private readonly headSha: string,
  ) {}

  async read(requests: ReadRequest[]): Promise<ReadResult[]> {
    const names = requests.map((r) => {
      const path = r.side === 'base' ? (r.change.oldPath ?? r.change.path) : r.change.path;
      // A newline in a path cannot be sent on a batch line; such a file reads as absent.
      return path.includes('\n') ? undefined : `${r.side === 'base' ? this.baseSha : this.headSha}:${path}`;
    });
    const sendable = names.map((n, i) => ({ n, i })).filter((x): x is { n: string; i: number } => x.n !== undefined);
    const results: ReadResult[] = requests.map(() => undefined);
    if (sendable.length === 0) return results;
    const decide = (checks: ReturnType<typeof parseBatch>): Array<{ n: string; i: number }> => {
      const wanted: Array<{ n: string; i: number }> = [];
      sendable.forEach((s, k) => {
        const c = checks[k];
        if (!c || c.type !== 'blob') return;
        if (c.size > requests[s.i]!.maxBytes) results[s.i] = { size: c.size };
        else wanted.push(s);
      });
      return wanted;
    };
    let bodies: ReturnType<typeof parseBatch>;
    let wanted: Array<{ n: string; i: number }>;
    try {
      // One process: sizes first, then only the bodies under their caps (git >= 2.36).
      const conv = await catFileConversation(this.root, sendable.map((s) => s.n), (checks) => (wanted = decide(checks)).map((w) => w.n));
      bodies = conv;
    } catch {
      // Older git: the same in two processes.
      for (let k = 0; k < results.length; k++) results[k] = undefined;
      wanted = decide(parseBatch(await runGit(this.root, ['cat-file', '--batch-check'], sendable.map((s) => `${s.n}\n`).join('')), sendable.length, false));
      bodies = wanted.length > 0 ? parseBatch(await runGit(this.root, ['cat-file', '--batch'], wanted.map((s) => `${s.n}\n`).join('')), wanted.length, true) : [];
    }
    wanted!.forEach((s, k) => {
      const b = bodies[k];
      if (b?.body) results[s.i] = b.body;
    });
    return results;
  }
}

/** What `.gitattributes` says about a path through GitHub's linguist attributes (undefined: not specified). */
export interface LinguistAttrs {
  generated?: boolean;
  vendored?: boolean;
}

/**
 * linguist-generated / linguist-vendored for each path, from the work tree's .gitattributes (the same
 * attributes GitHub uses to collapse generated files in a pull request). Empty when `root` is not a repository.
 */
export async function linguistAttributes(root: string, paths: string[]): Promise<Map<string, LinguistAttrs>> {
  const out = new Map<string, LinguistAttrs>();
  if (paths.length === 0) return out;
  let raw: Buffer;
  try {
    raw = await runGit(root, ['check-attr', '-z', '--stdin', 'linguist-generated', 'linguist-vendored'], paths.map((p) => `${p}\0`).join(''));
  } catch {
    return out;
  }
  const parts = raw.toString('utf8').split('\0');
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const [path, attr, value] = [parts[i]!, parts[i + 1]!, parts[i + 2]!];
    const flag = value === 'set' || value === 'true' ? true : value === 'unset' || value === 'false' ? false : undefined;
    if (flag === undefined) continue;
    const entry = out.get(path) ?? {};
    if (attr === 'linguist-generated') entry.generated = flag;
    else if (attr === 'linguist-vendored') entry.vendored = flag;
    out.set(path, entry);
  }
  return out;
}
