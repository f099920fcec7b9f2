/**
 * Pair head functions with their base versions, tolerant to renames: first the same container-qualified name
 * (when unique on both sides), then the same name with a different container (moved into a class), then the most
 * similar body among the rest (Dice coefficient over normalised lines, at least MIN_SIMILARITY).
 */
export interface Matchable {
  name: string;
  qualifiedName: string;
  /** Function source text. */
  body: string;
}

const MIN_SIMILARITY = 0.5;

/** Lines without indentation, comments-ish noise and the function's own name, for rename-proof comparison. */
function lineSet(f: Matchable): Map<string, number> {
  const out = new Map<string, number>();
  const name = f.name.replace(/^.*(::|\.)/, '');
  for (const raw of f.body.split('\n')) {
    let line = raw.trim().replace(/\s+/g, ' ');
    if (!line || /^[{}()[\];,]+$/.test(line)) continue;
    if (name) line = line.split(name).join('\u0000');
    out.set(line, (out.get(line) ?? 0) + 1);
  }
  return out;
}

export function similarity(a: Matchable, b: Matchable): number {
  return dice(lineSet(a), lineSet(b), a, b);
}

function dice(la: Map<string, number>, lb: Map<string, number>, a: Matchable, b: Matchable): number {
  let common = 0;
  let total = 0;
  for (const [k, v] of la) {
    common += Math.min(v, lb.get(k) ?? 0);
    total += v;
  }
  for (const v of lb.values()) total += v;
  return total === 0 ? (a.body.trim() === b.body.trim() ? 1 : 0) : (2 * common) / total;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): Map<string, T> {
  const counts = new Map<string, number>();
  for (const t of items) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  const out = new Map<string, T>();
  for (const t of items) if (counts.get(key(t)) === 1) out.set(key(t), t);
  return out;
}

/**
 * Returns head index → base index. `wanted` limits the (quadratic) body comparison to the head functions that
 * need a partner (the touched ones); name matching always sees every function so uniqueness is judged fairly.
 */
export function matchFunctions(head: Matchable[], base: Matchable[], wanted?: ReadonlySet<number>): Map<number, number> {
  const result = new Map<number, number>();
  const usedBase = new Set<number>();
  const passes: Array<(f: Matchable) => string> = [(f) => f.qualifiedName, (f) => f.name];
  for (const key of passes) {
    const headFree = head.map((f, i) => ({ f, i })).filter(({ i }) => !result.has(i));
    const baseFree = base.map((f, i) => ({ f, i })).filter(({ i }) => !usedBase.has(i));
    const hk = uniqueBy(headFree, ({ f }) => key(f));
    const bk = uniqueBy(baseFree, ({ f }) => key(f));
    for (const [k, h] of hk) {
      const b = bk.get(k);
      if (b && !k.endsWith('(anonymous)')) {
        result.set(h.i, b.i);
        usedBase.add(b.i);
      }
    }
  }
  // Renamed or anonymous: greedy best body similarity.
  const pairs: Array<{ h: number; b: number; s: number }> = [];
  const baseSets = new Map<number, Map<string, number>>();
  for (let h = 0; h < head.length; h++) {
    if (result.has(h) || (wanted && !wanted.has(h))) continue;
    const hs = lineSet(head[h]!);
    for (let b = 0; b < base.length; b++) {
      if (usedBase.has(b)) continue;
      let bs = baseSets.get(b);
      if (!bs) baseSets.set(b, (bs = lineSet(base[b]!)));
      const s = dice(hs, bs, head[h]!, base[b]!);
      if (s >= MIN_SIMILARITY) pairs.push({ h, b, s });
    }
  }
  pairs.sort((x, y) => y.s - x.s);
  for (const p of pairs) {
    if (result.has(p.h) || usedBase.has(p.b)) continue;
    result.set(p.h, p.b);
    usedBase.add(p.b);
  }
  return result;
}
