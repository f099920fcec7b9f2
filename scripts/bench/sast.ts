/**
 * `npm run bench -- sast`: SAST figures.
 *  1. Precision/recall per rule family over every rule's own bad/good examples.
 *  2. Speed (lines/s) scanning this repository's src/ (plus Juice Shop when present), cold and warm.
 *  3. External code nobody on the team wrote (fetched separately, never committed):
 *     JUICE_SHOP_DIR=<checkout of juice-shop/juice-shop>  — `vuln-code-snippet vuln-line` markers in the sources,
 *       and data/static/codefixes variants (*_correct.ts = the fix, others = rejected fixes);
 *     SEMGREP_RULES_DIR=<checkout of semgrep/semgrep-rules> — `ruleid:` / `ok:` annotated test files.
 *  Missing directories are skipped with a note.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanText } from '../../src/analyzers/sast/engine.js';
import { runExamples, scoreByFamily } from '../../src/analyzers/sast/examples.js';
import { allRules } from '../../src/analyzers/sast/ruleset.js';
import type { Finding } from '../../src/findings/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const EXT_LANG: Record<string, string> = {
  '.py': 'python', '.js': 'javascript', '.jsx': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.ts': 'typescript',
  '.tsx': 'tsx', '.java': 'java', '.go': 'go', '.cs': 'csharp', '.php': 'php', '.rb': 'ruby', '.kt': 'kotlin', '.kts': 'kotlin',
  '.c': 'c', '.h': 'c', '.cpp': 'cpp', '.cc': 'cpp', '.hpp': 'cpp', '.sh': 'bash', '.bash': 'bash', '.tf': 'hcl', '.hcl': 'hcl',
  '.yaml': 'yaml', '.yml': 'yaml', '.dockerfile': 'dockerfile',
};

function languageOf(path: string): string | undefined {
  const b = basename(path);
  if (/^Dockerfile/.test(b)) return 'dockerfile';
  return EXT_LANG[extname(b).toLowerCase()];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.git')) continue;
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) walk(p, out);
    else if (s.size < 512_000) out.push(p);
  }
  return out;
}

const pct = (n: number, d: number): string => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const covers = (f: Finding, line: number): boolean => f.location.startLine <= line && line <= (f.location.endLine ?? f.location.startLine);
/** Also counts a line named by a step of the finding's data flow (SARIF codeFlows show it to the reader). */
const coversOrFlow = (f: Finding, line: number): boolean => covers(f, line) || (f.flow ?? []).some((s) => s.startLine === line);

interface Tally {
  files: number;
  ruleid: number;
  ruleidHit: number;
  ruleidFlow: number;
  ok: number;
  okHit: number;
}
const tally = (): Tally => ({ files: 0, ruleid: 0, ruleidHit: 0, ruleidFlow: 0, ok: 0, okHit: 0 });

async function examplesTable(): Promise<void> {
  const results = await runExamples();
  const { families, overall } = scoreByFamily(results);
  console.log(`rules: ${allRules().length}, examples: ${results.length}`);
  console.log('family                  TP  FN  FP  TN  precision  recall');
  for (const s of [...families, overall]) {
    console.log(
      `${s.family.padEnd(22)} ${String(s.tp).padStart(3)} ${String(s.fn).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.tn).padStart(3)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}`,
    );
  }
}

async function speed(extraDirs: string[]): Promise<void> {
  const files = [join(root, 'src'), ...extraDirs]
    .filter((d) => existsSync(d))
    .flatMap((d) => walk(d))
    .map((p) => ({ p, lang: languageOf(p) }))
    .filter((f): f is { p: string; lang: string } => f.lang !== undefined)
    .map((f) => ({ ...f, text: readFileSync(f.p, 'utf8') }));
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  for (const label of ['cold (grammar loading included)', 'warm']) {
    const t = performance.now();
    for (const f of files) await scanText(relative(root, f.p), f.lang, f.text);
    const s = (performance.now() - t) / 1000;
    console.log(`speed ${label}: ${files.length} files, ${lines} lines in ${s.toFixed(2)} s = ${Math.round(lines / s)} lines/s`);
  }
}

