/** Reading an OSV record: display ids (GHSA + CVE), severity and score, fixed version for one package, CWEs. */
import type { Severity } from '../../findings/types.js';
import { cvssScore, severityOfScore, severityOfWord } from './cvss.js';
import type { OsvVuln } from './osv.js';
import { normalizeName } from './typosquat.js';
import type { Ecosystem } from './types.js';
import { compareVersions } from './versions.js';

export interface Advisory {
  id: string;
  /** The record id first, then its GHSA/CVE aliases. */
  ids: string[];
  summary?: string;
  severity: Severity;
  score?: number;
  /** How the score was obtained, for the message ("CVSS 3.1", "CVSS 4.0 ≈", "GitHub severity"). */
  scoreSource?: string;
  /** Lowest fixed version above the affected one, when the advisory names one. */
  fixed?: string;
  cwe: string[];
  url: string;
}

export function readAdvisory(v: OsvVuln, ecosystem: Ecosystem, name: string, version: string): Advisory {
  const ids = [v.id, ...(v.aliases ?? []).filter((a) => /^(GHSA|CVE)-/.test(a) && a !== v.id)];
  const wanted = normalizeName(ecosystem, name);
  const mine = (v.affected ?? []).filter((a) => a.package?.ecosystem?.split(':')[0] === ecosystem && normalizeName(ecosystem, a.package?.name ?? '') === wanted);

  // An exact v3 score wins over the v4 approximation; within a kind, the highest score.
  let best: { score: number; source: string; exact: boolean } | undefined;
  for (const s of [...(v.severity ?? []), ...mine.flatMap((a) => a.severity ?? [])]) {
    const c = cvssScore(s.score);
    if (!c) continue;
    const cand = { score: c.score, source: c.approximate ? 'CVSS 4.0 (approximate)' : `CVSS ${s.score.slice(5, 8)}`, exact: !c.approximate };
    if (!best || (cand.exact && !best.exact) || (cand.exact === best.exact && cand.score > best.score)) best = cand;
  }
  const word = severityOfWord(v.database_specific?.severity) ?? severityOfWord(mine.map((a) => a.database_specific?.severity).find(Boolean));
  let severity: Severity = 'medium';
  let score: number | undefined;
  let scoreSource: string | undefined;
  if (best && !best.exact && word) {
    // Only a v4 vector: the advisory's own band (derived from the real v4 score) decides; our approximation is
    // kept inside that band for the numeric score.
    const [lo, hi] = BAND[word.severity];
    severity = word.severity;
    score = Math.min(hi, Math.max(lo, best.score));
    scoreSource = best.source;
  } else if (best) {
    severity = severityOfScore(best.score);
    score = best.score;
    scoreSource = best.source;
  } else if (word) {
    severity = word.severity;
    score = word.score;
    scoreSource = 'advisory severity';
  }

  let fixed: string | undefined;
  for (const a of mine) {
    for (const r of a.ranges ?? []) {
      for (const e of r.events ?? []) {
        if (!e.fixed || r.type === 'GIT') continue;
        if (compareVersions(ecosystem, stripV(e.fixed), stripV(version)) <= 0) continue;
        if (!fixed || compareVersions(ecosystem, stripV(e.fixed), stripV(fixed)) < 0) fixed = e.fixed;
      }
    }
  }
  const cwe = (v.database_specific?.cwe_ids ?? []).filter((c) => typeof c === 'string' && /^CWE-\d+$/.test(c));
  return { id: v.id, ids, summary: v.summary?.trim() || undefined, severity, score, scoreSource, fixed, cwe, url: `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}` };
}

/** CVSS score range of each severity band. */
const BAND: Record<Severity, [number, number]> = { critical: [9, 10], high: [7, 8.9], medium: [4, 6.9], low: [0.1, 3.9], info: [0, 0] };

const stripV = (s: string) => s.replace(/^v(?=\d)/, '');
