/**
 * Deterministic autofixes: whole-line replacements of the reported lines, computed from the rule's find/replace
 * or a named transform. No fix when the pattern does not match exactly (then a human must decide).
 */
import type { Fix } from '../../findings/types.js';
import { re } from './ruleset.js';
import type { FixSpec } from './types.js';

/** Characters that make a shell string more than "words separated by spaces". */
const SHELL_META = /[$`|;&<>(){}*?~[\]\\!#'"\n]/;

/** `subprocess.run("ls -la /tmp", shell=True)` → `subprocess.run(["ls", "-la", "/tmp"])`, only for plain constants. */
function shellList(text: string): string | undefined {
  const m = /(["'])([^"'\n]*)\1(\s*,\s*)shell\s*=\s*True\b(\s*,)?\s*/.exec(text);
  if (!m) return undefined;
  const cmd = m[2]!;
  if (cmd.trim() === '' || SHELL_META.test(cmd)) return undefined;
  const q = m[1]!;
  const list = `[${cmd.trim().split(/\s+/).map((w) => `${q}${w}${q}`).join(', ')}]`;
  // Keep any argument that followed shell=True, dropping only the flag itself.
  const rest = m[4] ? m[3]! : '';
  return text.slice(0, m.index) + list + rest + text.slice(m.index + m[0].length);
}

export function computeFix(spec: FixSpec, path: string, lines: string[], startLine: number, endLine: number): Fix | undefined {
  const original = lines.slice(startLine - 1, endLine).join('\n');
  let text: string | undefined;
  if (spec.transform === 'shell-list') text = shellList(original);
  else if (spec.find !== undefined) {
    const r = re(spec.find);
    if (r.test(original)) text = original.replace(r, spec.replace ?? '');
  }
  if (text === undefined || text === original) return undefined;
  // A line left with only whitespace (or a dangling comma) after removing an option is deleted.
  const cleaned = text
    .split('\n')
    .filter((l, i) => l.trim() !== '' || (original.split('\n')[i] ?? '').trim() === '')
    .join('\n');
  return { description: spec.description, replacements: [{ path, startLine, endLine, text: cleaned }] };
}

/** Applies whole-line replacements (bottom-up so earlier line numbers stay valid). Used by tests and the CLI. */
export function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const reps = [...fix.replacements].sort((a, b) => b.startLine - a.startLine);
  for (const r of reps) lines.splice(r.startLine - 1, r.endLine - r.startLine + 1, ...(r.text === '' ? [] : r.text.split('\n')));
  return lines.join('\n');
}
