/** AI review rule metadata: one rule per comment category (ai/<category>), built from categories.json. */
import type { RuleMeta } from '../analyzers/types.js';
import type { Severity } from '../findings/types.js';
import CATEGORIES_JSON from './categories.json' with { type: 'json' };

interface CategorySpec {
  title: string;
  severity: Severity;
  tags: string[];
  help: string;
}

export const CATEGORIES: Record<string, CategorySpec> = Object.fromEntries(
  Object.entries(CATEGORIES_JSON).filter(([k]) => !k.startsWith('//')),
) as Record<string, CategorySpec>;

export const CATEGORY_IDS: string[] = Object.keys(CATEGORIES);

export const AI_RULES: RuleMeta[] = CATEGORY_IDS.map((id) => ({
  id: `ai/${id}`,
  title: CATEGORIES[id]!.title,
  severity: CATEGORIES[id]!.severity,
  tags: ['ai', ...CATEGORIES[id]!.tags],
  help: CATEGORIES[id]!.help,
}));
