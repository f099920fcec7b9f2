/**
 * Complexity analyzer: per-function metrics from tree-sitter in 20+ languages. Scan mode reports every function;
 * review mode measures head and base, reports the functions the change touches with their base metrics, and
 * raises findings only where the change crosses or raises a threshold. See README.md in this folder.
 */
import type { FunctionMetrics, Finding, Notice } from '../../findings/types.js';
import { withTree } from '../../parse/index.js';
import type { AnalyzedFile, Analyzer, AnalyzerContext, AnalyzerResult } from '../types.js';
import { rangeTouched } from '../types.js';
import { findDuplicates, type AddedLines } from './duplication.js';
import { duplicateFinding, functionFindings, largeFileFinding, ruleMetas } from './findings.js';
import { tableFor } from './languages/index.js';
import { matchFunctions } from './match.js';
import { halstead, maintainability } from './metrics.js';
import { thresholdsFor } from './thresholds.js';
import { measureTree, type RawFile, type RawFunction } from './walk.js';

/** Default for `complexity-file-length` (config file key): lines of code above which a file is large. */
const DEFAULT_FILE_LENGTH = 1000;
/** Files with more of their text in parse errors than this get a notice. */
const ERROR_NOTICE_SHARE = 0.1;

export function toMetrics(raw: RawFunction, file: string, language: string): FunctionMetrics {
  const h = halstead(raw.operators, raw.operands);
  return {
    file,
    name: raw.name,
    language,
    startLine: raw.startLine,
    endLine: raw.endLine,
    cyclomatic: raw.cyclomatic,
    cognitive: raw.cognitive,
    halstead: h,
    maintainability: maintainability(h.volume, raw.cyclomatic, raw.logicalLines),
    nesting: raw.nesting,
    params: raw.params,
    lines: raw.lines,
    logicalLines: raw.logicalLines,
    ...(raw.lowConfidence ? { lowConfidence: true } : {}),
  };
}

/** Measure one source text; undefined when the language has no table or grammar. */
export async function measure(language: string, text: string): Promise<RawFile | undefined> {
  const table = tableFor(language);
  if (!table) return undefined;
  return withTree(language, text, (tree) => measureTree(tree, table));
}

function baseOf(m: FunctionMetrics): NonNullable<FunctionMetrics['base']> {
  const { file: _file, language: _language, base: _base, cognitiveDetails: _details, ...rest } = m;
  return rest;
}

function addedLines(file: AnalyzedFile): AddedLines {
  const lines: AddedLines['lines'] = [];
  for (const h of file.change.hunks) for (const l of h.lines) if (l.kind === 'add' && l.newLine !== undefined) lines.push({ line: l.newLine, text: l.text });
  return { path: file.path, lines };
}

function fileLengthThreshold(ctx: AnalyzerContext): number {
  const v = ctx.config.raw?.['complexity-file-length'];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseInt(v, 10) : NaN;
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_FILE_LENGTH;
}

async function analyzeFile(file: AnalyzedFile, ctx: AnalyzerContext, out: { findings: Finding[]; functions: FunctionMetrics[]; notices: Notice[]; stats: Record<string, number> }): Promise<void> {
  const language = file.language!;
  const head = await measure(language, file.head!);
  if (!head) {
    out.notices.push({ level: 'info', source: 'complexity', message: `no ${language} grammar available: ${file.path} was not measured` });
    return;
  }
  const review = ctx.change.mode === 'review' && file.changedLines !== 'all';
  const base = review && file.base !== undefined ? await measure(language, file.base) : undefined;
  const t = thresholdsFor(ctx.config, file.path, language);

  out.stats.files = (out.stats.files ?? 0) + 1;
  out.stats.codeLines = (out.stats.codeLines ?? 0) + head.codeLines;
  out.stats.errorBytesShareSum = (out.stats.errorBytesShareSum ?? 0) + head.errorShare;
  if (head.errorShare > ERROR_NOTICE_SHARE) {
    out.notices.push({
      level: 'info',
      source: 'complexity',
      message: `${file.path}: ${Math.round(head.errorShare * 100)}% of the file could not be parsed; its functions there are low-confidence and not gated`,
    });
  }

  const headMetrics = head.functions.map((f) => toMetrics(f, file.path, language));
  const baseMetrics = base?.functions.map((f) => toMetrics(f, file.path, language)) ?? [];
  let pairs = new Map<number, number>();
  if (base) {
    const text = file.head!;
    const btext = file.base!;
    const touched = new Set(head.functions.flatMap((f, i) => (rangeTouched(file, f.startLine, f.endLine) ? [i] : [])));
    pairs = matchFunctions(
      head.functions.map((f) => ({ name: f.name, qualifiedName: f.qualifiedName, body: text.slice(f.startIndex, f.endIndex) })),
      base.functions.map((f) => ({ name: f.name, qualifiedName: f.qualifiedName, body: btext.slice(f.startIndex, f.endIndex) })),
      touched,
    );
  }

  head.functions.forEach((raw, i) => {
    const m = headMetrics[i]!;
    out.stats.functions = (out.stats.functions ?? 0) + 1;
    if (m.lowConfidence) out.stats.lowConfidenceFunctions = (out.stats.lowConfidenceFunctions ?? 0) + 1;
    if (!rangeTouched(file, m.startLine, m.endLine)) return;
    const b = pairs.get(i);
    if (b !== undefined) m.base = baseOf(baseMetrics[b]!);
    if (review || m.cognitive > t.cognitive) m.cognitiveDetails = raw.cognitiveDetails;
    out.functions.push(m);
    const deepest = raw.deepest ? { ...raw.deepest, touched: rangeTouched(file, raw.deepest.startLine, raw.deepest.endLine) } : undefined;
    out.findings.push(...functionFindings(m, t, deepest));
  });

  const large = largeFileFinding(file.path, head.codeLines, base?.codeLines, head.totalLines, fileLengthThreshold(ctx));
  if (large && (review ? file.changedLines !== 'all' && file.changedLines.size > 0 : true)) out.findings.push(large);
}

export const analyzer: Analyzer = {
  name: 'complexity',
  rules: () => ruleMetas().map((r) => ({ ...r, tags: ['maintainability'] })),
  async analyze(files: AnalyzedFile[], ctx: AnalyzerContext): Promise<AnalyzerResult> {
    const started = performance.now();
    const out = { findings: [] as Finding[], functions: [] as FunctionMetrics[], notices: [] as Notice[], stats: {} as Record<string, number> };
    const added: AddedLines[] = [];
    for (const file of files) {
      if (file.head === undefined || !tableFor(file.language)) continue;
      try {
        await analyzeFile(file, ctx, out);
      } catch (err) {
        out.notices.push({ level: 'warning', source: 'complexity', message: `${file.path}: not measured (${(err as Error).message})` });
      }
      if (ctx.change.mode === 'review' && file.changedLines !== 'all') added.push(addedLines(file));
    }
    for (const d of findDuplicates(added)) out.findings.push(duplicateFinding(d));
    const measured = out.stats.files ?? 0;
    out.stats.parseErrorPercent = measured ? Math.round(((out.stats.errorBytesShareSum ?? 0) / measured) * 10000) / 100 : 0;
    delete out.stats.errorBytesShareSum;
    out.stats.ms = Math.round(performance.now() - started);
    return out;
  },
};

/** The worst functions by cyclomatic, then cognitive complexity (for summaries). */
export function worstFunctions(functions: FunctionMetrics[], n = 5): FunctionMetrics[] {
  return [...functions].sort((a, b) => b.cyclomatic - a.cyclomatic || b.cognitive - a.cognitive).slice(0, n);
}
