/** Derived metrics: Halstead measures from raw operator/operand counts, and the 0–100 maintainability index. */
import type { Halstead } from '../../findings/types.js';

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function halstead(operators: Map<string, number>, operands: Map<string, number>): Halstead {
  const n1 = operators.size;
  const n2 = operands.size;
  let N1 = 0;
  let N2 = 0;
  for (const v of operators.values()) N1 += v;
  for (const v of operands.values()) N2 += v;
  const vocabulary = n1 + n2;
  const length = N1 + N2;
  const volume = vocabulary > 1 ? length * Math.log2(vocabulary) : 0;
  const difficulty = n2 > 0 ? (n1 / 2) * (N2 / n2) : 0;
  return {
    distinctOperators: n1,
    distinctOperands: n2,
    totalOperators: N1,
    totalOperands: N2,
    vocabulary,
    length,
    volume: round(volume),
    difficulty: round(difficulty),
    effort: round(volume * difficulty),
  };
}

/**
 * Maintainability index, the 0–100 variant (as in Visual Studio):
 * max(0, (171 − 5.2·ln V − 0.23·CC − 16.2·ln LOC) · 100 / 171), with LOC the logical lines.
 * ln of values below 1 is taken as 0 so one-liners do not score above 100.
 */
export function maintainability(volume: number, cyclomatic: number, loc: number): number {
  const ln = (x: number): number => (x > 1 ? Math.log(x) : 0);
  const mi = ((171 - 5.2 * ln(volume) - 0.23 * cyclomatic - 16.2 * ln(loc)) * 100) / 171;
  return round(Math.min(100, Math.max(0, mi)), 1);
}
