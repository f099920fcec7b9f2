/**
 * `GOCOGNIT=/path/to/gocognit GOCOGNIT_CORPUS=/path/to/go/sources npm run bench -- complexity-gocognit`:
 * our cognitive complexity next to gocognit's on the same Go functions (matched by file and start line).
 * gocognit is built outside this repository for the comparison only; without it the bench says so and returns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { FunctionMetrics } from '../../src/findings/types.js';

interface GocognitStat {
  FuncName: string;
  Complexity: number;
  Pos: { Filename: string; Line: number };
}

export async function run(): Promise<void> {
  const bin = process.env.GOCOGNIT;
  const corpus = process.env.GOCOGNIT_CORPUS;
  if (!bin || !corpus) {
    console.log('skipped: set GOCOGNIT (a gocognit binary) and GOCOGNIT_CORPUS (a folder of Go sources)');
    return;
  }
  const root = resolve(corpus);
  const tmp = mkdtempSync(join(tmpdir(), 'prs-gocognit-'));
  try {
    const out = join(tmp, 'ours.json');
    const cli = resolve('dist/cli.js');
    execFileSync(process.execPath, [cli, 'scan', root, '--format', 'json', '--output', out, '--fail-on', 'none', '--analyzers', 'complexity'], { stdio: 'ignore' });
    const ours = (JSON.parse(readFileSync(out, 'utf8')) as { functions: FunctionMetrics[] }).functions.filter((f) => f.language === 'go');
    const theirs = JSON.parse(execFileSync(bin, ['-json', '-test', root], { maxBuffer: 1 << 28 }).toString() || '[]') as GocognitStat[];
    const mine = new Map(ours.map((f) => [`${f.file}:${f.startLine}`, f]));
    let matched = 0;
    let equal = 0;
    const diffs: string[] = [];
    for (const t of theirs) {
      const k = `${relative(root, t.Pos.Filename)}:${t.Pos.Line}`;
      const f = mine.get(k);
      if (!f) continue;
      matched++;
      if (f.cognitive === t.Complexity) equal++;
      else diffs.push(`  ${k} ${t.FuncName}: ours ${f.cognitive}, gocognit ${t.Complexity}`);
    }
    console.log(`gocognit: ${theirs.length} functions, ${matched} matched, cognitive equal on ${equal} (${((100 * equal) / Math.max(matched, 1)).toFixed(1)} %)`);
    if (diffs.length) console.log(`largest differences:\n${diffs.slice(0, 10).join('\n')}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
