import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAll } from '../scripts/build.js';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

describe('dist/', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'prs-dist-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('is up to date with src/ (run `npm run build` and commit dist/)', async () => {
    await buildAll(tmp);
    const fresh = listFiles(tmp);
    expect(listFiles('dist')).toEqual(fresh);
    for (const f of fresh) {
      const same = readFileSync(join(tmp, f)).equals(readFileSync(join('dist', f)));
      expect(same, `dist/${f} is stale`).toBe(true);
    }
  });
});
