import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { run } from '../../src/run.js';

const silent = { debug() {}, info() {}, warn() {}, setSecret() {} };

describe('knowledge degradations reach the report', () => {
  it('says in the notices when provider embeddings were asked for but cannot be used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prs-kn-'));
    try {
      writeFileSync(join(dir, 'app.py'), 'def total(items):\n    return sum(items)\n');
      const config = loadConfig({ inputs: { embeddings: 'openai', analyzers: 'secrets' }, env: {} });
      const result = await run({ target: { mode: 'scan', root: dir }, config, log: silent });
      const notice = result.notices.find((n) => n.source === 'knowledge');
      expect(notice?.message).toMatch(/openai embeddings not used .*offline model/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
