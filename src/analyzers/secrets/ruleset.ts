/**
 * Loads the rule files, validates them and compiles everything once: rule regexes, allow-lists and the keyword
 * prefilter. Everything else (detector, redaction, analyzer, tests, bench) uses the compiled set from here.
 */
import ai from './rules/ai.json' with { type: 'json' };
import chatMail from './rules/chat-mail.json' with { type: 'json' };
import cloud from './rules/cloud.json' with { type: 'json' };
import generic from './rules/generic.json' with { type: 'json' };
import keys from './rules/keys.json' with { type: 'json' };
import payments from './rules/payments.json' with { type: 'json' };
import saas from './rules/saas.json' with { type: 'json' };
import urls from './rules/urls.json' with { type: 'json' };
import vcsCi from './rules/vcs-ci.json' with { type: 'json' };
import filtersJson from './filters.json' with { type: 'json' };
import { SEVERITIES } from '../../findings/types.js';
import { KeywordScanner } from './keywords.js';
import type { CompiledRule, RuleFile, SecretRuleData } from './types.js';

export const RULE_FILES: RuleFile[] = [cloud, vcsCi, chatMail, payments, ai, saas, keys, urls, generic] as RuleFile[];

/** NUL characters split example secrets in the JSON files (see types.ts); they are not part of the example. */
export const decodeExample = (s: string): string => s.replaceAll('\u0000', '');

const ci = (source: string): RegExp => new RegExp(source, 'i');

export interface Filters {
  documentedExamples: Set<string>;
  placeholder: RegExp;
  genericValueReject: RegExp;
  genericLineHashContext: RegExp;
  insideData: RegExp[];
  lineSkip: RegExp;
  skipPaths: string[];
}

export interface RuleSet {
  rules: CompiledRule[];
  filters: Filters;
  /** Finds every keyword of every rule in one pass. */
  scanner: KeywordScanner;
  /** keyword id (index in scanner.keywords) → indices (into rules) of rules that list it. */
  rulesByKeyword: number[][];
}

/** Every field a rule may have: a typo (`secretgroup`) must fail loudly, not be ignored. */
const FIELDS = new Set(['id', 'title', 'description', 'regex', 'flags', 'secretGroup', 'keywords', 'entropy', 'allow', 'allowLine', 'generic', 'languages', 'multiline', 'priority', 'severity', 'confidence', 'tp', 'fp']);

function validate(rule: SecretRuleData, family: string, seen: Set<string>): void {
  const where = `secrets rule ${family}/${rule.id}`;
  for (const k of Object.keys(rule)) if (!FIELDS.has(k)) throw new Error(`${where}: unknown field "${k}"`);
  if (!['high', 'medium', 'low'].includes(rule.confidence)) throw new Error(`${where}: bad confidence ${rule.confidence}`);
  if (!rule.title || !rule.description) throw new Error(`${where}: needs a title and a description`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`${where}: id must be kebab-case`);
  if (seen.has(rule.id)) throw new Error(`${where}: duplicate id`);
  seen.add(rule.id);
  if (!SEVERITIES.includes(rule.severity)) throw new Error(`${where}: bad severity ${rule.severity}`);
  if (rule.keywords.length === 0) throw new Error(`${where}: needs at least one keyword`);
  for (const k of rule.keywords) if (k !== k.toLowerCase() || k.length < 2) throw new Error(`${where}: keyword "${k}" must be lower-case, ≥ 2 chars`);
  if (rule.tp.length === 0) throw new Error(`${where}: needs true-positive examples`);
}

function compileRule(rule: SecretRuleData, family: string): CompiledRule {
  const flags = 'gd' + (rule.flags ?? '').replace(/[gd]/g, '');
  const re = new RegExp(rule.regex, flags);
  const groups = new RegExp(`${rule.regex}|`, flags.replace(/[gd]/g, '')).exec('')!.length - 1;
  const secretGroup = rule.secretGroup ?? (groups > 0 ? 1 : 0);
  if (secretGroup > groups) throw new Error(`secrets rule ${rule.id}: secretGroup ${secretGroup} but only ${groups} groups`);
  return {
    id: `secrets/${rule.id}`,
    data: rule,
    family,
    re,
    secretGroup,
    allow: (rule.allow ?? []).map(ci),
    allowLine: (rule.allowLine ?? []).map(ci),
    priority: rule.priority ?? (rule.generic ? -2 : 0),
    ...(rule.languages ? { languages: new Set(rule.languages) } : {}),
  };
}

/** Compiles rule files (exported for tests of the validation). */
export function compileRuleFiles(files: RuleFile[]): CompiledRule[] {
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  for (const file of files) {
    for (const rule of file.rules) {
      validate(rule, file.family, seen);
      rules.push(compileRule(rule, file.family));
    }
  }
  return rules;
}

function buildRuleSet(): RuleSet {
  const rules = compileRuleFiles(RULE_FILES);
  const direct = new Map<string, number[]>();
  rules.forEach((r, i) => {
    for (const k of new Set(r.data.keywords)) direct.set(k, [...(direct.get(k) ?? []), i]);
  });
  const keywords = [...direct.keys()].sort();
  const f = filtersJson as unknown as Record<string, string | string[]>;
  const list = (k: string) => f[k] as string[];
  const filters: Filters = {
    documentedExamples: new Set(list('documentedExamples').map((s) => s.toLowerCase())),
    placeholder: ci(list('placeholder').join('|')),
    genericValueReject: new RegExp(list('genericValueReject').join('|')),
    genericLineHashContext: ci(f['genericLineHashContext'] as string),
    insideData: list('insideData').map(ci),
    lineSkip: ci(list('lineSkip').join('|')),
    skipPaths: list('skipPaths'),
  };
  return { rules, filters, scanner: new KeywordScanner(keywords), rulesByKeyword: keywords.map((k) => direct.get(k)!) };
}

let cached: RuleSet | undefined;
/** The compiled rule set (built on first use, then shared). */
export function ruleSet(): RuleSet {
  cached ??= buildRuleSet();
  return cached;
}
