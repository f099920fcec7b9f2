/**
 * Rule metadata for SARIF `tool.driver.rules` and the summary: what the analyzers declare in `rules()` (plus the AI
 * categories), completed by what the findings themselves carry for rules no catalog lists.
 */
import { ANALYZERS } from '../analyzers/index.js';
import type { RuleMeta } from '../analyzers/types.js';
import { AI_RULES } from '../ai/rules.js';
import type { Finding } from '../findings/types.js';

let catalog: Map<string, RuleMeta> | undefined;

/** Every declared rule, by id. An analyzer whose rules() throws is skipped: findings still carry their own data. */
export function ruleCatalog(): Map<string, RuleMeta> {
  if (catalog) return catalog;
  const out = new Map<string, RuleMeta>();
  const sources: Array<() => RuleMeta[]> = [...Object.values(ANALYZERS).map((a) => () => a.rules()), () => AI_RULES];
  for (const list of sources) {
    try {
      for (const r of list()) if (!out.has(r.id)) out.set(r.id, r);
    } catch {
      // A broken catalog must not cost the report; the finding's own fields fill in.
    }
  }
  catalog = out;
  return out;
}

/** The rule of each finding, catalog first, finding fields as fallback. */
export function rulesFor(findings: Finding[], known: Map<string, RuleMeta> = ruleCatalog()): RuleMeta[] {
  const out = new Map<string, RuleMeta>();
  for (const f of findings) {
    if (out.has(f.ruleId)) continue;
    const meta = known.get(f.ruleId);
    out.set(f.ruleId, {
      id: f.ruleId,
      title: meta?.title ?? f.title,
      severity: meta?.severity ?? f.severity,
      cwe: meta?.cwe ?? f.cwe,
      tags: meta?.tags ?? f.tags,
      help: meta?.help ?? f.help,
      securitySeverity: meta?.securitySeverity ?? f.securitySeverity,
    });
  }
  return [...out.values()];
}
