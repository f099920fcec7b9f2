import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { sampleResult } from './sample.js';

describe('text report: skipped files', () => {
  it('groups skipped files by reason and shortens long groups', () => {
    const skipped = [
      ...Array.from({ length: 18 }, (_, i) => ({ path: `dist/wasm/g${i}.wasm`, reason: 'binary file' })),
      { path: 'package-lock.json', reason: 'lock file (dependency analysis only)' },
    ];
    const text = formatText(sampleResult(undefined, { files: { analyzed: 2, skipped } }));
    const lines = text.split('\n').filter((l) => l.includes('skipped ('));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('skipped (binary file): dist/wasm/g0.wasm');
    expect(lines[0]).toContain('… 13 more');
    expect(lines[1]).toContain('package-lock.json');
  });
});
