/**
 * Language detection from the data table in languages.json: exact file name, then name suffix/prefix,
 * then extension (longest first, so `x.d.ts` beats `.ts`), then the shebang of the first line.
 */
import table from './languages.json' with { type: 'json' };

type Table = Record<string, string>;
const strip = (t: Record<string, string>): Table => Object.fromEntries(Object.entries(t).filter(([k]) => k !== '$comment'));

const FILENAMES = strip(table.filenames);
const PREFIXES = Object.entries(strip(table.prefixes)).sort((a, b) => b[0].length - a[0].length);
const SUFFIXES = Object.entries(strip(table.suffixes)).sort((a, b) => b[0].length - a[0].length);
const EXTENSIONS = strip(table.extensions);
const SHEBANGS = strip(table.shebangs);

/** Every language id the table can produce. */
export function knownLanguages(): string[] {
  return [...new Set([...Object.values(FILENAMES), ...Object.values(EXTENSIONS), ...Object.values(SHEBANGS), ...PREFIXES.map((p) => p[1]), ...SUFFIXES.map((s) => s[1])])].sort();
}

/** Interpreter named by a `#!` line: `/usr/bin/env -S python3.12 -u` → python. */
export function shebangLanguage(firstLine: string): string | undefined {
  if (!firstLine.startsWith('#!')) return undefined;
  const words = firstLine.slice(2).trim().split(/\s+/);
  let i = 0;
  let prog = words[i]?.split('/').pop() ?? '';
  if (prog === 'env') {
    i++;
    while (i < words.length && (words[i]!.startsWith('-') || words[i]!.includes('='))) i++;
    prog = words[i]?.split('/').pop() ?? '';
  }
  const name = prog.replace(/[\d.]+$/, '').replace(/-$/, '');
  return SHEBANGS[name] ?? SHEBANGS[prog];
}

/**
 * Language id for a repository path, or undefined. `firstLine` (the head text's first line) lets a shebang
 * decide for extension-less scripts; an extension still wins over a shebang (a `.py` file is Python).
 */
export function detectLanguage(path: string, firstLine?: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const byName = FILENAMES[name];
  if (byName) return byName;
  for (const [suffix, lang] of SUFFIXES) if (name.endsWith(suffix) && name.length > suffix.length) return lang;
  for (const [prefix, lang] of PREFIXES) if (name.startsWith(prefix)) return lang;
  const lower = name.toLowerCase();
  // Try every dot position from the leftmost so multi-part extensions (.d.ts, .gradle.kts) win.
  for (let dot = lower.indexOf('.', 1); dot >= 0; dot = lower.indexOf('.', dot + 1)) {
    const lang = EXTENSIONS[lower.slice(dot)];
    if (lang) return lang;
  }
  if (lower.startsWith('.') && EXTENSIONS[lower]) return EXTENSIONS[lower];
  if (firstLine) return shebangLanguage(firstLine);
  return undefined;
}
