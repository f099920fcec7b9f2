/**
 * `npm run bench -- secrets`: throughput and accuracy of the secrets analyzer on a generated, labelled ~50 MB mixed
 * corpus (seeded: the same bytes on every run), and the same figures for gitleaks when it is available.
 *
 *   SECRETS_BENCH_MB=50        corpus size in MB
 *   GITLEAKS="gitleaks"        command to run gitleaks (default: `gitleaks` on PATH; skipped when absent).
 *                              It is run as `$GITLEAKS dir <corpus> --no-banner --exit-code 0 --report-format json …`.
 *   SECRETS_BENCH_DIR=path     also scan every text file under this folder (real code, e.g. node_modules): MB/s and
 *                              finding count (a folder without real secrets measures false positives).
 *   GITLEAKS_MB=5              compare on the first files up to this many MB only (a slow gitleaks build, e.g.
 *                              the WebAssembly one from npm, would take minutes on the full corpus). Default: all.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { analyzeSecrets } from '../../src/analyzers/secrets/index.js';
import { ruleSet } from '../../src/analyzers/secrets/ruleset.js';
import { asAnalyzed, buildCorpus, scanContext, score, type CorpusFile } from '../../__tests__/secrets/corpus.js';

const mb = (bytes: number) => bytes / 1e6;

function gitleaksCommand(): string | undefined {
  if (process.env['GITLEAKS']) return process.env['GITLEAKS'];
  const r = spawnSync('sh', ['-c', 'command -v gitleaks'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? 'gitleaks' : undefined;
}

function flaggedBy(result: { findings: Array<{ location: { path: string; startLine: number } }> }): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const f of result.findings) {
    const set = out.get(f.location.path) ?? new Set<number>();
    set.add(f.location.startLine);
    out.set(f.location.path, set);
  }
  return out;
}

function perLine(files: CorpusFile[], flagged: Map<string, Set<number>>): { precision: number; recall: number; tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const f of files) {
    const got = flagged.get(f.path) ?? new Set<number>();
    for (const l of got) if (f.positives.has(l)) tp++; else fp++;
    for (const l of f.positives) if (!got.has(l)) fn++;
  }
  return { tp, fp, fn, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
}

const TEXT_LANGUAGES: Record<string, string> = { js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'tsx', py: 'python', go: 'go', java: 'java', rb: 'ruby', php: 'php', md: 'markdown', json: 'json', yml: 'yaml', yaml: 'yaml', sh: 'bash', c: 'c', h: 'c', txt: '' };

async function scanFolder(root: string): Promise<void> {
  const files: CorpusFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const ext = e.name.split('.').pop() ?? '';
        if (!(ext in TEXT_LANGUAGES) || statSync(p).size > 1_000_000) continue;
        const lang = TEXT_LANGUAGES[ext];
        files.push({ path: relative(root, p), ...(lang ? { language: lang } : {}), text: readFileSync(p, 'utf8'), positives: new Set() });
      }
    }
  };
  walk(root);
  const bytes = files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  await analyzeSecrets(files.slice(0, 50).map((f) => asAnalyzed(f)), scanContext());
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const result = await analyzeSecrets(files.map((f) => asAnalyzed(f)), scanContext());
  const cpu = process.cpuUsage(cpu0);
  const secs = (performance.now() - t) / 1000;
  const byRule = new Map<string, number>();
  for (const f of result.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  console.log(`folder ${root}: ${files.length} files, ${mb(bytes).toFixed(1)} MB, ${(mb(bytes) / secs).toFixed(1)} MB/s wall, ${(mb(bytes) / ((cpu.user + cpu.system) / 1e6)).toFixed(1)} MB per CPU-second, ${result.findings.length} findings ${JSON.stringify(Object.fromEntries(byRule))}`);
}

export async function run(): Promise<void> {
  const target = Number(process.env['SECRETS_BENCH_MB'] ?? 50) * 1e6;
  let t = performance.now();
  const files = buildCorpus({ seed: 2026, targetBytes: target, spacing: 150, mutate: true, plainShare: 0.8 });
  const bytes = files.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  const positives = files.reduce((a, f) => a + f.positives.size, 0);
  console.log(`corpus: ${files.length} files, ${mb(bytes).toFixed(1)} MB, ${positives} labelled secret lines, ${ruleSet().rules.length} rules (built in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

  // Warm-up on a slice (JIT), then the measured pass over everything.
  await analyzeSecrets(files.slice(0, 20).map((f) => asAnalyzed(f)), scanContext());
  const analyzed = files.map((f) => asAnalyzed(f));
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await analyzeSecrets(analyzed, scanContext());
  const cpu = process.cpuUsage(cpu0);
  const secs = (performance.now() - t) / 1000;
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  console.log(`pr-sentinel secrets: ${(mb(bytes) / secs).toFixed(1)} MB/s wall, ${(mb(bytes) / cpuSecs).toFixed(1)} MB per CPU-second (${secs.toFixed(2)} s, ${result.findings.length} findings, single thread, in memory)`);
  const s = await score(files);
  console.log(`pr-sentinel secrets: per-line precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`);
  for (const x of s.falsePositives.slice(0, 5)) console.log(`  fp: ${x}`);
  for (const x of s.falseNegatives.slice(0, 5)) console.log(`  fn: ${x}`);

  const realDir = process.env['SECRETS_BENCH_DIR'];
  if (realDir) await scanFolder(realDir);

  const gitleaks = gitleaksCommand();
  if (!gitleaks) {
    console.log('gitleaks: not available (set GITLEAKS=<command> or put gitleaks on PATH to compare)');
    return;
  }
  const limit = Number(process.env['GITLEAKS_MB'] ?? Infinity) * 1e6;
  let acc = 0;
  const subset = files.filter((f) => (acc += Buffer.byteLength(f.text)) <= limit || f.positives.size === 0 && !f.path.includes('/part_'));
  const subBytes = subset.reduce((a, f) => a + Buffer.byteLength(f.text), 0);
  console.log(`comparison corpus: ${subset.length} files, ${mb(subBytes).toFixed(1)} MB`);
  const dir = mkdtempSync(join(tmpdir(), 'secrets-bench-'));
  try {
    for (const f of subset) {
      mkdirSync(dirname(join(dir, 'corpus', f.path)), { recursive: true });
      writeFileSync(join(dir, 'corpus', f.path), f.text);
    }
    // Same input from disk for our analyzer too, so both figures include reading the files.
    t = performance.now();
    const fromDisk = subset.map((f) => asAnalyzed({ ...f, text: readFileSync(join(dir, 'corpus', f.path), 'utf8') }));
    await analyzeSecrets(fromDisk, scanContext());
    const oursDisk = (performance.now() - t) / 1000;
    console.log(`pr-sentinel secrets (read from disk + scan): ${(mb(subBytes) / oursDisk).toFixed(1)} MB/s`);

    // Argument lists, no shell: GITLEAKS is a path, the corpus path may hold anything.
    const version = execFileSync(gitleaks, ['version'], { encoding: 'utf8' }).trim();
    const report = join(dir, 'gitleaks.json');
    t = performance.now();
    const args = ['dir', '.', '--no-banner', '--exit-code', '0', '--report-format', 'json', '--report-path', report, '--max-target-megabytes', '100', '--log-level', 'error'];
    const r = spawnSync(gitleaks, args, { cwd: join(dir, 'corpus'), encoding: 'utf8', maxBuffer: 1 << 28 });
    const gsecs = (performance.now() - t) / 1000;
    if (r.status !== 0) {
      console.log(`gitleaks ${version}: failed (${r.status}): ${(r.stderr || r.stdout).slice(0, 300)}`);
      return;
    }
    const found = JSON.parse(readFileSync(report, 'utf8')) as Array<{ File: string; StartLine: number }>;
    const flagged = new Map<string, Set<number>>();
    for (const x of found) {
      const path = x.File.replace(/^\.\//, '');
      const set = flagged.get(path) ?? new Set<number>();
      set.add(x.StartLine);
      flagged.set(path, set);
    }
    const g = perLine(subset, flagged);
    const ours = perLine(subset, flaggedBy(await analyzeSecrets(subset.map((f) => asAnalyzed(f)), scanContext())));
    console.log(`pr-sentinel secrets on the same files: per-line precision ${ours.precision.toFixed(4)}, recall ${ours.recall.toFixed(4)}`);
    console.log(`gitleaks ${version}: ${(mb(subBytes) / gsecs).toFixed(2)} MB/s (${gsecs.toFixed(2)} s wall, ${found.length} findings, \`${gitleaks}\`)`);
    console.log(`gitleaks ${version}: per-line precision ${g.precision.toFixed(4)}, recall ${g.recall.toFixed(4)} (tp ${g.tp}, fp ${g.fp}, fn ${g.fn})`);
    console.log(`ratio pr-sentinel / gitleaks throughput (both from disk): ${(gsecs / oursDisk).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
