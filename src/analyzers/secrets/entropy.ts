/** Shannon entropy in bits per character: random tokens score high, words and placeholders low. */
const counts = new Uint32Array(256);

export function shannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  let wide: Map<number, number> | undefined;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 256) counts[c]!++;
    else (wide ??= new Map()).set(c, (wide.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 256) continue;
    const k = counts[c]!;
    if (k === 0) continue;
    const p = k / n;
    h -= p * Math.log2(p);
    counts[c] = 0; // each distinct character once; also leaves the table clean for the next call
  }
  if (wide) for (const k of wide.values()) h -= (k / n) * Math.log2(k / n);
  return h;
}
