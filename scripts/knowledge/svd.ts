/**
 * Truncated SVD of a sparse matrix by randomized range finding with power iterations (Halko, Martinsson &
 * Tropp 2011): Y = (A Aᵀ)^q A Ω, Q = orth(Y), B = Qᵀ A, then the small B Bᵀ is diagonalised with cyclic Jacobi.
 * Deterministic: the random test matrix comes from a seeded generator, so builds are reproducible.
 */

/** Compressed sparse rows. */
export interface Csr {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float32Array;
}

export function csrFromTriples(rows: number, cols: number, triples: Array<[number, number, number]>): Csr {
  triples.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(triples.length);
  const values = new Float32Array(triples.length);
  triples.forEach(([r, c, v], i) => {
    rowPtr[r + 1]!++;
    colIdx[i] = c;
    values[i] = v;
  });
  for (let r = 0; r < rows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  return { rows, cols, rowPtr, colIdx, values };
}

/** Seeded PRNG (mulberry32) + Box–Muller. */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** Dense column-block matrices are stored row-major: n × l as Float64Array. */
function mulA(a: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.rows * l);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.rowPtr[r]!; p < a.rowPtr[r + 1]!; p++) {
      const c = a.colIdx[p]!;
      const v = a.values[p]!;
      for (let j = 0; j < l; j++) y[r * l + j]! += v * x[c * l + j]!;
    }
  }
  return y;
}

function mulAt(a: Csr, y: Float64Array, l: number): Float64Array {
  const x = new Float64Array(a.cols * l);
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.rowPtr[r]!; p < a.rowPtr[r + 1]!; p++) {
      const c = a.colIdx[p]!;
      const v = a.values[p]!;
      for (let j = 0; j < l; j++) x[c * l + j]! += v * y[r * l + j]!;
    }
  }
  return x;
}

/** Orthonormalise the l columns of an n × l row-major matrix in place (modified Gram–Schmidt, twice). */
function orthonormalise(m: Float64Array, n: number, l: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < l; j++) {
      for (let k = 0; k < j; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += m[i * l + j]! * m[i * l + k]!;
        for (let i = 0; i < n; i++) m[i * l + j]! -= d * m[i * l + k]!;
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += m[i * l + j]! ** 2;
      const norm = Math.sqrt(s) || 1;
      for (let i = 0; i < n; i++) m[i * l + j]! /= norm;
    }
  }
}

/** Eigen-decomposition of a symmetric l × l matrix (cyclic Jacobi). Returns values and column eigenvectors. */
export function jacobiEigen(sym: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(sym);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i]!;
  return { values, vectors: v };
}

/** Left singular vectors (rows × k, row-major) and singular values of the top k components. */
export function randomizedSvd(a: Csr, k: number, opts: { oversample?: number; powerIters?: number; seed?: number } = {}): { u: Float64Array; s: Float64Array } {
  const l = Math.min(k + (opts.oversample ?? 16), a.rows, a.cols);
  const rnd = gaussian(opts.seed ?? 42);
  const omega = new Float64Array(a.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = rnd();
  let y = mulA(a, omega, l);
  orthonormalise(y, a.rows, l);
  for (let it = 0; it < (opts.powerIters ?? 3); it++) {
    const z = mulAt(a, y, l);
    orthonormalise(z, a.cols, l);
    y = mulA(a, z, l);
    orthonormalise(y, a.rows, l);
  }
  // B = Qᵀ A is l × cols; Bᵀ = Aᵀ Q is cols × l (row-major), so B Bᵀ = (AᵀQ)ᵀ (AᵀQ).
  const bt = mulAt(a, y, l);
  const bbt = new Float64Array(l * l);
  for (let r = 0; r < a.cols; r++) {
    for (let i = 0; i < l; i++) {
      const x = bt[r * l + i]!;
      if (x === 0) continue;
      for (let j = i; j < l; j++) bbt[i * l + j]! += x * bt[r * l + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) bbt[i * l + j] = bbt[j * l + i]!;
  const { values, vectors } = jacobiEigen(bbt, l);
  const order = [...values.keys()].sort((x, z) => values[z]! - values[x]!).slice(0, k);
  const s = Float64Array.from(order, (i) => Math.sqrt(Math.max(0, values[i]!)));
  // U = Q Ũ (rows × k)
  const u = new Float64Array(a.rows * k);
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < k; c++) {
      const col = order[c]!;
      let sum = 0;
      for (let i = 0; i < l; i++) sum += y[r * l + i]! * vectors[i * l + col]!;
      u[r * k + c] = sum;
    }
  }
  return { u, s };
}
