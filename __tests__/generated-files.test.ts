import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPTIONS } from '../src/config/options.js';
import { renderActionYml, spliceReadme } from '../scripts/gen-action.js';

describe('generated documentation', () => {
  it('action.yml matches src/config/options.ts (run `npm run gen`)', () => {
    expect(readFileSync('action.yml', 'utf8')).toBe(renderActionYml());
  });
  it('README inputs/outputs tables match (run `npm run gen`)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(spliceReadme(readme)).toBe(readme);
  });
  it('action.yml is valid YAML on node24 with every option as an input', () => {
    const doc = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string; main: string }; inputs: Record<string, unknown> };
    expect(doc.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(doc.inputs)).toEqual(OPTIONS.map((o) => o.key));
  });
});
