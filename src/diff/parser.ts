/**
 * Unified diff parser for `git diff` output and for the per-file `patch` strings of the GitHub REST API
 * (which are bare hunks without headers). It never throws: odd or truncated input yields what could be read.
 *
 * Hunk bodies are consumed by the line counts of their `@@` header, not by the first character alone, so a
 * removed line that reads `-- x` or an added `++ y` is never mistaken for a `---`/`+++` file header.
 */
import type { DiffLine, FileChange, FileStatus, Hunk } from './types.js';

const lossy = new TextDecoder('utf-8', { fatal: false });
const strict = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 decode that replaces invalid sequences with U+FFFD instead of throwing. */
export function decodeLossy(bytes: Uint8Array): string {
  return lossy.decode(bytes);
}

/**
 * Decodes lossily and says whether the bytes were valid UTF-8. The strict second decode only runs when the
 * lossy text holds a replacement character, so the common case costs one decode.
 */
export function decodeChecked(bytes: Uint8Array): { text: string; valid: boolean } {
  const text = decodeLossy(bytes);
  return { text, valid: !text.includes('\uFFFD') || isValidUtf8(bytes) };
}

/** True when the bytes are valid UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * Reads a C-style quoted path as git writes it when core.quotePath is on (`"a/t\303\251st.txt"`):
 * octal escapes are bytes, decoded together as UTF-8. `s` starts at the opening quote.
 * Returns the path and the index just past the closing quote (or the end of `s` when unterminated).
 */
export function readQuoted(s: string, start = 0): { value: string; end: number } {
  const bytes: number[] = [];
  const utf8 = new TextEncoder();
  let i = start + 1;
  for (; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"') return { value: decodeLossy(Uint8Array.from(bytes)), end: i + 1 };
    if (ch === '\\' && i + 1 < s.length) {
      const next = s[i + 1]!;
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
      if (oct) {
        bytes.push(parseInt(oct[0], 8) & 0xff);
        i += oct[0].length;
        continue;
      }
      const code = C_ESCAPES[next];
      bytes.push(code ?? next.charCodeAt(0) & 0xff);
      i += 1;
      continue;
    }
    for (const b of utf8.encode(ch)) bytes.push(b);
  }
  return { value: decodeLossy(Uint8Array.from(bytes)), end: s.length };
}

/** A path as written after `rename from`, `---` etc.: unquoted when quoted, trailing tab (+timestamp) dropped. */
function readPathField(raw: string): string {
  if (raw.startsWith('"')) return readQuoted(raw).value;
  const tab = raw.indexOf('\t');
  return tab >= 0 ? raw.slice(0, tab) : raw;
}

function stripPrefix(path: string, prefix: 'a/' | 'b/'): string {
  return path.startsWith(prefix) ? path.slice(2) : path;
}

/** Splits the rest of a `diff --git ` line into its two paths (still carrying their a/ b/ prefixes). */
function splitDiffGitPaths(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const a = readQuoted(rest);
    const tail = rest.slice(a.end).replace(/^ /, '');
    const b = tail.startsWith('"') ? readQuoted(tail).value : tail;
    return [a.value, b];
  }
  const q = rest.indexOf(' "');
  if (q >= 0) return [rest.slice(0, q), readQuoted(rest, q + 1).value];
  // Unquoted paths may contain spaces. Both sides are usually the same path, so try the exact middle first.
  if (rest.length % 2 === 1) {
    const n = (rest.length - 1) / 2;
    const a = rest.slice(0, n);
    const b = rest.slice(n + 1);
    if (rest[n] === ' ' && a.slice(2) === b.slice(2)) return [a, b];
  }
  const sep = rest.indexOf(' b/');
  if (sep >= 0) return [rest.slice(0, sep), rest.slice(sep + 1)];
  const sp = rest.indexOf(' ');
  return sp >= 0 ? [rest.slice(0, sp), rest.slice(sp + 1)] : undefined;
}

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

