/**
 * One tokenizer for prose and code, shared by the build (training, BM25 statistics) and the runtime (queries),
 * so both sides always see the same terms. Identifiers are split on camelCase, snake_case, kebab-case and digits;
 * the joined identifier is kept too when it had several parts ("innerHTML" → inner, html, innerhtml), so exact
 * API names stay distinctive for BM25 while their parts still meet the prose that explains them.
 */

// Words that carry no topic in explanations or code. Kept short on purpose: code keywords like "if" matter little,
// but words like "not", "with", "open" are meaningful in code and stay.
const STOP = new Set(
  (
    'a an the and or of to in on at by for is are was were be been being it its this that these those as from ' +
    'into than then so such can could should would will may might must do does did has have had we you they he ' +
    'she them our your their there here which who whom what when where why how also only just very more most ' +
    'each every any some all one two use used uses using via per e g eg ie i'
  ).split(' '),
);

/** Light suffix stripping: enough to merge "queries/query", "escaping/escape", "handled/handle". */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ies') && w.length > 5) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 6) return trimDouble(w.slice(0, -3));
  if (w.endsWith('ed') && w.length > 5) return trimDouble(w.slice(0, -2));
  if (w.endsWith('ly') && w.length > 5) return w.slice(0, -2);
  if (w.endsWith('es') && /(?:ch|sh|x|ss|zz)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

function trimDouble(w: string): string {
  // "committ" → "commit", but keep "pass", "fill", "add" whole.
  const n = w.length;
  if (n > 3 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1]!)) return w.slice(0, -1);
  return w;
}

import featureTable from './code-features.json' with { type: 'json' };

const WORD = /[A-Za-z][A-Za-z0-9]*|[0-9]+/g;
const FEATURES = (featureTable as { features: Array<{ token: string; pattern: string }> }).features.map((f) => ({
  token: f.token,
  re: new RegExp(f.pattern, 'g'),
}));

/** Split an identifier-ish run into lower-case parts: parseJSONBody → parse, json, body. */
export function splitIdentifier(raw: string): string[] {
  return raw
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

/** Terms of a text, in order (duplicates kept; callers count them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // Treat _ and - inside identifiers as separators, but remember the whole run for the joined term.
  for (const run of text.match(/[A-Za-z0-9_]+/g) ?? []) {
    const words = run.match(WORD) ?? [];
    const parts: string[] = [];
    for (const w of words) for (const p of splitIdentifier(w)) parts.push(p);
    for (const p of parts) {
      if (p.length < 2 || STOP.has(p) || /^[0-9]+$/.test(p) && p.length > 4) continue;
      out.push(stem(p));
    }
    if (parts.length > 1) {
      const joined = parts.join('');
      if (joined.length <= 30) out.push(joined);
    }
  }
  for (const f of FEATURES) {
    f.re.lastIndex = 0;
    const n = text.match(f.re)?.length ?? 0;
    for (let i = 0; i < Math.min(n, 3); i++) out.push(f.token);
  }
  return out;
}