/** Juice Shop challenge → the family a SAST tool could be expected to flag (others are logic/config flaws). */
const JUICE_IN_SCOPE: Record<string, string> = {
  unionSqlInjectionChallenge: 'sql-injection', dbSchemaChallenge: 'sql-injection', loginAdminChallenge: 'sql-injection',
  loginBenderChallenge: 'sql-injection', loginJimChallenge: 'sql-injection', noSqlReviewsChallenge: 'nosql-injection',
  forgedReviewChallenge: 'nosql-injection', restfulXssChallenge: 'xss', localXssChallenge: 'xss', xssBonusChallenge: 'xss',
  redirectChallenge: 'open-redirect', redirectCryptoCurrencyChallenge: 'open-redirect',
};

async function juiceShop(dir: string): Promise<void> {
  console.log(`\nJuice Shop (${dir})`);
  // 1. Marked vulnerable lines in the application sources.
  let marked = 0, hit = 0, inScope = 0, inScopeHit = 0;
  const missed: string[] = [];
  for (const p of walk(dir).filter((x) => !x.includes('codefixes'))) {
    const lang = languageOf(p);
    if (!lang) continue;
    const text = readFileSync(p, 'utf8');
    if (!text.includes('vuln-line')) continue;
    const { findings } = await scanText(relative(dir, p), lang, text);
    text.split('\n').forEach((line, i) => {
      const m = /vuln-code-snippet vuln-line ([\w ]+)/.exec(line);
      if (!m) return;
      const challenges = m[1]!.trim().split(/\s+/);
      const found = findings.some((f) => covers(f, i + 1));
      marked++;
      if (found) hit++;
      if (challenges.some((c) => JUICE_IN_SCOPE[c])) {
        inScope++;
        if (found) inScopeHit++;
        else missed.push(`${relative(dir, p)}:${i + 1} (${challenges.join(',')})`);
      }
    });
  }
  console.log(`  vuln-line markers: ${hit}/${marked} lines flagged (recall ${pct(hit, marked)} over all challenges)`);
  console.log(`  in SAST scope (injection/XSS/redirect challenges): ${inScopeHit}/${inScope} (recall ${pct(inScopeHit, inScope)})`);
  for (const m of missed) console.log(`    missed: ${m}`);
  // 2. Code-fix variants: the correct fix should be silent, rejected fixes of in-scope challenges mostly still vulnerable.
  const fixDir = join(dir, 'data/static/codefixes');
  if (!existsSync(fixDir)) return;
  let correct = 0, correctFlagged = 0, wrong = 0, wrongFlagged = 0;
  const fpFiles: string[] = [];
  for (const name of readdirSync(fixDir).sort()) {
    const m = /^(\w+?)_(\d+)(_correct)?\.ts$/.exec(name);
    if (!m || !JUICE_IN_SCOPE[m[1]!]) continue;
    const { findings } = await scanText(name, 'typescript', readFileSync(join(fixDir, name), 'utf8'));
    const flagged = findings.length > 0;
    if (m[3]) {
      correct++;
      if (flagged) {
        correctFlagged++;
        fpFiles.push(`${name}: ${findings.map((f) => `${f.ruleId}@${f.location.startLine}`).join(', ')}`);
      }
    } else {
      wrong++;
      if (flagged) wrongFlagged++;
    }
  }
  console.log(`  codefixes (in-scope challenges): rejected variants flagged ${wrongFlagged}/${wrong} (${pct(wrongFlagged, wrong)}); correct fixes flagged ${correctFlagged}/${correct} (${pct(correctFlagged, correct)})`);
  for (const f of fpFiles) console.log(`    correct fix flagged: ${f}`);
}

/** Semgrep test paths whose rule targets something pr-sentinel claims to cover. */
const SEMGREP_SCOPE = /sql|injection|xss|ssrf|deserial|pickle|marshal|yaml-load|unsafe-yaml|eval|exec|subprocess|command|shell|path-traversal|traversal|redirect|md5|sha1|sha-1|ecb|rsa|weak|random|tls|ssl|verify|cert|jwt|cors|xxe|regex|redos|debug|prototype|mass-assign|privileged|root|user|hostpath|host-network|pull-request-target|pinned|run-shell|s3|public|ingress|security-group|encrypt|format-string|strcpy|gets|insecure/i;

