/**
 * Scans one file with every rule that applies to its language: parse once, run the query rules and the taint walk
 * on that tree, then the grammar-free kinds (line, dockerfile, yaml, workflow). Returns findings with fixes.
 */
import type { Finding } from '../../findings/types.js';
import { withTree } from '../../parse/index.js';
import { computeFix } from './fix.js';
import { makeFinding, type Hit } from './finding.js';
import { compileQuery, runQuery } from './query.js';
import { dockerfileHits, lineHits, workflowHits, yamlHits } from './config-kinds.js';
import { re, rulesByLanguage, type LanguageRules, type LoadedRule } from './ruleset.js';
import { TaintWalker } from './taint.js';

const BY_LANGUAGE = rulesByLanguage();

export interface ScanOutput {
  findings: Finding[];
  /** Rules that could not run on this file (e.g. a query the grammar rejects), as messages. */
  problems: string[];
}

function applies(rule: LoadedRule, path: string, language: string): boolean {
  if (rule.languages && !rule.languages.includes(language)) return false;
  return rule.pathMatch === undefined || re(rule.pathMatch).test(path);
}

export function languageRules(language: string | undefined, byLanguage = BY_LANGUAGE): LanguageRules[] {
  return language ? (byLanguage.get(language) ?? []) : [];
}

export async function scanText(path: string, language: string | undefined, text: string, byLanguage = BY_LANGUAGE): Promise<ScanOutput> {
  const groups = languageRules(language, byLanguage);
  const out: ScanOutput = { findings: [], problems: [] };
  if (groups.length === 0 || !language) return out;
  const lines = text.split(/\r?\n/);
  const hits: Array<{ rule: LoadedRule; hit: Hit }> = [];

  for (const g of groups) {
    const rules = g.rules.filter((r) => applies(r, path, language));
    if (rules.length === 0) continue;
    for (const rule of rules) {
      if (rule.kind === 'line') for (const hit of lineHits(rule, g.spec, lines)) hits.push({ rule, hit });
      else if (rule.kind === 'dockerfile') for (const hit of dockerfileHits(rule, lines)) hits.push({ rule, hit });
      else if (rule.kind === 'yaml') for (const hit of yamlHits(rule, lines, text)) hits.push({ rule, hit });
      else if (rule.kind === 'workflow') for (const hit of workflowHits(rule, lines, text)) hits.push({ rule, hit });
    }
    const treeRules = rules.filter((r) => r.kind === 'query' || r.kind === 'taint');
    if (treeRules.length === 0) continue;
    const ran = await withTree(language, text, (tree, lang) => {
      for (const rule of treeRules.filter((r) => r.kind === 'query')) {
        const q = compileQuery(lang, rule);
        if (q instanceof Error) {
          out.problems.push(`${rule.id}: query does not compile for ${language}: ${q.message}`);
          continue;
        }
        for (const hit of runQuery(q, rule, tree.rootNode, g.spec.functions)) hits.push({ rule, hit });
      }
      const taintRules = treeRules.filter((r) => r.kind === 'taint');
      if (taintRules.length > 0) {
        const walker = new TaintWalker(g.spec, taintRules, path);
        walker.run(tree.rootNode);
        for (const h of walker.hits) hits.push({ rule: taintRules.find((r) => r.id === h.ruleId)!, hit: h });
      }
      return true;
    });
    // Degrade loudly: a missing grammar means this file's syntax rules did not run.
    if (ran !== true) out.problems.push(`no ${language} grammar available: ${treeRules.length} syntax rules skipped`);
  }

  // A pattern finding that a taint finding of the named family already explains on the same line is dropped.
  const taintLines = new Set(hits.filter((h) => h.rule.kind === 'taint' && !h.rule.audit).map((h) => `${h.rule.family}:${h.hit.startLine}`));
  const seen = new Set<string>();
  for (const { rule, hit } of hits) {
    if (rule.unlessTaint && taintLines.has(`${rule.unlessTaint}:${hit.startLine}`)) continue;
    // One finding per rule and line (nested sinks such as Files.read(Paths.get(x)) would otherwise repeat).
    const key = `${rule.id}:${hit.startLine}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const f = makeFinding(rule, path, lines, hit);
    if (rule.fix) {
      const fix = computeFix(rule.fix, path, lines, hit.startLine, hit.endLine);
      if (fix) f.fix = fix;
    }
    out.findings.push(f);
  }
  out.findings.sort((a, b) => a.location.startLine - b.location.startLine || a.ruleId.localeCompare(b.ruleId));
  return out;
}
