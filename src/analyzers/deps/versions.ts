/**
 * Ecosystem-aware version ordering, small on purpose: semver for npm, crates.io, Go, NuGet, Hex, CocoaPods and JSR
 * (Hex ignores build metadata like semver); semver with ordered build numbers for Pub; PEP 440-lite for
 * PyPI; a Maven-style tokenised comparison (qualifiers ranked) for Maven, RubyGems and Packagist.
 * Also turns a declared range into the version to check ("^1.2" → 1.2.0, the lowest the range allows).
 */
import type { Ecosystem } from './types.js';

const num = (s: string) => /^\d+$/.test(s);

export function compareSemver(a: string, b: string): number {
  const split = (v: string) => {
    const core = v.trim().replace(/^v/, '').split('+')[0]!;
    const dash = core.indexOf('-');
    const main = (dash < 0 ? core : core.slice(0, dash)).split('.').map((x) => Number.parseInt(x, 10) || 0);
    return { main, pre: dash < 0 ? [] : core.slice(dash + 1).split('.') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.main.length, y.main.length); i++) {
    const d = (x.main[i] ?? 0) - (y.main[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length);
  return compareIdentifiers(x.pre, y.pre);
}

/**
 * Dot-separated identifiers in semver precedence: numeric ones numerically and below alphanumeric ones, others
 * in ASCII order, and a list that is a prefix of the other sorts first. Shared by pre-release and Pub build parts.
 */
function compareIdentifiers(x: string[], y: string[]): number {
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (num(p) && num(q)) return Math.sign(Number(p) - Number(q));
    if (num(p)) return -1;
    if (num(q)) return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * Pub (pub_semver): semver, except that build metadata also orders: 1.0.0 < 1.0.0+1 < 1.0.0+2 (Flutter apps
 * and some packages publish `+N` builds), numeric parts numerically.
 */
export function comparePub(a: string, b: string): number {
  const c = compareSemver(a, b);
  if (c !== 0) return c;
  const build = (v: string) => {
    const plus = v.indexOf('+');
    return plus < 0 ? [] : v.slice(plus + 1).trim().split('.');
  };
  return compareIdentifiers(build(a), build(b));
}

const PEP440_PRE: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

/** Tuple key for a PEP 440 version: epoch, release, pre/final, post, dev (dev-only releases sort first). */
function pep440Key(v: string): number[] {
  const m = /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?(?:[-_.]?dev[-_.]?(\d*))?/i.exec(v);
  if (!m) return [0];
  const release = m[2]!.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const hasPre = m[3] !== undefined;
  const hasPost = m[5] !== undefined || m[6] !== undefined;
  const hasDev = m[7] !== undefined;
  // Phase: dev-only release < pre-release < final; within each, post then dev.
  const phase = hasPre ? PEP440_PRE[m[3]!.toLowerCase()]! : hasDev && !hasPost ? -1 : 3;
  const preNum = hasPre ? Number(m[4] || 0) : 0;
  const post = hasPost ? Number(m[5] ?? m[6] ?? 0) + 1 : 0;
  const dev = hasDev ? Number(m[7] || 0) : Number.MAX_SAFE_INTEGER;
  const padded = [...release, ...new Array<number>(Math.max(0, 8 - release.length)).fill(0)];
  return [Number(m[1] ?? 0), ...padded, phase, preNum, post, dev];
}

export function comparePep440(a: string, b: string): number {
  const x = pep440Key(a);
  const y = pep440Key(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Maven qualifier order (as in Maven's ComparableVersion, simplified); a number outranks any qualifier. */
const QUALIFIER: Record<string, number> = { alpha: 1, a: 1, beta: 2, b: 2, milestone: 3, m: 3, rc: 4, cr: 4, pre: 4, snapshot: 5, '': 6, ga: 6, final: 6, release: 6, sp: 7, post: 7, p: 7 };

export function compareMavenLite(a: string, b: string): number {
  const tokens = (v: string) => v.trim().replace(/^v/, '').toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const x = tokens(a);
  const y = tokens(b);
  const rank = (t: string | undefined): [number, number, string] => {
    if (t === undefined) return [1, 0, ''];
    if (num(t)) return [2, Number(t), ''];
    const q = QUALIFIER[t];
    // Classes: pre-release qualifiers < release (or nothing) < sp/post < unknown qualifiers < numbers.
    if (q === undefined) return [1.6, 0, t];
    return q === 6 ? [1, 0, ''] : q === 7 ? [1.5, 0, ''] : [0, q, ''];
  };
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = rank(x[i]);
    const q = rank(y[i]);
    if (p[0] !== q[0]) {
      // A missing trailing token equals a zero ("1.0" == "1.0.0").
      if (x[i] === undefined && q[0] === 2 && q[1] === 0) continue;
      if (y[i] === undefined && p[0] === 2 && p[1] === 0) continue;
      return Math.sign(p[0] - q[0]);
    }
    if (p[1] !== q[1]) return Math.sign(p[1] - q[1]);
    if (p[2] !== q[2]) return p[2] < q[2] ? -1 : 1;
  }
  return 0;
}

export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  switch (ecosystem) {
    case 'PyPI':
      return comparePep440(a, b);
    case 'Pub':
      return comparePub(a, b);
    case 'Maven':
    case 'RubyGems':
    case 'Packagist':
      return compareMavenLite(a, b);
    default:
      return compareSemver(a, b);
  }
}

export interface Pinned {
  version: string;
  /** True when the declaration names exactly this version; false for the lower bound of a range. */
  exact: boolean;
}

/** The version a declaration resolves to at least, or undefined when it cannot be told (`*`, `latest`, git, a variable). */
export function pinnedVersion(ecosystem: Ecosystem, declared: string): Pinned | undefined {
  const s = declared.trim();
  if (!s || s.includes('${') || s.includes('$') || /^(\*|latest|next|x)$/i.test(s)) return undefined;
  switch (ecosystem) {
    case 'PyPI': {
      if (/^\d[\w.!+-]*$/.test(s)) return { version: s, exact: true }; // poetry lock-style bare version
      const eq = /(?:^|,)\s*===?\s*([^,;\s]+)/.exec(s);
      if (eq && !eq[1]!.includes('*')) return { version: eq[1]!, exact: true };
      // An open-ended `>=x` says nothing about what gets installed (usually the newest): not checked.
      const low = (s.includes('<') ? /(?:^|,)\s*(?:~=|>=|\^|~|==)\s*([\d][^,;\s*]*)/ : /(?:^|,)\s*(?:~=|\^|~|==)\s*([\d][^,;\s*]*)/).exec(s);
      return low ? { version: low[1]!.replace(/\.$/, ''), exact: false } : undefined;
    }
    case 'Maven':
    case 'NuGet': {
      // [1.2.3] exact; [1.0,2.0) bounded → its lowest; [1.0,) open-ended → the newest resolves, nothing to check.
      const range = /^[[(]\s*([^,\])]*?)\s*(?:(\])|,\s*([^\])]*?)\s*[)\]])/.exec(s);
      if (range) {
        if (!range[1]) return undefined;
        if (range[2]) return { version: range[1], exact: true };
        return range[3] ? { version: range[1], exact: false } : undefined;
      }
      return /^\d/.test(s) ? { version: s, exact: true } : undefined;
    }
    case 'Go':
      return /^v?\d/.test(s) ? { version: s, exact: true } : undefined;
    case 'RubyGems': {
      // "1.2.3" / "= 1.2.3" exact; "~> 1.2" and bounded ">= 1.2, < 2" from their lowest; open ">= 1.2" not checked.
      const exact = /^=?\s*(\d[\w.]*)$/.exec(s);
      if (exact) return { version: exact[1]!, exact: true };
      const low = (s.includes('<') ? /(?:^|,)\s*(?:~>|>=)\s*(\d[\w.]*)/ : /(?:^|,)\s*~>\s*(\d[\w.]*)/).exec(s);
      return low ? { version: low[1]!, exact: false } : undefined;
    }
    default: {
      // npm, crates.io and Packagist (composer constraints read like npm ranges).
      // npm and crates.io ranges: the first comparator of the first alternative.
      const first = s.split('||')[0]!.trim();
      if (/^>=?/.test(first) && !first.includes('<')) return undefined; // open-ended: see PyPI
      const m = /^(\^|~|=|>=|v)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?([-+][\w.+-]*)?(\s|$)/.exec(first);
      if (!m) return undefined;
      const part = (p: string | undefined) => (p === undefined || p === 'x' || p === '*' ? '0' : p);
      const version = `${m[2]}.${part(m[3])}.${part(m[4])}${m[5] ?? ''}`;
      const complete = m[3] !== undefined && m[4] !== undefined && !/[x*]/.test(`${m[3]}${m[4]}`);
      const exact = complete && rest(first, m[0]) && (m[1] === undefined || m[1] === '=' || m[1] === 'v') && !(ecosystem === 'crates.io' && m[1] === undefined);
      return { version, exact };
    }
  }
}

const rest = (whole: string, matched: string) => whole.slice(matched.length).trim() === '';