async function semgrep(dir: string): Promise<void> {
  console.log(`\nsemgrep-rules test files (${dir})`);
  const rows = new Map<string, Tally>();
  const all = tally();
  const scoped = tally();
  for (const p of walk(dir)) {
    const rel = relative(dir, p);
    if (!/(^|\/)security\//.test(rel)) continue;
    let lang = languageOf(p);
    if (!lang) continue;
    if (lang === 'yaml' && !/\.test\.ya?ml$/.test(p)) continue; // rule files themselves are YAML
    const text = readFileSync(p, 'utf8');
    if (!/\b(?:ruleid|ok):/.test(text)) continue;
    // Workflow tests are scanned under a workflow path so the path-bound rules apply.
    const scanPath = rel.includes('github-actions') ? `.github/workflows/${basename(p)}` : rel;
    if (lang === 'hcl' && !/\.tf$/.test(p)) lang = 'hcl';
    const { findings } = await scanText(scanPath, lang, text);
    const lines = text.split('\n');
    const inScope = SEMGREP_SCOPE.test(rel);
    const row = rows.get(lang) ?? tally();
    rows.set(lang, row);
    for (const r of inScope ? [row, all, scoped] : [row, all]) r.files++;
    lines.forEach((line, i) => {
      const m = /(?:#|\/\/|\/\*|<!--|--)\s*(ruleid|ok):/.exec(line);
      if (!m) return;
      // The annotation applies to the next line that is not itself an annotation or blank.
      let t = i + 1;
      while (t < lines.length && (/(?:#|\/\/|\/\*)\s*(?:ruleid|ok|todoruleid|todook|deepruleid|deepok):/.test(lines[t]!) || lines[t]!.trim() === '')) t++;
      const target = t + 1;
      const flagged = findings.some((f) => covers(f, target));
      const viaFlow = findings.some((f) => coversOrFlow(f, target));
      for (const r of inScope ? [row, all, scoped] : [row, all]) {
        if (m[1] === 'ruleid') {
          r.ruleid++;
          if (flagged) r.ruleidHit++;
          if (viaFlow) r.ruleidFlow++;
        } else {
          r.ok++;
          if (flagged) r.okHit++;
        }
      }
    });
  }
  console.log('  language     files  ruleid lines  flagged  recall  +flow-step   ok lines  flagged (FP)');
  const show = (name: string, r: Tally): void =>
    console.log(
      `  ${name.padEnd(11)} ${String(r.files).padStart(6)} ${String(r.ruleid).padStart(13)} ${String(r.ruleidHit).padStart(8)}  ${pct(r.ruleidHit, r.ruleid)}  ${pct(r.ruleidFlow, r.ruleid)} ${String(r.ok).padStart(10)} ${String(r.okHit).padStart(8)} (${pct(r.okHit, r.ok).trim()})`,
    );
  for (const [lang, r] of [...rows.entries()].sort()) show(lang, r);
  show('ALL', all);
  show('IN-SCOPE', scoped);
  console.log('  (IN-SCOPE = test files whose rule path names a weakness pr-sentinel covers; ALL = every security test file;');
  console.log('   recall = a finding on the annotated line; +flow-step = or a step of a finding\'s data flow on it, since');
  console.log('   pr-sentinel reports flows at the sink while semgrep annotates the source/assignment line; FP = a finding on an ok: line)');
}

export async function run(): Promise<void> {
  await examplesTable();
  const juice = process.env.JUICE_SHOP_DIR;
  const sem = process.env.SEMGREP_RULES_DIR;
  await speed(juice && existsSync(juice) ? [join(juice, 'routes'), join(juice, 'lib'), join(juice, 'frontend/src/app')] : []);
  if (juice && existsSync(juice)) await juiceShop(juice);
  else console.log('\nJuice Shop: skipped (set JUICE_SHOP_DIR to a checkout of juice-shop/juice-shop)');
  if (sem && existsSync(sem)) await semgrep(sem);
  else console.log('\nsemgrep-rules: skipped (set SEMGREP_RULES_DIR to a checkout of semgrep/semgrep-rules)');
}
