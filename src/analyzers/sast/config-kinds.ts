/**
 * Rule kinds that need no tree-sitter grammar: per-line regexes, Dockerfile instructions, Kubernetes YAML keys and
 * GitHub Actions workflow checks. Each returns hits (1-based lines) for one rule over one file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Document, type Node as YamlNode } from 'yaml';
import { re, type LoadedRule } from './ruleset.js';
import type { Hit } from './finding.js';
import type { LanguageSpec } from './types.js';

// ---- line ---------------------------------------------------------------------------------------------------

export function lineHits(rule: LoadedRule, spec: LanguageSpec, lines: string[]): Hit[] {
  const pattern = re(rule.pattern!);
  const not = rule.notMatch !== undefined ? re(rule.notMatch) : undefined;
  const comments = spec.lineComments ?? [];
  const hits: Hit[] = [];
  lines.forEach((line, i) => {
    const trimmed = line.trimStart();
    if (comments.some((c) => trimmed.startsWith(c))) return;
    const m = pattern.exec(line);
    if (!m || (not && not.test(line))) return;
    hits.push({ startLine: i + 1, endLine: i + 1, startColumn: m.index + 1, endColumn: m.index + m[0].length + 1 });
  });
  return hits;
}

// ---- dockerfile ---------------------------------------------------------------------------------------------

export interface Instruction {
  keyword: string;
  args: string;
  startLine: number;
  endLine: number;
}

/** Instructions with continuation lines joined; comments and parser directives dropped. */
export function dockerInstructions(lines: string[]): Instruction[] {
  const out: Instruction[] = [];
  let cur: Instruction | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!cur && (line === '' || line.startsWith('#'))) return;
    if (cur) {
      if (!line.startsWith('#')) cur.args += ' ' + line.replace(/\\$/, '').trim();
      cur.endLine = i + 1;
    } else {
      const m = /^([A-Za-z]+)\s*(.*)$/.exec(line);
      if (!m) return;
      cur = { keyword: m[1]!.toUpperCase(), args: m[2]!.replace(/\\$/, '').trim(), startLine: i + 1, endLine: i + 1 };
    }
    if (!line.endsWith('\\')) {
      out.push(cur);
      cur = undefined;
    }
  });
  if (cur) out.push(cur);
  return out;
}

export function dockerfileHits(rule: LoadedRule, lines: string[]): Hit[] {
  const all = dockerInstructions(lines);
  const wanted = rule.instruction!.toUpperCase();
  if (rule.missing) {
    // Only the final stage matters: the image that ships. No USER after the last FROM → runs as root.
    let lastFrom = -1;
    all.forEach((ins, i) => {
      if (ins.keyword === 'FROM') lastFrom = i;
    });
    if (lastFrom < 0) return [];
    const finalStage = all.slice(lastFrom + 1);
    if (finalStage.some((ins) => ins.keyword === wanted)) return [];
    const from = all[lastFrom]!;
    // `FROM scratch` images have no users at all; distroless ":nonroot" tags already run unprivileged.
    if (rule.notMatch !== undefined && re(rule.notMatch, 'i').test(from.args)) return [];
    return [{ startLine: from.startLine, endLine: from.endLine }];
  }
  const pattern = rule.pattern !== undefined ? re(rule.pattern, 'i') : undefined;
  const not = rule.notMatch !== undefined ? re(rule.notMatch, 'i') : undefined;
  return all
    .filter((ins) => ins.keyword === wanted && (!pattern || pattern.test(ins.args)) && !(not && not.test(ins.args)))
    .map((ins) => ({ startLine: ins.startLine, endLine: ins.endLine }));
}

// ---- yaml (Kubernetes) --------------------------------------------------------------------------------------

interface ParsedYaml {
  docs: Document[];
  counter: LineCounter;
}

const yamlCache = new WeakMap<string[], ParsedYaml>();

export function parseYaml(lines: string[], text: string): ParsedYaml {
  let p = yamlCache.get(lines);
  if (!p) {
    const counter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false }) as Document[];
    p = { docs: Array.isArray(docs) ? docs : [], counter };
    yamlCache.set(lines, p);
  }
  return p;
}

const lineAt = (counter: LineCounter, offset: number): number => counter.linePos(offset).line;

function isKubernetes(doc: Document): boolean {
  return isMap(doc.contents) && doc.has('apiVersion') && doc.has('kind');
}

