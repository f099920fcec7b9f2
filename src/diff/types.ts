/** Output of the diff stage: what changed between base and head. */

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

export interface DiffLine {
  kind: 'add' | 'del' | 'context';
  /** Line number on the base side (del/context). */
  oldLine?: number;
  /** Line number on the head side (add/context). */
  newLine?: number;
  text: string;
  /** Followed by "\ No newline at end of file": the last line of its side has no final newline. Optional, added by the diff stage. */
  noNewline?: boolean;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Text after the second @@ (often the enclosing function). */
  header: string;
  lines: DiffLine[];
}

export interface FileChange {
  /** Head-side path (base-side path for deletions). Repository-relative POSIX. */
  path: string;
  /** Base-side path when renamed or copied. */
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  oldMode?: string;
  newMode?: string;
  hunks: Hunk[];
  additions: number;
  deletions: number;
  /** Similarity index (0–100) git reported for a rename or copy. Optional, added by the diff stage. */
  similarity?: number;
}

/** Where the change came from, for links and the API calls of the report stage. */
export interface ChangeContext {
  mode: 'scan' | 'review';
  /** Absolute path of the working tree being analysed. */
  root: string;
  baseRef?: string;
  headRef?: string;
  baseSha?: string;
  headSha?: string;
  /** owner/name when known. */
  repository?: string;
  pullNumber?: number;
  /** Head repository differs from base repository: secrets and write tokens are usually absent. */
  isFork?: boolean;
  /** Git ref for SARIF upload (refs/pull/N/head or refs/heads/x). */
  ref?: string;
  /** Where the hunks came from, for the summary. */
  source: 'git' | 'api' | 'filesystem';
}
