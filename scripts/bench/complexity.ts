/**
 * Complexity bench: start-up time (runtime init + every grammar), lines/s per language for parse + all metrics,
 * and — when lizard is available — lizard's speed and cyclomatic agreement on the same files.
 *
 *   COMPLEXITY_CORPUS=/path/to/sources  directory walked for source files (default: this repo's src/ and tests)
 *   LIZARD_DIR=/path/to/lizard          a lizard checkout (lizard.py inside); without it the lizard columns are skipped
 *   COMPLEXITY_MAX_LINES=30000          lines per language taken from the corpus
 *   COMPLEXITY_BENCH_VERBOSE=1          print every cyclomatic disagreement
 *   COMPLEXITY_LANGS=go,java            only these languages
 *   SONARJS_DIR=/path                   a folder with eslint + eslint-plugin-sonarjs installed and an eslint.config.mjs
 *                                       enabling `sonarjs/cognitive-complexity: ['error', 0]` (typescript-eslint parser
 *                                       for .ts): cognitive agreement on the corpus' JS/TS files
 *
 * lizard does not split closures/lambdas out of their enclosing function in every language; where it keeps one
 * inline (it reports no function starting on that closure's line) the comparison folds our closure back into its
 * parent (cc + closure cc − 1), so both sides describe the same code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from '../../src/analyzers/complexity/index.js';
import { tableLanguages } from '../../src/analyzers/complexity/languages/index.js';
import type { RawFunction } from '../../src/analyzers/complexity/walk.js';
import { loadLanguage } from '../../src/parse/index.js';

const EXT: Record<string, string> = {
  '.go': 'go', '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript',
  '.tsx': 'tsx', '.java': 'java', '.c': 'c', '.h': 'c', '.cc': 'cpp', '.cpp': 'cpp', '.hpp': 'cpp', '.cs': 'csharp',
  '.rb': 'ruby', '.php': 'php', '.kt': 'kotlin', '.rs': 'rust', '.scala': 'scala', '.swift': 'swift', '.lua': 'lua',
  '.sh': 'bash', '.dart': 'dart', '.r': 'r', '.R': 'r', '.pl': 'perl', '.zig': 'zig',
};

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (EXT[extname(name)] && !name.endsWith('.d.ts') && st.size < 400_000) out.push(p);
  }
  return out;
}

interface LizardFn {
  name: string;
  ccn: number;
  start: number;
  end: number;
}

/** lizard --csv: NLOC,CCN,token,PARAM,length,location,file,function,long_name,start,end */
function runLizard(lizardDir: string, files: string[]): { byFile: Map<string, LizardFn[]>; ms: number } {
  const byFile = new Map<string, LizardFn[]>();
  const started = performance.now();
  const csv = execFileSync('python3', [join(lizardDir, 'lizard.py'), '--csv', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  for (const line of csv.split('\n')) {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    if (!cells || cells.length < 11) continue;
    const file = cells[6]!;
    const list = byFile.get(file) ?? [];
    list.push({ name: cells[7]!, ccn: Number(cells[1]), start: Number(cells[9]), end: Number(cells[10]) });
    byFile.set(file, list);
  }
  return { byFile, ms };
}

/** Cyclomatic with the `inline` closures folded into their nearest enclosing kept function (lizard's view). */
function folded(fns: RawFunction[], inline: Set<RawFunction>): Map<RawFunction, number> {
  const out = new Map<RawFunction, number>(fns.map((f) => [f, f.cyclomatic]));
  for (const f of fns) {
    if (!inline.has(f)) continue;
    // Innermost enclosing function that lizard reports (inline chains fold upwards to it).
    let parent: RawFunction | undefined;
    for (const g of fns) {
      if (g === f || inline.has(g)) continue;
      if (g.startIndex <= f.startIndex && g.endIndex >= f.endIndex && (!parent || g.startIndex >= parent.startIndex)) parent = g;
    }
    if (parent) out.set(parent, (out.get(parent) ?? 1) + f.cyclomatic - 1);
  }
  return out;
}

/**
 * Cognitive complexity against eslint-plugin-sonarjs. Its documented differences from ours are taken out of our
 * figure before comparing: it measures closures only on their own (we also add them, nested, to the parent), it
 * does not count recursion, and it does not count runs of `||` / `??` (default-value idiom). Functions with parse
 * errors, with named inner functions (it folds those into the parent; we report them apart) or sharing their first
 * line with another function (ambiguous report location) are skipped.
 */
async function compareSonar(sonarDir: string, files: Array<{ path: string; text: string }>, verbose: boolean): Promise<void> {
  let out = '';
  try {
    out = execFileSync(join(sonarDir, 'node_modules/.bin/eslint'), ['--no-config-lookup', '-c', join(sonarDir, 'eslint.config.mjs'), '-f', 'json', ...files.map((f) => f.path)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      cwd: '/',
    });
  } catch (err) {
    out = (err as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(out || '[]') as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; message: string }> }>;
  const texts = new Map(files.map((f) => [f.path, f.text]));
  let compared = 0;
  let exact = 0;
  let skipped = 0;
  const notCounted = (r: string): boolean => r.endsWith('(in closure)') || r === 'recursion' || r === 'boolean operator ||' || r === 'boolean operator ??';
  let unlinted = 0;
  for (const f of report) {
    // Files eslint ignored or could not parse say so with a rule-less message: nothing to compare there.
    if (f.messages.some((m) => m.ruleId === null)) {
      unlinted++;
      continue;
    }
    const lang = f.filePath.endsWith('.tsx') ? 'tsx' : f.filePath.endsWith('.ts') ? 'typescript' : 'javascript';
    const r = await measure(lang, texts.get(f.filePath) ?? readFileSync(f.filePath, 'utf8'));
    if (!r) continue;
    const msgs = f.messages.filter((m) => m.ruleId === 'sonarjs/cognitive-complexity').map((m) => ({ line: m.line, value: Number(/from (\d+)/.exec(m.message)?.[1]) }));
    for (const g of r.functions) {
      const inner = r.functions.filter((h) => h !== g && h.startIndex >= g.startIndex && h.endIndex <= g.endIndex);
      if (g.lowConfidence || inner.some((h) => !h.anonymous) || r.functions.some((h) => h !== g && h.startLine === g.startLine)) {
        skipped++;
        continue;
      }
      const m = msgs.find((x) => x.line >= g.startLine && x.line <= g.endLine && !inner.some((h) => x.line >= h.startLine && x.line <= h.endLine));
      const ours = g.cognitive - g.cognitiveDetails.filter((d) => notCounted(d.reason)).reduce((n, d) => n + d.increment, 0);
      compared++;
      if ((m?.value ?? 0) === ours) exact++;
      else if (verbose) console.log(`  cognitive ${relative(sonarDir, f.filePath)}:${g.startLine} ${g.name}: sonarjs ${m?.value ?? 0}, ours ${ours}`);
    }
  }
  console.log(`cognitive equal to eslint-plugin-sonarjs on ${compared ? ((100 * exact) / compared).toFixed(1) : '-'}% of ${compared} JS/TS functions (${skipped} functions skipped, ${unlinted} files eslint did not lint)`);
}

const shortName = (n: string): string => n.replace(/\(.*$/, '').split(/::|\.|:|#/).pop()!.trim();

export async function run(): Promise<void> {
  // Grammars load lazily: a run pays the runtime init plus the grammars of the languages it meets.
  const t0 = performance.now();
  await loadLanguage('javascript');
  const first = performance.now() - t0;
  const langs = tableLanguages();
  await Promise.all(langs.map((l) => loadLanguage(l)));
  const startup = performance.now() - t0;
  console.log(`start-up: runtime init + 1 grammar ${first.toFixed(0)} ms; + all ${langs.length} grammars ${startup.toFixed(0)} ms (target < 300 ms)`);

  const root = process.env.COMPLEXITY_CORPUS ?? join(fileURLToPath(new URL('../..', import.meta.url)), 'src');
  const maxLines = Number(process.env.COMPLEXITY_MAX_LINES ?? 30000);
  const lizardDir = process.env.LIZARD_DIR;
  const haveLizard = lizardDir !== undefined && existsSync(join(lizardDir, 'lizard.py'));
  if (!haveLizard) console.log('lizard: not found (set LIZARD_DIR to a lizard checkout) — lizard columns skipped');
  const verbose = process.env.COMPLEXITY_BENCH_VERBOSE === '1';
  const only = process.env.COMPLEXITY_LANGS?.split(',');

  const byLang = new Map<string, Array<{ path: string; text: string }>>();
  for (const path of walk(root, []).sort()) {
    const lang = EXT[extname(path)]!;
    if (only && !only.includes(lang)) continue;
    const list = byLang.get(lang) ?? [];
    const lines = list.reduce((n, f) => n + f.text.split('\n').length, 0);
    if (lines >= maxLines) continue;
    list.push({ path, text: readFileSync(path, 'utf8') });
    byLang.set(lang, list);
  }

  console.log('\nlanguage    files    lines  functions   ours lines/s  lizard lines/s  speed-up  cc exact vs lizard');
  let allCompared = 0;
  let allExact = 0;
  for (const [lang, files] of [...byLang].sort()) {
    const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
    // Warm-up pass (JIT), then a timed pass.
    const results = new Map<string, RawFunction[]>();
    for (const f of files) await measure(lang, f.text);
    const started = performance.now();
    for (const f of files) results.set(f.path, (await measure(lang, f.text))?.functions ?? []);
    const ms = performance.now() - started;
    const nFns = [...results.values()].reduce((n, l) => n + l.length, 0);
    let lizardCols = '             -         -  -';
    if (haveLizard) {
      const { byFile, ms: lms } = runLizard(lizardDir, files.map((f) => f.path));
      // lizard keeps some closures inside their parent: fold exactly those (the ones it reports no function for).
      let folds = 0;
      let compared = 0;
      let exact = 0;
      let lowConfidence = 0;
      for (const [path, fns] of results) {
        const lz = byFile.get(path) ?? [];
        // A closure is reported by lizard when one of its functions starts within the closure's first lines
        // (lizard starts Kotlin/Swift lambdas at `->`/`in`, not at the brace).
        const reported = (f: RawFunction): boolean => lz.some((l) => l.start >= f.startLine && l.start <= Math.min(f.endLine, f.startLine + 2));
        const inline = new Set(fns.filter((f) => f.anonymous && !reported(f)));
        folds += inline.size;
        const view = folded(fns, inline);
        const candidates = fns.filter((f) => !inline.has(f));
        for (const l of lz) {
          const name = shortName(l.name);
          const anonymous = name === '' || l.name.includes('anonymous');
          const ours = candidates
            .filter((f) => f.startLine <= l.start && f.endLine >= l.start && (anonymous ? f.anonymous : shortName(f.name) === name))
            .sort((a, b) => b.startLine - a.startLine)[0];
          if (!ours) continue;
          // Functions with parse errors are marked low-confidence (never gated): counted apart.
          if (ours.lowConfidence) {
            lowConfidence++;
            continue;
          }
          compared++;
          const cc = view.get(ours)!;
          if (cc === l.ccn) exact++;
          else if (verbose) console.log(`  ${lang} ${relative(root, path)}:${l.start} ${l.name}: lizard ${l.ccn}, ours ${cc}`);
        }
      }
      allCompared += compared;
      allExact += exact;
      const pct = compared ? ((100 * exact) / compared).toFixed(1) : '-';
      lizardCols = `${String(Math.round(lines / (lms / 1000))).padStart(14)}  ${(lms / ms).toFixed(1).padStart(7)}×  ${pct}% of ${compared}${folds ? `, ${folds} closures inline` : ''}${lowConfidence ? `, ${lowConfidence} low-confidence skipped` : ''}`;
    }
    console.log(
      `${lang.padEnd(10)} ${String(files.length).padStart(6)} ${String(lines).padStart(8)} ${String(nFns).padStart(10)} ${String(Math.round(lines / (ms / 1000))).padStart(14)}  ${lizardCols}`,
    );
  }
  const sonarDir = process.env.SONARJS_DIR;
  if (sonarDir && existsSync(join(sonarDir, 'node_modules/.bin/eslint'))) {
    const js = [...(byLang.get('javascript') ?? []), ...(byLang.get('typescript') ?? []), ...(byLang.get('tsx') ?? [])];
    await compareSonar(sonarDir, js, verbose);
  } else console.log('eslint-plugin-sonarjs: not found (set SONARJS_DIR) — cognitive comparison skipped');
  if (haveLizard && allCompared) console.log(`\nall languages: cyclomatic equal to lizard on ${((100 * allExact) / allCompared).toFixed(1)}% of ${allCompared} functions`);
}