export function yamlHits(rule: LoadedRule, lines: string[], text: string): Hit[] {
  const { docs, counter } = parseYaml(lines, text);
  const valueRe = rule.value !== undefined ? re(rule.value) : undefined;
  const keyRe = re(`^(?:${rule.key!})$`);
  const pairRe = rule.pair !== undefined ? re(rule.pair) : undefined;
  const hits: Hit[] = [];
  for (const doc of docs) {
    if (!isKubernetes(doc)) continue;
    visit(doc, {
      Pair(_k, pair) {
        if (!isScalar(pair.key) || !keyRe.test(String(pair.key.value))) return;
        const v = pair.value as YamlNode | null;
        // Maps and lists (hostPath: {path: …}) are compared as "{…}" so a value regex can still accept them.
        const valueText = isScalar(v) ? String(v.value) : '{…}';
        if (valueRe && !valueRe.test(valueText)) return;
        if (pairRe && !pairRe.test(`${String(pair.key.value)}=${valueText}`)) return;
        const start = pair.key.range?.[0] ?? 0;
        const end = (isScalar(v) ? v.range?.[1] : pair.key.range?.[1]) ?? start;
        hits.push({ startLine: lineAt(counter, start), endLine: Math.max(lineAt(counter, start), lineAt(counter, Math.max(start, end - 1))) });
      },
    });
  }
  return hits;
}

// ---- GitHub Actions workflows -------------------------------------------------------------------------------

interface StepView {
  uses?: { value: string; offset: number };
  run?: { value: string; offset: number; end: number; keyOffset: number };
  withScript?: { value: string; offset: number; end: number; keyOffset: number };
  withRef?: { value: string; offset: number };
}

function scalarAt(map: unknown, key: string): { value: string; offset: number; end: number; keyOffset: number } | undefined {
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  if (!pair || !isScalar(pair.value)) return undefined;
  const keyOffset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
  return { value: String(pair.value.value), offset: pair.value.range?.[0] ?? 0, end: pair.value.range?.[1] ?? 0, keyOffset };
}

function stepsOf(doc: Document): StepView[] {
  const out: StepView[] = [];
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return out;
  for (const job of jobs.items) {
    if (!isMap(job.value)) continue;
    const jobUses = scalarAt(job.value, 'uses'); // reusable workflow call
    if (jobUses) out.push({ uses: jobUses });
    const steps = job.value.get('steps');
    if (!isSeq(steps)) continue;
    for (const s of steps.items) {
      if (!isMap(s)) continue;
      const w = s.get('with');
      const uses = scalarAt(s, 'uses');
      // `with.script` is code only for actions/github-script; for other actions it is just an input string.
      const script = uses && /^actions\/github-script@/.test(uses.value) ? scalarAt(w, 'script') : undefined;
      out.push({ uses, run: scalarAt(s, 'run'), withScript: script, withRef: scalarAt(w, 'ref') });
    }
  }
  return out;
}

function triggers(doc: Document): string[] {
  const on = doc.get('on') ?? doc.get(true as unknown as string); // YAML 1.1 readers turn `on` into true
  if (typeof on === 'string') return [on];
  if (isSeq(on)) return on.items.map((i) => String(isScalar(i) ? i.value : i));
  if (isMap(on)) return on.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
  return [];
}

export function workflowHits(rule: LoadedRule, lines: string[], text: string): Hit[] {
  const { docs, counter } = parseYaml(lines, text);
  const param = rule.pattern !== undefined ? re(rule.pattern) : undefined;
  const hits: Hit[] = [];
  const at = (offset: number): Hit => {
    const l = lineAt(counter, offset);
    return { startLine: l, endLine: l };
  };
  for (const doc of docs) {
    if (!isMap(doc.contents) || !doc.has('jobs')) continue;
    const steps = stepsOf(doc);
    if (rule.check === 'script-injection') {
      for (const s of steps) {
        for (const block of [s.run, s.withScript]) {
          if (!block) continue;
          // Find each ${{ … }} in the raw source of the scalar so the line is exact even in block scalars.
          const raw = text.slice(block.offset, block.end);
          const expr = /\$\{\{\s*([^}]*?)\s*\}\}/g;
          let m: RegExpExecArray | null;
          // The region runs from the `run:` key to the interpolation, so both the step and the exact line are covered.
          while ((m = expr.exec(raw)) !== null) {
            if (!param?.test(m[1]!)) continue;
            hits.push({ startLine: lineAt(counter, block.keyOffset), endLine: lineAt(counter, block.offset + m.index) });
          }
        }
      }
    } else if (rule.check === 'pr-target-checkout') {
      if (!triggers(doc).includes('pull_request_target')) continue;
      for (const s of steps) {
        if (s.uses && /^actions\/checkout@/.test(s.uses.value) && s.withRef && param?.test(s.withRef.value)) hits.push(at(s.withRef.offset));
      }
    } else if (rule.check === 'unpinned-action') {
      for (const s of steps) {
        if (!s.uses) continue;
        const v = s.uses.value.trim();
        if (v.startsWith('./') || v.startsWith('docker://')) continue;
        const m = /^([^/@\s]+)\/[^@\s]+@(\S+)$/.exec(v);
        if (!m) continue;
        if (param?.test(m[1]!)) continue; // first-party owners the rule trusts
        if (/^[0-9a-f]{40}$/.test(m[2]!)) continue;
        hits.push(at(s.uses.offset));
      }
    }
  }
  return hits;
}
