/**
 * Line locators: most formats parse fine with a library, but libraries drop positions. These single-pass
 * scanners map a key path to the 1-based line where the key is written, so findings point at the right line.
 */

/** Path segments joined with this separator (cannot appear in JSON keys we care about). */
export const SEP = '\u0000';

/**
 * Key path → line of every object key in a JSON document (array elements use their index), down to `maxDepth`
 * keys deep (lock files only need the first few levels; deeper keys are skipped, not recorded).
 */
export function jsonKeyLines(text: string, maxDepth = Infinity): Map<string, number> {
  const out = new Map<string, number>();
  // Each frame: container kind, the path to it, the pending key (objects) or next index (arrays).
  const stack: Array<{ kind: 'obj' | 'arr'; path: string; key?: string; index: number }> = [];
  let line = 1;
  let expectKey = false;
  // One regex pass over the tokens that matter (strings, brackets, commas, newlines) is several times faster
  // than a character loop; raw newlines cannot occur inside JSON strings.
  const re = /"[^"\\\n]*(?:\\.[^"\\\n]*)*"|[{}[\],\n]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const tok = m[0];
    const c = tok.charCodeAt(0);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 34 /* " */) {
      const top = stack[stack.length - 1];
      if (top && top.kind === 'obj' && expectKey && stack.length <= maxDepth) {
        const raw = tok.slice(1, -1);
        const key = raw.includes('\\') ? (JSON.parse(tok) as string) : raw;
        top.key = key;
        const full = top.path === '' ? key : top.path + SEP + key;
        if (!out.has(full)) out.set(full, line);
        expectKey = false;
      }
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const top = stack[stack.length - 1];
      let path = '';
      if (top) {
        const seg = top.kind === 'obj' ? (top.key ?? '') : String(top.index);
        path = top.path === '' ? seg : top.path + SEP + seg;
      }
      stack.push({ kind: c === 123 ? 'obj' : 'arr', path, index: 0 });
      expectKey = c === 123;
      continue;
    }
    if (c === 125 || c === 93) {
      stack.pop();
      expectKey = false;
      continue;
    }
    // A comma: the next string in an object is a key; in an array, the next element.
    const top = stack[stack.length - 1];
    if (top?.kind === 'obj') expectKey = true;
    else if (top) top.index++;
  }
  return out;
}

export const jsonPath = (...segs: string[]): string => segs.join(SEP);

/**
 * Line of every `key = …` (and every `[table]` header) in a TOML document, keyed by "table.key".
 * Quoted keys are unquoted; array tables get no index (first occurrence wins), which suits manifests.
 */
export function tomlKeyLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let table = '';
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const l = lines[n]!.trim();
    const header = /^\[\[?([^\]]+)\]/.exec(l);
    if (header) {
      table = splitTomlKey(header[1]!.trim()).join('.');
      if (!out.has(table)) out.set(table, n + 1);
      continue;
    }
    // Bare or quoted (possibly dotted) key; no spaces inside the bare part, so no backtracking on long lines.
    const kv = /^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\.(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=/.exec(l);
    if (kv) {
      const key = splitTomlKey(kv[1]!).join('.');
      const full = table ? `${table}.${key}` : key;
      if (!out.has(full)) out.set(full, n + 1);
    }
  }
  return out;
}

function splitTomlKey(k: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([^.\s]+))\s*(?:\.|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(k)) && m[0] !== '') parts.push(m[1] ?? m[2] ?? m[3]!);
  return parts;
}

/** Precomputed offsets → lines for many lookups in one text. */
export function lineIndex(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Source of a manifest spec: git, a tarball URL (http or https), local file/path, or undefined for a registry range. */
export function sourceOfUrl(spec: string): 'git' | 'http' | 'file' | 'path' | undefined {
  const s = spec.trim();
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/i.test(s) || /\.git(#|$)/.test(s) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(s)) return 'git';
  if (/^http:\/\//i.test(s)) return 'http';
  if (/^https:\/\//i.test(s)) return /^https:\/\/(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+(\.git)?(#.*)?$/i.test(s) ? 'git' : 'http';
  if (/^file:/i.test(s)) return 'file';
  if (/^(link:|portal:|workspace:|\.{1,2}\/|\/)/.test(s)) return 'path';
  return undefined;
}
