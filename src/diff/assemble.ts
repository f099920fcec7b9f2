/**
 * Turns changed files into what the analyzers get: path rules first (so skipped files are never read),
 * then one batched read of the needed head/base texts, then the content rules, language detection and
 * changed lines. Shared by the git, API and filesystem sources.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalyzedFile } from '../analyzers/types.js';
import type { Config } from '../config/types.js';
import type { Notice } from '../findings/types.js';
import { DEPS_MAX_BYTES, FileFilter, looksBinary } from './filter.js';
import { linguistAttributes, type LinguistAttrs } from './git.js';
import { detectLanguage } from './language.js';
import { addedLines, decodeChecked, decodeLossy } from './parser.js';
import type { FileChange } from './types.js';

export interface ReadRequest {
  side: 'head' | 'base';
  change: FileChange;
  /** Skip reading content larger than this; report its size instead. */
  maxBytes: number;
}

/** Content of one side of one file: bytes, or only the size when it exceeded maxBytes, or undefined when absent. */
export type ReadResult = Uint8Array | { size: number } | undefined;

export interface ContentReader {
  /** Results in request order. Must not throw for a missing file: return undefined instead. */
  read(requests: ReadRequest[]): Promise<ReadResult[]>;
}

export interface Assembled {
  files: AnalyzedFile[];
  depsFiles: AnalyzedFile[];
  skipped: Array<{ path: string; reason: string }>;
  notices: Notice[];
}

interface Plan {
  change: FileChange;
  analyze: boolean;
  deps: boolean;
  reason?: string;
  head?: number;
  base?: number;
}

/** Above this many files with the same problem, the notices collapse into one line. */
const MAX_FILE_NOTICES = 5;

/** git file modes that are not regular files. */
const SPECIAL_MODES: Record<string, string> = { '160000': 'submodule (not analysed)', '120000': 'symbolic link (not followed)' };

const firstLine = (text: string) => {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
};

/**
 * `attrRoot`: a git work tree whose .gitattributes (linguist-generated / linguist-vendored) refine the skip rules;
 * ignored when it is not a repository.
 */
export async function assemble(changes: FileChange[], reader: ContentReader, config: Config, mode: 'scan' | 'review', attrRoot?: string): Promise<Assembled> {
  const filter = new FileFilter(config);
  // check-attr costs a process; skip it when no attributes file could say anything.
  const hasAttrs = attrRoot && config.skipGenerated && (existsSync(join(attrRoot, '.gitattributes')) || changes.some((c) => c.path.endsWith('/.gitattributes')));
  const attrs = hasAttrs ? await linguistAttributes(attrRoot, changes.map((c) => c.path)) : new Map<string, LinguistAttrs>();
  const out: Assembled = { files: [], depsFiles: [], skipped: [], notices: [] };
  const requests: ReadRequest[] = [];
  const plans: Plan[] = [];
  for (const change of changes) {
    // Deleted files have no head text to analyse; nothing about them can be commented on.
    if (change.status === 'deleted') continue;
    const d = filter.byPath(change.path, attrs.get(change.path));
    const plan: Plan = { change, ...d };
    const special = SPECIAL_MODES[change.newMode ?? ''];
    if (special) {
      // A submodule's "content" is a commit id and a symlink's is its target path: nothing to analyse.
      plan.analyze = false;
      plan.deps = false;
      plan.reason = special;
    } else if (d.analyze && change.binary) {
      plan.analyze = false;
      plan.reason = 'binary file';
    }
    if (plan.reason) out.skipped.push({ path: change.path, reason: plan.reason });
    if (plan.analyze || plan.deps) {
      const maxBytes = plan.deps ? Math.max(DEPS_MAX_BYTES, config.maxFileSize) : config.maxFileSize;
      plan.head = requests.push({ side: 'head', change, maxBytes }) - 1;
      if (mode === 'review' && change.status !== 'added') plan.base = requests.push({ side: 'base', change, maxBytes }) - 1;
      plans.push(plan);
    }
  }
  const contents = requests.length > 0 ? await reader.read(requests) : [];
  const skip = (plan: Plan, reason: string) => {
    if (plan.analyze) out.skipped.push({ path: plan.change.path, reason });
    plan.analyze = false;
  };

  const notUtf8: string[] = [];
  for (const plan of plans) {
    const { change } = plan;
    const headRaw = plan.head !== undefined ? contents[plan.head] : undefined;
    const baseRaw = plan.base !== undefined ? contents[plan.base] : undefined;
    if (headRaw === undefined) {
      skip(plan, 'head content could not be read');
      if (plan.deps) out.notices.push({ level: 'warning', source: 'diff', message: `${change.path}: head content could not be read; dependency analysis skipped it` });
      continue;
    }
    if (!(headRaw instanceof Uint8Array)) {
      skip(plan, filter.tooLarge(headRaw.size) ?? `larger than ${DEPS_MAX_BYTES} bytes`);
      continue;
    }
    if (looksBinary(headRaw)) {
      skip(plan, 'binary file');
      continue;
    }
    if (plan.analyze) {
      const big = filter.tooLarge(headRaw.length);
      if (big) skip(plan, big);
    }
    const { text: head, valid } = decodeChecked(headRaw);
    if (!valid) {
      notUtf8.push(change.path);
    }
    const base = baseRaw instanceof Uint8Array && !looksBinary(baseRaw) ? decodeLossy(baseRaw) : undefined;
    const language = detectLanguage(change.path, firstLine(head));
    if (plan.analyze) {
      const why = filter.byContent(change.path, head, language);
      if (why) skip(plan, why);
    }
    const file: AnalyzedFile = {
      path: change.path,
      change,
      head,
      changedLines: mode === 'scan' ? 'all' : addedLines(change),
    };
    if (language) file.language = language;
    if (base !== undefined) file.base = base;
    if (plan.analyze) out.files.push(file);
    if (plan.deps) out.depsFiles.push(file);
  }
  // One notice per file reads well for a few; a legacy tree full of Latin-1 gets one summary line instead.
  const tail = '; decoded with replacement characters (line numbers are unaffected)';
  if (notUtf8.length > 0 && notUtf8.length <= MAX_FILE_NOTICES) for (const p of notUtf8) out.notices.push({ level: 'info', source: 'diff', message: `${p}: not valid UTF-8${tail}` });
  else if (notUtf8.length > 0) out.notices.push({ level: 'info', source: 'diff', message: `${notUtf8.length} files are not valid UTF-8 (${notUtf8.slice(0, MAX_FILE_NOTICES).join(', ')}, …)${tail}` });
  return out;
}
