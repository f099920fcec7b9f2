/**
 * Keyword prefilter: one pass over the text, no allocation per line, finding every (ASCII, case-insensitive)
 * keyword occurrence, including overlapping ones. Candidates are found by their first two characters through a
 * 64 K bigram table, then checked character by character. This is what keeps the detector fast: most lines hold
 * no keyword and never reach a regex.
 */

/** ASCII lower-casing table for char codes < 256. */
const LOWER = new Uint8Array(256);
for (let c = 0; c < 256; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

interface Entry {
  id: number;
  codes: Uint8Array;
}

export class KeywordScanner {
  readonly keywords: readonly string[];
  /** bigram → bucket index + 1 (0: no keyword starts with it). */
  private readonly bigram = new Uint16Array(65536);
  private readonly buckets: Entry[][] = [];

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    keywords.forEach((k, id) => {
      if (k.length < 2 || /[^\x20-\x7e]/.test(k) || k !== k.toLowerCase()) throw new Error(`keyword "${k}" must be lower-case printable ASCII, ≥ 2 chars`);
      const codes = Uint8Array.from(k, (ch) => ch.charCodeAt(0));
      const key = (codes[0]! << 8) | codes[1]!;
      let b = this.bigram[key]!;
      if (b === 0) {
        this.buckets.push([]);
        b = this.buckets.length;
        this.bigram[key] = b;
      }
      this.buckets[b - 1]!.push({ id, codes });
    });
  }

  /**
   * Calls `onLine(line, start, end, ids)` for every line (1-based) holding at least one keyword, where `ids` are the
   * keyword ids found (may repeat; valid only during the call). `wanted(line)` can skip lines cheaply.
   */
  scan(text: string, onLine: (line: number, start: number, end: number, ids: number[]) => void, wanted?: (line: number) => boolean): void {
    const n = text.length;
    const ids: number[] = [];
    let line = 1;
    let lineStart = 0;
    let take = wanted === undefined || wanted(1);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        if (ids.length > 0) {
          onLine(line, lineStart, i, ids);
          ids.length = 0;
        }
        line++;
        lineStart = i + 1;
        take = wanted === undefined || wanted(line);
        continue;
      }
      if (!take || c >= 256 || i + 1 >= n) continue;
      const c1 = text.charCodeAt(i + 1);
      if (c1 >= 256) continue;
      const b = this.bigram[(LOWER[c]! << 8) | LOWER[c1]!]!;
      if (b === 0) continue;
      for (const e of this.buckets[b - 1]!) {
        const codes = e.codes;
        const len = codes.length;
        if (i + len > n) continue;
        let j = 2;
        for (; j < len; j++) {
          const d = text.charCodeAt(i + j);
          if (d >= 256 || LOWER[d] !== codes[j]) break;
        }
        if (j === len) ids.push(e.id);
      }
    }
    if (ids.length > 0) onLine(line, lineStart, n, ids);
  }
}
