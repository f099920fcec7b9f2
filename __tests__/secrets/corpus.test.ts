/**
 * Acceptance figures of the issue on a labelled corpus the test builds: per-line precision ≥ 0.97 and
 * recall ≥ 0.95, with positives from every rule family and hard negatives in every file type.
 */
import { describe, expect, it } from 'vitest';
import { detectSecrets } from '../../src/analyzers/secrets/detect.js';
import { buildCorpus, score } from './corpus.js';

describe('secrets labelled corpus', () => {
  for (const seed of [7, 1001]) {
    it(`seed ${seed}: per-line precision ≥ 0.97 and recall ≥ 0.95`, async () => {
      const files = buildCorpus({ seed, mutate: seed !== 7 });
      const s = await score(files);
      // Positives of every family and enough negatives for the figure to mean something.
      const families = new Set<string>();
      let negatives = 0;
      for (const f of files) {
        const lines = f.text.split('\n');
        for (const l of f.positives) for (const m of detectSecrets(lines.slice(l - 1, l + 60).join('\n')).filter((x) => x.line === 1)) families.add(m.rule.family);
        negatives += lines.length - f.positives.size;
      }
      expect([...families].sort()).toEqual(['ai', 'chat-mail', 'cloud', 'generic', 'keys', 'payments', 'saas', 'urls', 'vcs-ci']);
      expect(negatives).toBeGreaterThan(5_000);
      expect(s.tp).toBeGreaterThan(500);
      expect({ precision: s.precision >= 0.97, recall: s.recall >= 0.95, fp: s.falsePositives.slice(0, 10), fn: s.falseNegatives.slice(0, 10) })
        .toMatchObject({ precision: true, recall: true });
    });
  }
});
