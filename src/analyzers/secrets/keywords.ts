/**
 * Keyword prefilter: one pass over the text, no allocation per line, finding every (ASCII, case-insensitive)
 * keyword occurrence, including overlapping ones. Candidates are found through a table of their first three
 * lower-cased characters (two for two-letter keywords), then checked character by character. This is what keeps the
 * detector fast: most lines hold no keyword and never reach a regex.
 */

/** ASCII lower-casing for char codes < 256; everything else maps to 0, which no keyword contains. */
const LOWER = new Uint8Array(256);
for (let c = 1; c < 256; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;
const low = (c: number): number => (c < 256 ? LOWER[c]! : 0);
const tri = (a: number, b: number, c: number): number => ((a << 10) ^ (b << 5) ^ c) & 0xffff;

interface Entry {
  id: number;
  codes: Uint8Array;
}

export class KeywordScanner {
  readonly keywords: readonly string[];
  /** trigram hash → bucket index + 1, for keywords of 3+ characters (collisions share a bucket). */
  private readonly triTable = new Uint16Array(65536);
  /** bigram → bucket index + 1, for two-character keywords. */
  private readonly biTable = new Uint16Array(65536);
  private readonly buckets: Entry[][] = [];

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    keywords.forEach((k, id) => {
      if (k.length < 2 || /[^\x20-\x7e]/.test(k) || k !== k.toLowerCase()) throw new Error(`keyword "${k}" must be lower-case printable ASCII, ≥ 2 chars`);
      const codes = Uint8Array.from(k, (ch) => ch.charCodeAt(0));
      const table = codes.length === 2 ? this.biTable : this.triTable;
      const key = codes.length === 2 ? (codes[0]! << 8) | codes[1]! : tri(codes[0]!, codes[1]!, codes[2]!);
      let b = table[key]!;
      if (b === 0) {
        this.buckets.push([]);
        b = this.buckets.length;
        table[key] = b;
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
    const triTable = this.triTable;
    const biTable = this.biTable;
    const buckets = this.buckets;
    let line = 1;
    let lineStart = 0;
    let take = wanted === undefined || wanted(1);
    let l1 = n > 0 ? low(text.charCodeAt(0)) : 0;
    let l2 = n > 1 ? low(text.charCodeAt(1)) : 0;
    for (let i = 0; i < n; i++) {
      const l0 = l1;
      l1 = l2;
      l2 = i + 2 < n ? low(text.charCodeAt(i + 2)) : 0;
      if (l0 === 10) {
        if (ids.length > 0) {
          onLine(line, lineStart, i, ids);
          ids.length = 0;
        }
        line++;
        lineStart = i + 1;
        take = wanted === undefined || wanted(line);
        continue;
      }
      if (!take) continue;
      const bt = biTable[(l0 << 8) | l1]!;
      if (bt !== 0) for (const e of buckets[bt - 1]!) ids.push(e.id);
      const b = triTable[tri(l0, l1, l2)]!;
      if (b === 0) continue;
      const bucket = buckets[b - 1]!;
      for (let k = 0; k < bucket.length; k++) {
        const e = bucket[k]!;
        const codes = e.codes;
        const len = codes.length;
        if (i + len > n || codes[0] !== l0 || codes[1] !== l1 || codes[2] !== l2) continue;
        let j = 3;
        for (; j < len; j++) if (low(text.charCodeAt(i + j)) !== codes[j]) break;
        if (j === len) ids.push(e.id);
      }
    }
    if (ids.length > 0) onLine(line, lineStart, n, ids);
  }
}
