/**
 * High duplication inside the change: windows of WINDOW consecutive added, non-trivial lines are normalised
 * (whitespace collapsed, identifiers kept) and hashed; a window seen twice in the change (same or another file)
 * is a copy. Overlapping copied windows merge into one region per occurrence.
 */
import { createHash } from 'node:crypto';

export const WINDOW = 6;
/** A window must carry this much text to count (closing braces and blank-ish lines do not make a copy). */
const MIN_CHARS = 80;

export interface AddedLines {
  path: string;
  /** Added head-side lines: line number → text. */
  lines: Array<{ line: number; text: string }>;
}

export interface Duplicate {
  path: string;
  startLine: number;
  endLine: number;
  /** The first place the same code appears. */
  original: { path: string; startLine: number; endLine: number };
  lineCount: number;
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function trivial(line: string): boolean {
  return line.length < 3 || /^[\s{}()[\];,]*$/.test(line) || /^(\/\/|#|\*|\/\*|--)/.test(line);
}

export function findDuplicates(files: AddedLines[]): Duplicate[] {
  const seen = new Map<string, { path: string; startLine: number; endLine: number }>();
  const out: Duplicate[] = [];
  for (const file of files) {
    // Runs of consecutive added lines (a gap in numbering breaks the run).
    const sig = file.lines.map((l) => ({ line: l.line, text: normalise(l.text) })).filter((l) => !trivial(l.text));
    let current: Duplicate | undefined;
    for (let i = 0; i + WINDOW <= sig.length; i++) {
      const win = sig.slice(i, i + WINDOW);
      if (win[WINDOW - 1]!.line - win[0]!.line > WINDOW * 3) continue;
      const text = win.map((w) => w.text).join('\n');
      if (text.length < MIN_CHARS) continue;
      const hash = createHash('sha1').update(text).digest('hex');
      const here = { path: file.path, startLine: win[0]!.line, endLine: win[WINDOW - 1]!.line };
      const first = seen.get(hash);
      if (!first) {
        seen.set(hash, here);
        continue;
      }
      if (first.path === here.path && first.endLine >= here.startLine) continue; // overlapping itself (repetitive lines)
      if (current && current.path === here.path && here.startLine <= current.endLine + 1) {
        current.endLine = Math.max(current.endLine, here.endLine);
        current.original.endLine = Math.max(current.original.endLine, first.endLine);
        current.lineCount = current.endLine - current.startLine + 1;
      } else {
        current = { ...here, original: { ...first }, lineCount: here.endLine - here.startLine + 1 };
        out.push(current);
      }
    }
  }
  return out;
}
