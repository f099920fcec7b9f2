/**
 * Diff-stage figures: parser throughput on a large `git diff`, and loadChange time for a 100k-changed-line
 * review and for a scan of the same tree. Target: a 100k-line PR loads in well under 2 s.
 * Then a correctness cross-check: per-file added/deleted counts of the parser against `git diff --numstat`
 * for the last commits of a real repository (this one, or PR_SENTINEL_BENCH_XCHECK_REPO [+ _PATH pathspec]).
 *   npm run bench -- diff        (PR_SENTINEL_BENCH_FILES / _LINES change the size)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { gitDiff } from '../../src/diff/git.js';
import { loadChange } from '../../src/diff/index.js';
import { parseGitDiff } from '../../src/diff/parser.js';

const FILES = Number(process.env.PR_SENTINEL_BENCH_FILES ?? 500);
const LINES = Number(process.env.PR_SENTINEL_BENCH_LINES ?? 200);

function source(i: number, version: number): string {
  const out: string[] = [];
  for (let l = 0; l < LINES; l++) {
    // The head rewrites every other line and appends some, so the diff has many interleaved hunks.
    const changed = version === 1 && l % 2 === 0;
    out.push(changed ? `    value_${i}_${l} = compute(${l}, "changed")  # head` : `    value_${i}_${l} = compute(${l})`);
  }
  if (version === 1) for (let l = 0; l < LINES / 2; l++) out.push(`    extra_${i}_${l} = ${l}`);
  return `def f${i}():\n${out.join('\n')}\n`;
}

/** Wall time, plus this process's CPU time (git children excluded): on a busy shared machine the CPU figure is the stable one. */
let lastCpuMs = 0;
const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await fn();
  const d = process.cpuUsage(c);
  lastCpuMs = (d.user + d.system) / 1000;
  return [r, performance.now() - t];
};

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prs-bench-diff-'));
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
  try {
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'b@example.com');
    git('config', 'user.name', 'bench');
    const write = (version: number) => {
      for (let i = 0; i < FILES; i++) {
        const p = join(dir, `pkg${i % 20}`, `mod_${i}.py`);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, source(i, version));
      }
    };
    write(0);
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    write(1);
    git('add', '-A');
    git('commit', '-qm', 'head');

    const [raw, gitMs] = await time(() => gitDiff(dir, 'main', 'feature'));
    const mb = raw.length / 1e6;
    parseGitDiff(raw); // warm up
    const reps = 5;
    const [files, parseMs] = await time(() => {
      let f = parseGitDiff(raw);
      for (let k = 1; k < reps; k++) f = parseGitDiff(raw);
      return f;
    });
    const added = files.reduce((n, f) => n + f.additions, 0);
    console.log(`diff: ${FILES} files, ${added} added lines, ${mb.toFixed(1)} MB of git diff output (git diff itself: ${gitMs.toFixed(0)} ms)`);
    console.log(`parse: ${((mb * reps) / (parseMs / 1000)).toFixed(0)} MB/s (${(parseMs / reps).toFixed(0)} ms per parse, ${(lastCpuMs / reps).toFixed(0)} ms CPU)`);

    const config = loadConfig({ env: {} });
    await loadChange({ mode: 'review', root: dir, baseRef: 'main', config }); // warm the page cache
    const [review, reviewMs] = await time(() => loadChange({ mode: 'review', root: dir, baseRef: 'main', config }));
    const changed = review.files.reduce((n, f) => n + (f.changedLines === 'all' ? 0 : f.changedLines.size), 0);
    console.log(`loadChange review: ${reviewMs.toFixed(0)} ms for ${review.files.length} files, ${changed} changed lines, ${lastCpuMs.toFixed(0)} ms CPU in node (target < 2000 ms wall)`);
    const [scan, scanMs] = await time(() => loadChange({ mode: 'scan', root: dir, config }));
    console.log(`loadChange scan: ${scanMs.toFixed(0)} ms for ${scan.files.length} files, ${lastCpuMs.toFixed(0)} ms CPU`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  crossCheck(process.env.PR_SENTINEL_BENCH_XCHECK_REPO ?? process.cwd(), 100, process.env.PR_SENTINEL_BENCH_XCHECK_PATH);
}

/** Parser vs git's own --numstat, file by file, over the last `n` non-merge commits of `repo`. */
function crossCheck(repo: string, n: number, pathspec?: string): void {
  const gitOut = (args: string[]) => execFileSync('git', args, { cwd: repo, maxBuffer: 1 << 30 });
  const commits = gitOut(['rev-list', '--no-merges', `--max-count=${n}`, 'HEAD', '--', ...(pathspec ? [pathspec] : [])]).toString().trim().split('\n').filter(Boolean);
  let files = 0;
  const mismatches: string[] = [];
  for (const c of commits) {
    const parsed = new Map(parseGitDiff(gitOut(['diff', '--no-color', '--no-ext-diff', '-M', '-C', '--src-prefix=a/', '--dst-prefix=b/', `${c}^!`])).map((f) => [f.path, f]));
    // numstat -z: "add\tdel\tpath\0", or "add\tdel\t\0old\0new\0" for renames and copies.
    const parts = gitOut(['diff', '--numstat', '-z', '-M', '-C', `${c}^!`]).toString('utf8').split('\0');
    for (let i = 0; i < parts.length; i++) {
      const m = /^(\S+)\t(\S+)\t(.*)$/s.exec(parts[i]!);
      if (!m) continue;
      let path = m[3]!;
      if (path === '') path = parts[(i += 2)]!;
      files++;
      const f = parsed.get(path);
      const ok = f && (m[1] === '-' ? f.binary : f.additions === Number(m[1]) && f.deletions === Number(m[2]));
      if (!ok) mismatches.push(`${c.slice(0, 7)} ${path}`);
    }
  }
  console.log(`cross-check vs git --numstat: ${commits.length} commits of ${repo}${pathspec ? ` (${pathspec})` : ''}, ${files} file diffs, ${mismatches.length} mismatches${mismatches.length ? `: ${mismatches.slice(0, 5).join(', ')}` : ''}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
