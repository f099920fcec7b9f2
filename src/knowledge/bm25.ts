/** Okapi BM25 over the knowledge chunks (k1 = 1.2, b = 0.75), with the same tokenizer as the vector side. */
export interface Bm25Index {
  /** term → postings [doc, tf, doc, tf, …] */
  postings: Map<string, number[]>;
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

/** JSON form stored in knowledge/index.json, so loading does not re-tokenize every chunk (most of the load time). */
export interface SerializedBm25 {
  terms: string[];
  postings: number[][];
  docLengths: number[];
}

export function serializeBm25(index: Bm25Index): SerializedBm25 {
  const terms = [...index.postings.keys()].sort();
  return { terms, postings: terms.map((t) => index.postings.get(t)!), docLengths: Array.from(index.docLengths) };
}

export function deserializeBm25(s: SerializedBm25): Bm25Index {
  const postings = new Map<string, number[]>();
  s.terms.forEach((t, i) => postings.set(t, s.postings[i]!));
  const total = s.docLengths.reduce((a, b) => a + b, 0);
  return { postings, docLengths: Float32Array.from(s.docLengths), avgLength: s.docLengths.length ? total / s.docLengths.length : 0, docs: s.docLengths.length };
}
