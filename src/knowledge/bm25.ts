/** Okapi BM25 over the knowledge chunks (k1 = 1.2, b = 0.75), with the same tokenizer as the vector side. */
export interface Bm25Index {
  /** term → postings [doc, tf, doc, tf, …] (a Map when built, decoded on first use when loaded from the index). */
  postings: { get(term: string): number[] | undefined; keys(): Iterable<string> };
  docLengths: Float32Array;
  avgLength: number;
  docs: number;
}

export function buildBm25(docs: string[][]): Bm25Index {
  const postings = new Map<string, number[]>();
  const docLengths = new Float32Array(docs.length);
  let total = 0;
  docs.forEach((terms, d) => {
    docLengths[d] = terms.length;
    total += terms.length;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = []));
      p.push(d, n);
    }
  });
  return { postings, docLengths, avgLength: docs.length ? total / docs.length : 0, docs: docs.length };
}

/** Scores for every doc (0 for docs sharing no term with the query). */
export function bm25Scores(index: Bm25Index, queryTerms: string[], k1 = 1.2, b = 0.75): Float32Array {
  const scores = new Float32Array(index.docs);
  const seen = new Set<string>();
  for (const t of queryTerms) {
    if (seen.has(t)) continue;
    seen.add(t);
    const p = index.postings.get(t);
    if (!p) continue;
    const df = p.length / 2;
    const idf = Math.log(1 + (index.docs - df + 0.5) / (df + 0.5));
    for (let i = 0; i < p.length; i += 2) {
      const d = p[i]!;
      const tf = p[i + 1]!;
      const norm = tf + k1 * (1 - b + (b * index.docLengths[d]!) / index.avgLength);
      scores[d]! += (idf * tf * (k1 + 1)) / norm;
    }
  }
  return scores;
}

/**
 * JSON form stored in knowledge/index.json, so loading does not re-tokenize every chunk. Each term's postings are
 * one compact string ("doc:tf doc:tf …", doc ids as delta-coded base 36) decoded only when a query uses the term:
 * a query touches a few dozen of thousands of terms, and parsing thousands of small number arrays dominated the
 * load time.
 */
export interface SerializedBm25 {
  terms: string[];
  /** Encoded strings (current) or [doc, tf, …] arrays (files written before the compact form). */
  postings: Array<string | number[]>;
  docLengths: number[];
}

export function encodePostings(p: number[]): string {
  const parts: string[] = [];
  let prev = 0;
  for (let i = 0; i < p.length; i += 2) {
    const d = p[i]!;
    const tf = p[i + 1]!;
    parts.push(tf === 1 ? (d - prev).toString(36) : `${(d - prev).toString(36)}:${tf.toString(36)}`);
    prev = d;
  }
  return parts.join(' ');
}

export function decodePostings(s: string): number[] {
  const out: number[] = [];
  let prev = 0;
  if (!s) return out;
  for (const part of s.split(' ')) {
    const colon = part.indexOf(':');
    const d = prev + parseInt(colon < 0 ? part : part.slice(0, colon), 36);
    out.push(d, colon < 0 ? 1 : parseInt(part.slice(colon + 1), 36));
    prev = d;
  }
  return out;
}

export function serializeBm25(index: Bm25Index): SerializedBm25 {
  const terms = [...index.postings.keys()].sort();
  return { terms, postings: terms.map((t) => encodePostings(index.postings.get(t)!)), docLengths: Array.from(index.docLengths) };
}

/** Postings decoded on first use and cached. */
class LazyPostings {
  private readonly at = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();
  constructor(
    private readonly terms: string[],
    private readonly raw: Array<string | number[]>,
  ) {
    for (let i = 0; i < terms.length; i++) this.at.set(terms[i]!, i);
  }
  get(term: string): number[] | undefined {
    let p = this.cache.get(term);
    if (p) return p;
    const i = this.at.get(term);
    if (i === undefined) return undefined;
    const r = this.raw[i]!;
    p = typeof r === 'string' ? decodePostings(r) : r;
    this.cache.set(term, p);
    return p;
  }
  keys(): Iterable<string> {
    return this.terms;
  }
}

export function deserializeBm25(s: SerializedBm25): Bm25Index {
  let total = 0;
  for (const n of s.docLengths) total += n;
  return { postings: new LazyPostings(s.terms, s.postings), docLengths: Float32Array.from(s.docLengths), avgLength: s.docLengths.length ? total / s.docLengths.length : 0, docs: s.docLengths.length };
}
