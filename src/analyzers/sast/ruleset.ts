/**
 * The compiled rule set: folders from rules.generated.json, indexed by language id, with every regex built once.
 */
import GENERATED from './rules.generated.json' with { type: 'json' };
import type { RuleMeta } from '../types.js';
import type { CompiledFolder, LanguageSpec, RuleData } from './types.js';

export const FOLDERS = GENERATED as unknown as CompiledFolder[];

/** A rule plus the folder (language table) it belongs to. */
export interface LoadedRule extends RuleData {
  folder: string;
}

export interface LanguageRules {
  spec: LanguageSpec;
  folder: string;
  rules: LoadedRule[];
}

/** language id → every folder that applies to it (yaml gets kubernetes + workflows, cpp gets c…). */
export function rulesByLanguage(folders: CompiledFolder[] = FOLDERS): Map<string, LanguageRules[]> {
  const map = new Map<string, LanguageRules[]>();
  for (const f of folders) {
    const entry: LanguageRules = { spec: f.language, folder: f.folder, rules: f.rules.map((r) => ({ ...r, folder: f.folder })) };
    for (const lang of f.language.languages) {
      const list = map.get(lang) ?? [];
      list.push(entry);
      map.set(lang, list);
    }
  }
  return map;
}

export function allRules(folders: CompiledFolder[] = FOLDERS): LoadedRule[] {
  return folders.flatMap((f) => f.rules.map((r) => ({ ...r, folder: f.folder })));
}

export function ruleMeta(rule: RuleData): RuleMeta {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    cwe: rule.cwe,
    tags: ['security', rule.family, `owasp:${rule.owasp}`],
    help: rule.help,
    securitySeverity: rule.securitySeverity,
  };
}

const regexCache = new Map<string, RegExp>();
/** Cached RegExp (rules are data, the same source strings come back for every file). */
export function re(source: string, flags = ''): RegExp {
  const key = `${flags}/${source}`;
  let r = regexCache.get(key);
  if (!r) {
    r = new RegExp(source, flags);
    regexCache.set(key, r);
  }
  return r;
}
