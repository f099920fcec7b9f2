/**
 * Runs every rule's bad/good examples through the real engine and scores them per family. Shared by the test
 * suite (which asserts on it) and scripts/bench/sast.ts (which prints it).
 */
import { scanText } from './engine.js';
import { FOLDERS } from './ruleset.js';
import type { CompiledFolder } from './types.js';

export interface ExampleResult {
  ruleId: string;
  family: string;
  kind: 'bad' | 'good';
  index: number;
  /** bad: the rule fired; good: the rule stayed silent. */
  ok: boolean;
  problems: string[];
}

export interface FamilyScore {
  family: string;
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  precision: number;
  recall: number;
}

export async function runExamples(folders: CompiledFolder[] = FOLDERS): Promise<ExampleResult[]> {
  const out: ExampleResult[] = [];
  for (const f of folders) {
    for (const rule of f.rules) {
      const path = rule.examplePath ?? f.language.examplePath;
      for (const kind of ['bad', 'good'] as const) {
        const list = rule.examples[kind];
        for (let i = 0; i < list.length; i++) {
          // Each example is scanned as the folder's first language (javascript rules also run on TS in tests).
          const res = await scanText(path, f.language.languages[0], list[i]!);
          const fired = res.findings.some((x) => x.ruleId === rule.id);
          out.push({ ruleId: rule.id, family: rule.family, kind, index: i, ok: kind === 'bad' ? fired : !fired, problems: res.problems });
        }
      }
    }
  }
  return out;
}

export function scoreByFamily(results: ExampleResult[]): { families: FamilyScore[]; overall: FamilyScore } {
  const by = new Map<string, FamilyScore>();
  const get = (family: string): FamilyScore => {
    let s = by.get(family);
    if (!s) by.set(family, (s = { family, tp: 0, fn: 0, fp: 0, tn: 0, precision: 1, recall: 1 }));
    return s;
  };
  const overall: FamilyScore = { family: 'overall', tp: 0, fn: 0, fp: 0, tn: 0, precision: 1, recall: 1 };
  for (const r of results) {
    for (const s of [get(r.family), overall]) {
      if (r.kind === 'bad') {
        if (r.ok) s.tp++;
        else s.fn++;
      } else if (r.ok) s.tn++;
      else s.fp++;
    }
  }
  for (const s of [...by.values(), overall]) {
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  }
  return { families: [...by.values()].sort((a, b) => a.family.localeCompare(b.family)), overall };
}