function num(s: string | undefined, dflt: number): number | undefined {
  if (s === undefined) return dflt;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function stripCR(s: string): string {
  return s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s;
}

/** The line without its one-character prefix and without a trailing CR, in a single slice. */
function body(line: string): string {
  return line.slice(1, line.charCodeAt(line.length - 1) === 13 ? -1 : undefined);
}

interface HunkRead {
  hunk: Hunk;
  next: number;
  additions: number;
  deletions: number;
}

/**
 * Reads one hunk starting at lines[i] (an `@@` line). Returns undefined when the header is not a hunk header.
 * Stops early, keeping the lines read so far, when the body is shorter than the header promised.
 */
function readHunk(lines: string[], i: number): HunkRead | undefined {
  const m = HUNK_RE.exec(stripCR(lines[i]!));
  if (!m) return undefined;
  const oldStart = num(m[1], 0);
  const oldLines = num(m[2], 1);
  const newStart = num(m[3], 0);
  const newLines = num(m[4], 1);
  if (oldStart === undefined || oldLines === undefined || newStart === undefined || newLines === undefined) return undefined;
  const hunk: Hunk = { oldStart, oldLines, newStart, newLines, header: m[5] ?? '', lines: [] };
  let oldRem = oldLines;
  let newRem = newLines;
  let oldNo = oldStart;
  let newNo = newStart;
  let additions = 0;
  let deletions = 0;
  const out: DiffLine[] = hunk.lines;
  let j = i + 1;
  for (; j < lines.length && (oldRem > 0 || newRem > 0); j++) {
    const line = lines[j]!;
    const c = line.charCodeAt(0);
    if (c === 43 /* + */) {
      if (newRem === 0) break;
      out.push({ kind: 'add', newLine: newNo++, text: body(line) });
      newRem--;
      additions++;
    } else if (c === 45 /* - */) {
      if (oldRem === 0) break;
      out.push({ kind: 'del', oldLine: oldNo++, text: body(line) });
      oldRem--;
      deletions++;
    } else if (c === 32 /* space */ || line === '' || line === '\r') {
      // Some tools strip the single space of empty context lines; the final '' of the input is not a line.
      if (oldRem === 0 || newRem === 0 || (line === '' && j === lines.length - 1)) break;
      out.push({ kind: 'context', oldLine: oldNo++, newLine: newNo++, text: body(line) });
      oldRem--;
      newRem--;
    } else if (c === 92 /* \ No newline at end of file */) {
      const last = out[out.length - 1];
      if (last) last.noNewline = true;
      continue;
    } else {
      break;
    }
  }
  // A trailing "\ No newline at end of file" belongs to the last line of this hunk.
  while (j < lines.length && lines[j]!.charCodeAt(0) === 92) {
    const last = out[out.length - 1];
    if (last) last.noNewline = true;
    j++;
  }
  return { hunk, next: j, additions, deletions };
}

/** Hunks of a GitHub API `patch` string (bare hunks, no file headers). */
export function parsePatch(patch: string): { hunks: Hunk[]; additions: number; deletions: number } {
  const result = { hunks: [] as Hunk[], additions: 0, deletions: 0 };
  try {
    const lines = patch.split('\n');
    let i = 0;
    while (i < lines.length) {
      if (lines[i]!.startsWith('@@')) {
        const r = readHunk(lines, i);
        if (r) {
          result.hunks.push(r.hunk);
          result.additions += r.additions;
          result.deletions += r.deletions;
          i = Math.max(r.next, i + 1);
          continue;
        }
      }
      i++;
    }
  } catch {
    /* never throw: keep what was read */
  }
  return result;
}

/** Per-file state while reading git headers. */
interface Draft {
  diffA?: string;
  diffB?: string;
  minus?: string | null; // null = /dev/null
  plus?: string | null;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  similarity?: number;
  deletedFile?: boolean;
  newFile?: boolean;
  oldMode?: string;
  newMode?: string;
  indexMode?: string;
  binary: boolean;
  hunks: Hunk[];
  additions: number;
  deletions: number;
}

function finish(d: Draft): FileChange | undefined {
  const oldSide = d.minus ?? d.renameFrom ?? d.copyFrom ?? (d.diffA !== undefined ? stripPrefix(d.diffA, 'a/') : undefined);
  const newSide = d.plus ?? d.renameTo ?? d.copyTo ?? (d.diffB !== undefined ? stripPrefix(d.diffB, 'b/') : undefined);
  let status: FileStatus = 'modified';
  if (d.deletedFile || d.plus === null) status = 'deleted';
  else if (d.newFile || d.minus === null) status = 'added';
  else if (d.renameFrom !== undefined) status = 'renamed';
  else if (d.copyFrom !== undefined) status = 'copied';
  const path = status === 'deleted' ? oldSide : newSide;
  if (!path) return undefined;
  const fc: FileChange = { path, status, binary: d.binary, hunks: d.hunks, additions: d.additions, deletions: d.deletions };
  if ((status === 'renamed' || status === 'copied') && oldSide) fc.oldPath = oldSide;
  const oldMode = d.oldMode ?? (status === 'added' ? undefined : d.indexMode);
  const newMode = d.newMode ?? (status === 'deleted' ? undefined : d.indexMode);
  if (oldMode) fc.oldMode = oldMode;
  if (newMode) fc.newMode = newMode;
  if (d.similarity !== undefined) fc.similarity = d.similarity;
  return fc;
}

const newDraft = (): Draft => ({ binary: false, hunks: [], additions: 0, deletions: 0 });

/** `--- x` / `+++ x` path: null for /dev/null, prefix stripped. */
function headerPath(raw: string, prefix: 'a/' | 'b/'): string | null {
  const p = readPathField(raw);
  if (p === '/dev/null') return null;
  return stripPrefix(p, prefix);
}

/**
 * Parses `git diff` output (or a plain unified diff with ---/+++ headers). Accepts a Buffer so non-UTF-8
 * content is decoded lossily rather than rejected.
 */
export function parseGitDiff(input: string | Uint8Array): FileChange[] {
  const files: FileChange[] = [];
  let cur: Draft | undefined;
  const flush = () => {
    if (cur) {
      const f = finish(cur);
      if (f) files.push(f);
    }
    cur = undefined;
  };
  try {
    const text = typeof input === 'string' ? input : decodeLossy(input);
    const lines = text.split('\n');
    let skipping = false; // inside a combined diff or a GIT binary patch body
    let i = 0;
    while (i < lines.length) {
      const raw = lines[i]!;
      const line = stripCR(raw);
      if (line.startsWith('diff ')) {
        flush();
        skipping = false;
        if (line.startsWith('diff --git ')) {
          cur = newDraft();
          const paths = splitDiffGitPaths(line.slice(11));
          if (paths) [cur.diffA, cur.diffB] = paths;
        } else {
          skipping = true; // diff --cc / --combined: merge diffs are not reviewed
        }
        i++;
        continue;
      }
      if (skipping) {
        i++;
        continue;
      }
      if (line.startsWith('@@')) {
        const r = cur ? readHunk(lines, i) : undefined;
        if (r && cur) {
          cur.hunks.push(r.hunk);
          cur.additions += r.additions;
          cur.deletions += r.deletions;
          i = Math.max(r.next, i + 1);
          continue;
        }
        i++;
        continue;
      }
      if (line.startsWith('--- ') && i + 1 < lines.length && lines[i + 1]!.startsWith('+++ ')) {
        // A plain unified diff (no `diff --git`) starts a file here; in a git diff it completes the header.
        if (!cur || cur.hunks.length > 0 || cur.minus !== undefined) {
          flush();
          cur = newDraft();
        }
        cur.minus = headerPath(line.slice(4), 'a/');
        cur.plus = headerPath(stripCR(lines[i + 1]!).slice(4), 'b/');
        i += 2;
        continue;
      }
      if (cur) readHeaderLine(cur, line, () => (skipping = true));
      i++;
    }
  } catch {
    /* never throw: keep what was read */
  }
  flush();
  return files;
}

function readHeaderLine(cur: Draft, line: string, startBinaryBody: () => void): void {
  const after = (prefix: string) => line.slice(prefix.length);
  if (line.startsWith('old mode ')) cur.oldMode = after('old mode ').trim();
  else if (line.startsWith('new mode ')) cur.newMode = after('new mode ').trim();
  else if (line.startsWith('deleted file mode ')) {
    cur.deletedFile = true;
    cur.oldMode = after('deleted file mode ').trim();
  } else if (line.startsWith('new file mode ')) {
    cur.newFile = true;
    cur.newMode = after('new file mode ').trim();
  } else if (line.startsWith('rename from ')) cur.renameFrom = readPathField(after('rename from '));
  else if (line.startsWith('rename to ')) cur.renameTo = readPathField(after('rename to '));
  else if (line.startsWith('copy from ')) cur.copyFrom = readPathField(after('copy from '));
  else if (line.startsWith('copy to ')) cur.copyTo = readPathField(after('copy to '));
  else if (line.startsWith('similarity index ')) {
    const n = parseInt(after('similarity index '), 10);
    if (Number.isFinite(n)) cur.similarity = n;
  } else if (line.startsWith('index ')) {
    const m = /^index [0-9a-f]+\.\.[0-9a-f]+ ([0-7]{6})$/.exec(line);
    if (m) cur.indexMode = m[1];
  } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
    cur.binary = true;
    if (/^Binary files \/dev\/null and /.test(line)) cur.minus ??= null;
    if (/ and \/dev\/null differ$/.test(line)) cur.plus ??= null;
  } else if (line === 'GIT binary patch') {
    cur.binary = true;
    startBinaryBody();
  }
}

/** Head-side line numbers of the added lines: what review mode treats as changed. */
export function addedLines(change: Pick<FileChange, 'hunks'>): Set<number> {
  const out = new Set<number>();
  for (const h of change.hunks) for (const l of h.lines) if (l.kind === 'add' && l.newLine !== undefined) out.add(l.newLine);
  return out;
}
