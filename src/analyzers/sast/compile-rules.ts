/**
 * Rules are authored as YAML (readable tree-sitter queries, no JSON escaping) in rules/<folder>/, one folder per
 * language, plus rules/<folder>/_language.yaml with that language's syntax table, sources and sanitizers.
 * `npx tsx src/analyzers/sast/compile-rules.ts` validates them and writes rules.generated.json, which the analyzer
 * imports (so the esbuild bundle carries the rules). A test fails when the generated file is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { SEVERITIES } from '../../findings/types.js';
import type { CompiledFolder, LanguageSpec, RuleData } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
export const RULES_DIR = join(here, 'rules');
export const GENERATED = join(here, 'rules.generated.json');

const KIND_NEEDS: Record<RuleData['kind'], Array<keyof RuleData>> = {
  query: ['query'],
  taint: ['sinkLabel'],
  line: ['pattern'],
  dockerfile: ['instruction'],
  yaml: ['key'],
  workflow: ['check'],
};

function validate(rule: RuleData, where: string, seen: Set<string>): void {
  const fail = (msg: string): never => {
    throw new Error(`${where} ${rule.id ?? '?'}: ${msg}`);
  };
  if (!/^sast\/[a-z0-9-]+(\/[a-z0-9-]+)?$/.test(rule.id ?? '')) fail('id must be sast/<lang>/<name> or sast/<family>-<name>');
  if (seen.has(rule.id)) fail('duplicate id');
  seen.add(rule.id);
  for (const k of ['title', 'family', 'message', 'help', 'owasp', 'kind'] as const) if (!rule[k]) fail(`missing ${k}`);
  if (!SEVERITIES.includes(rule.severity)) fail(`bad severity ${rule.severity}`);
  if (!(rule.securitySeverity >= 0 && rule.securitySeverity <= 10)) fail('securitySeverity must be 0..10');
  if (!Array.isArray(rule.cwe) || rule.cwe.length === 0 || rule.cwe.some((c) => !/^CWE-\d+$/.test(c))) fail('cwe[] of CWE-n');
  const needs = KIND_NEEDS[rule.kind];
  if (!needs) fail(`unknown kind ${rule.kind}`);
  for (const k of needs) if (rule[k] === undefined) fail(`kind ${rule.kind} needs ${k}`);
  if ((rule.examples?.bad?.length ?? 0) < 2 || (rule.examples?.good?.length ?? 0) < 2) fail('needs ≥2 bad and ≥2 good examples');
  // Regexes must compile now, not at scan time.
  const regexes = [rule.pattern, rule.notMatch, rule.pathMatch, rule.value, rule.pair, rule.fix?.find, ...(rule.sources ?? []), ...(rule.sanitizers ?? [])];
  for (const s of rule.sinks ?? []) regexes.push(s.callee, s.assign, s.argsMatch, s.argsNotMatch, s.notAfter);
  for (const f of rule.filters ?? []) regexes.push(f.match, f.notMatch, f.within, f.notWithin);
  for (const r of regexes) if (r !== undefined) new RegExp(r);
}

export function compileRules(dir = RULES_DIR): CompiledFolder[] {
  const seen = new Set<string>();
  const out: CompiledFolder[] = [];
  for (const folder of readdirSync(dir).sort()) {
    const files = readdirSync(join(dir, folder)).filter((f) => /\.ya?ml$/.test(f)).sort();
    const language = parse(readFileSync(join(dir, folder, '_language.yaml'), 'utf8')) as LanguageSpec;
    if (!language?.languages?.length) throw new Error(`rules/${folder}/_language.yaml: needs languages[]`);
    const rules: RuleData[] = [];
    for (const f of files.filter((x) => !x.startsWith('_'))) {
      const data = parse(readFileSync(join(dir, folder, f), 'utf8')) as RuleData[];
      if (!Array.isArray(data)) throw new Error(`rules/${folder}/${f}: must be a list of rules`);
      for (const rule of data) {
        validate(rule, `rules/${folder}/${f}`, seen);
        rules.push(rule);
      }
    }
    out.push({ folder, language, rules });
  }
  // Audit rules borrow the sinks of the matching source→sink rule.
  const byId = new Map(out.flatMap((f) => f.rules.map((r) => [r.id, r] as const)));
  for (const rule of out.flatMap((f) => f.rules)) {
    if (rule.kind !== 'taint') continue;
    if (rule.sinksFrom) {
      const from = byId.get(rule.sinksFrom);
      if (!from?.sinks) throw new Error(`${rule.id}: sinksFrom ${rule.sinksFrom} has no sinks`);
      rule.sinks = from.sinks;
      delete rule.sinksFrom;
    }
    if (!rule.sinks?.length) throw new Error(`${rule.id}: taint rule needs sinks or sinksFrom`);
  }
  return out;
}

export function generatedText(dir = RULES_DIR): string {
  return JSON.stringify(compileRules(dir), null, 1) + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = generatedText();
  writeFileSync(GENERATED, text);
  const folders = JSON.parse(text) as CompiledFolder[];
  console.log(`wrote ${GENERATED}: ${folders.reduce((n, f) => n + f.rules.length, 0)} rules in ${folders.length} folders`);
}
