/**
 * CVSS base scores from OSV `severity[].score` vectors. v3.0/v3.1: the specification's base-score formula.
 * v4.0: no compact formula exists (it is a lookup over macro-vectors), so it is approximated by feeding the
 * equivalent v4 metrics (AV, AC, PR, UI, VC/VI/VA, scope changed when a subsequent system is hit) to the v3
 * formula — close enough to pick the severity band, and labelled approximate.
 */
import type { Severity } from '../../findings/types.js';

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const UI: Record<string, number> = { N: 0.85, R: 0.62, P: 0.62, A: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

function metrics(vector: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of vector.split('/')) {
    const [k, v] = part.split(':');
    if (k && v) out.set(k, v);
  }
  return out;
}

/** CVSS v3.1 "Roundup": smallest one-decimal number ≥ x, robust to floating point noise. */
export function roundUp(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}

function v3Score(m: Map<string, string>, scopeChanged: boolean, c: string, i: string, a: string): number | undefined {
  const av = AV[m.get('AV') ?? ''];
  const ac = AC[m.get('AC') ?? ''];
  const ui = UI[m.get('UI') ?? ''];
  const pr = m.get('PR');
  const cv = CIA[c];
  const iv = CIA[i];
  const avv = CIA[a];
  if (av === undefined || ac === undefined || ui === undefined || cv === undefined || iv === undefined || avv === undefined) return undefined;
  const prv = pr === 'N' ? 0.85 : pr === 'L' ? (scopeChanged ? 0.68 : 0.62) : pr === 'H' ? (scopeChanged ? 0.5 : 0.27) : undefined;
  if (prv === undefined) return undefined;
  const iss = 1 - (1 - cv) * (1 - iv) * (1 - avv);
  const impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * prv * ui;
  if (impact <= 0) return 0;
  return scopeChanged ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
}

export interface CvssScore {
  score: number;
  version: '3' | '4';
  approximate: boolean;
}

/** Base score of a CVSS v3.x or v4.0 vector string, or undefined when it is not one. */
export function cvssScore(vector: string): CvssScore | undefined {
  const m = metrics(vector);
  if (/^CVSS:3\.[01]\//.test(vector)) {
    const s = v3Score(m, m.get('S') === 'C', m.get('C') ?? '', m.get('I') ?? '', m.get('A') ?? '');
    return s === undefined ? undefined : { score: s, version: '3', approximate: false };
  }
  if (/^CVSS:4\.0\//.test(vector)) {
    // Attack requirements present make exploitation harder, like high attack complexity in v3.
    if (m.get('AT') === 'P') m.set('AC', 'H');
    const worst = (a: string | undefined, b: string | undefined) => (a === 'H' || b === 'H' ? 'H' : a === 'L' || b === 'L' ? 'L' : 'N');
    const subsequent = ['SC', 'SI', 'SA'].some((k) => m.get(k) !== undefined && m.get(k) !== 'N');
    const s = v3Score(m, subsequent, worst(m.get('VC'), m.get('SC')), worst(m.get('VI'), m.get('SI')), worst(m.get('VA'), m.get('SA')));
    return s === undefined ? undefined : { score: s, version: '4', approximate: true };
  }
  return undefined;
}

export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** GitHub advisory words (database_specific.severity) → severity and a representative score. */
const WORDS: Record<string, { severity: Severity; score: number }> = {
  CRITICAL: { severity: 'critical', score: 9.5 },
  HIGH: { severity: 'high', score: 8 },
  MODERATE: { severity: 'medium', score: 5.5 },
  MEDIUM: { severity: 'medium', score: 5.5 },
  LOW: { severity: 'low', score: 2.5 },
};
export const severityOfWord = (word: unknown) => (typeof word === 'string' ? WORDS[word.toUpperCase()] : undefined);
