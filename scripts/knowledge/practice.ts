/**
 * The practice areas every supported language must have entries for (issue: error handling, resource handling,
 * concurrency, API design, testing, performance, security), and the languages that count as supported: every
 * language with a complexity table (the analyzers read them), typescript standing for tsx too. Shared by the
 * coverage script and the integrity test, so both apply the same definition.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRACTICE_AREAS = ['error-handling', 'resource-handling', 'concurrency', 'api-design', 'testing', 'performance', 'security'] as const;

/** Entries each (language, area) cell needs at least. */
export const MIN_PER_AREA = 2;

export function supportedLanguages(root: string): string[] {
  return readdirSync(join(root, 'src', 'analyzers', 'complexity', 'languages'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((l) => l !== 'tsx')
    .sort();
}

/** Entries per (language, area): an entry counts for every language it lists and every area among its tags. */
export function practiceMatrix(entries: Array<{ languages: string[]; tags: string[] }>, languages: string[]): Map<string, Map<string, number>> {
  const m = new Map<string, Map<string, number>>();
  for (const l of languages) m.set(l, new Map(PRACTICE_AREAS.map((a) => [a, 0])));
  for (const e of entries)
    for (const l of e.languages) {
      const row = m.get(l);
      if (!row) continue;
      for (const a of PRACTICE_AREAS) if (e.tags.includes(a)) row.set(a, row.get(a)! + 1);
    }
  return m;
}
