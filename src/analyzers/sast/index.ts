/**
 * SAST analyzer: vulnerability rules as data (rules/<language>/*.yaml → rules.generated.json), run per file by
 * engine.ts. In review mode files without changed lines are skipped and findings are kept when their sink/report
 * range touches the change (a flow whose source lies outside the change is still reported at its sink).
 */
import type { Finding, Notice } from '../../findings/types.js';
import { rangeTouched, type Analyzer } from '../types.js';
import { languageRules, scanText } from './engine.js';
import { allRules, ruleMeta } from './ruleset.js';

export const analyzer: Analyzer = {
  name: 'sast',
  rules: () => allRules().map(ruleMeta),
  async analyze(files, ctx) {
    const findings: Finding[] = [];
    const notices: Notice[] = [];
    const problems = new Set<string>();
    let scanned = 0;
    let lines = 0;
    for (const file of files) {
      if (file.head === undefined || languageRules(file.language).length === 0) continue;
      if (file.changedLines !== 'all' && file.changedLines.size === 0) continue;
      try {
        const out = await scanText(file.path, file.language, file.head);
        scanned++;
        lines += file.head.split('\n').length;
        for (const p of out.problems) problems.add(p);
        for (const f of out.findings) {
          if (rangeTouched(file, f.location.startLine, f.location.endLine ?? f.location.startLine)) findings.push(f);
        }
      } catch (e) {
        notices.push({ level: 'warning', source: 'sast', message: `${file.path}: not scanned (${e instanceof Error ? e.message : String(e)})` });
      }
    }
    for (const p of problems) {
      ctx.log.warn(`sast: ${p}`);
      notices.push({ level: 'warning', source: 'sast', message: p });
    }
    return { findings, notices, stats: { filesScanned: scanned, linesScanned: lines, rules: allRules().length } };
  },
};
