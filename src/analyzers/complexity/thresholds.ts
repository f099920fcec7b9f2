/**
 * Effective thresholds for one file: `config.complexity`, then every matching `config.complexityOverrides` entry
 * in order (later entries win). An entry matches when its `languages` (if any) include the file's language and its
 * `paths` globs (if any, picomatch) match the file path.
 */
import picomatch from 'picomatch';
import type { ComplexityThresholds, Config } from '../../config/types.js';

export const THRESHOLD_FIELDS = ['cyclomaticWarning', 'cyclomaticCritical', 'cognitive', 'nesting', 'length', 'params'] as const;

const matchers = new Map<string, (path: string) => boolean>();
function glob(pattern: string): (path: string) => boolean {
  let m = matchers.get(pattern);
  if (!m) {
    m = picomatch(pattern, { dot: true });
    matchers.set(pattern, m);
  }
  return m;
}

export function thresholdsFor(config: Pick<Config, 'complexity' | 'complexityOverrides'>, path: string, language?: string): ComplexityThresholds {
  const out: ComplexityThresholds = { ...config.complexity };
  for (const o of config.complexityOverrides ?? []) {
    if (o.languages?.length && !(language && o.languages.includes(language))) continue;
    if (o.paths?.length && !o.paths.some((p) => glob(p)(path))) continue;
    for (const k of THRESHOLD_FIELDS) {
      const v = o[k];
      if (typeof v === 'number') out[k] = v;
    }
  }
  return out;
}
