/**
 * Which changed files reach the analyzers and which reach the deps analyzer, with a human reason for every skip.
 * The rules are data (skip-rules.json); this module only applies them. Order of precedence:
 * exclude globs → include globs → lock file (deps only) → vendored dir → generated/minified by name →
 * binary → size cap → generated marker / minified shape (content).
 */
import picomatch from 'picomatch';
import type { Config } from '../config/types.js';
import rules from './skip-rules.json' with { type: 'json' };

/**
 * Like .gitignore: a glob without a slash matches the file name at any depth (`*.min.js`), one with a slash
 * matches the whole repository path (`src/**`). picomatch's own `basename` option breaks slash globs.
 */
export function globMatcher(glob: string): (path: string) => boolean {
  return glob.includes('/') ? picomatch(glob.replace(/^\//, ''), { dot: true }) : picomatch(glob, { dot: true, basename: true });
}

const LOCK_FILES = new Set(rules.lockFiles);
const MANIFESTS = new Set(rules.manifests);
const VENDORED = new Set(rules.vendoredDirs);
const ALWAYS_SKIPPED = new Set(rules.alwaysSkippedDirs);
const WALK_SKIPPED = new Set(rules.walkSkippedDirs);
const isManifestGlob = picomatch(rules.manifestGlobs, { dot: true });
const generatedGlobs = rules.generatedGlobs.map((g) => ({ glob: g, test: picomatch(g, { dot: true }) }));
const minifiedGlobs = rules.minifiedGlobs.map((g) => ({ glob: g, test: picomatch(g, { dot: true }) }));
const MARKERS = rules.generatedMarkers.map((m) => ({ source: m.pattern, re: new RegExp(m.pattern, m.flags) }));

/** Lock files and large data files are parsed structurally by deps; the analyzers' size cap does not apply to them. */
export const DEPS_MAX_BYTES = 64 * 1024 * 1024;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function isLockFile(path: string): boolean {
  return LOCK_FILES.has(baseName(path));
}

/** Manifest or lock file: goes to the deps analyzer with head and base text. */
export function isDepsFile(path: string): boolean {
  const name = baseName(path);
  return LOCK_FILES.has(name) || MANIFESTS.has(name) || isManifestGlob(path);
}

/** First vendored directory segment of the path, if any. */
export function vendoredDir(path: string): string | undefined {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (VENDORED.has(parts[i]!)) return parts[i];
  return undefined;
}

/** Directories a tree walk never enters. */
export function isAlwaysSkippedDir(name: string): boolean {
  return ALWAYS_SKIPPED.has(name);
}

export interface PathDecision {
  /** Give the file to the analyzers (subject to the content checks). */
  analyze: boolean;
  /** Give the file to the deps analyzer. */
  deps: boolean;
  /** Why the analyzers do not get it. */
  reason?: string;
}

export class FileFilter {
  private readonly include: ((p: string) => boolean) | undefined;
  private readonly excludes: Array<{ glob: string; test: (p: string) => boolean }>;

  constructor(private readonly config: Pick<Config, 'include' | 'exclude' | 'skipGenerated' | 'maxFileSize'>) {
    const includes = config.include.map(globMatcher);
    this.include = includes.length > 0 ? (p) => includes.some((m) => m(p)) : undefined;
    this.excludes = config.exclude.map((g) => ({ glob: g, test: globMatcher(g) }));
  }

  /** True when an include glob names this path: it then overrides the vendored and generated-by-name rules. */
  explicitlyIncluded(path: string): boolean {
    return this.include?.(path) ?? false;
  }

  /** Whether a tree walk should descend into a directory (scan mode). */
  enterDir(relDir: string): boolean {
    const name = baseName(relDir);
    if (ALWAYS_SKIPPED.has(name)) return false;
    const skipped = WALK_SKIPPED.has(name) || (this.config.skipGenerated && VENDORED.has(name));
    if (!skipped) return true;
    // "unless include says otherwise": an include pattern that names the directory opens it.
    return this.config.include.some((g) => g.split('/').includes(name));
  }

  /**
   * `attrs`: linguist-generated / linguist-vendored from .gitattributes. `true` skips like the built-in rules;
   * `false` is the repository saying "this is hand-written", which turns the built-in name rules off for it.
   */
  byPath(path: string, attrs?: { generated?: boolean; vendored?: boolean }): PathDecision {
    const excluded = this.excludes.find((e) => e.test(path));
    if (excluded) return { analyze: false, deps: false, reason: `excluded by pattern '${excluded.glob}'` };
    const forced = this.explicitlyIncluded(path);
    const skipping = this.config.skipGenerated && !forced;
    const vendored = skipping ? (attrs?.vendored === true ? '.gitattributes linguist-vendored' : attrs?.vendored === false ? undefined : vendoredDir(path)) : undefined;
    const deps = isDepsFile(path) && !vendored;
    if (this.include && !forced) return { analyze: false, deps, reason: 'not matched by the include patterns' };
    if (vendored) return { analyze: false, deps: false, reason: vendored.startsWith('.') ? `vendored (${vendored})` : `vendored (${vendored}/)` };
    if (skipping && attrs?.generated === true) return { analyze: false, deps, reason: 'generated (.gitattributes linguist-generated)' };
    if (skipping && attrs?.generated !== false) {
      if (isLockFile(path)) return { analyze: false, deps, reason: 'lock file (dependency analysis only)' };
      const gen = generatedGlobs.find((g) => g.test(path));
      if (gen) return { analyze: false, deps, reason: `generated (name matches '${gen.glob}')` };
      const min = minifiedGlobs.find((g) => g.test(path));
      if (min) return { analyze: false, deps, reason: `minified (name matches '${min.glob}')` };
    }
    return { analyze: true, deps };
  }

  /** Size cap for the analyzers. */
  tooLarge(size: number): string | undefined {
    return size > this.config.maxFileSize ? `larger than max-file-size (${size} > ${this.config.maxFileSize} bytes)` : undefined;
  }

  /** Generated marker near the top, or the shape of minified code. Only when skip-generated is on. */
  byContent(path: string, text: string, language: string | undefined): string | undefined {
    if (!this.config.skipGenerated || this.explicitlyIncluded(path)) return undefined;
    const marker = generatedMarker(text);
    if (marker) return `generated (marker '${marker}')`;
    if (language && rules.minified.languages.includes(language) && looksMinified(text)) return 'minified (very long lines)';
    return undefined;
  }
}

/**
 * The comment text of the first lines: line comments and the inside of block comments, so a marker that only
 * appears in code or a string (a rule file listing markers, say) does not count.
 */
function leadingComments(text: string): string[] {
  const out: string[] = [];
  let open: string | undefined; // closing delimiter of the block comment we are in
  let pos = 0;
  for (let n = 0; n < rules.markerLines && pos < text.length && pos < 8000; n++) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl).trim();
    pos = nl < 0 ? text.length : nl + 1;
    if (open) {
      out.push(line);
      if (line.includes(open)) open = undefined;
      continue;
    }
    const block = rules.blockComments.find(([start]) => line.startsWith(start!));
    if (block) {
      out.push(line);
      if (!line.slice(block[0]!.length).includes(block[1]!)) open = block[1];
      continue;
    }
    if (rules.lineComments.some((c) => line.startsWith(c))) out.push(line);
  }
  return out;
}

/** The generated-code marker found in the leading comments, if any. */
export function generatedMarker(text: string): string | undefined {
  const comments = leadingComments(text).join('\n');
  if (!comments) return undefined;
  for (const m of MARKERS) {
    const hit = m.re.exec(comments);
    if (hit) return hit[0].length > 60 ? `${hit[0].slice(0, 60)}…` : hit[0];
  }
  return undefined;
}

/** Minified: big enough to matter and an average line length no human writes. */
export function looksMinified(text: string): boolean {
  if (text.length < rules.minified.minChars) return false;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.length / lines > rules.minified.averageLineLength;
}

/** Binary content: a NUL byte in the first 8000 bytes (git's own heuristic). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
