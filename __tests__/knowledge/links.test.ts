/**
 * Guidance links: inside an action run, guidance points at the entry in the action's own repository at the pinned
 * ref, so the summary's [guide] links and code scanning's rule help open it; elsewhere the path stays relative and
 * no link is rendered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/findings/types.js';
import { enrichFindings, guidanceLinkBase, loadKnowledgeBase } from '../../src/knowledge/index.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { buildSarif } from '../../src/report/sarif.js';
import { sampleResult } from '../report/sample.js';
import { sarifErrors } from '../report/sarif-validator.js';

const silent = { debug() {}, info() {}, warn() {}, setSecret() {} };
const saved = { ...process.env };
afterEach(() => {
  for (const k of ['GITHUB_ACTION_REPOSITORY', 'GITHUB_ACTION_REF', 'GITHUB_SERVER_URL']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const sqlFinding = (): Finding => ({
  ruleId: 'sast/python/sql-injection',
  severity: 'high',
  title: 'SQL built from user input',
  message: 'User input reaches cursor.execute.',
  location: { path: 'app/db.py', startLine: 3 },
  fingerprint: 'fp-sql-1',
});

async function guided(): Promise<Finding> {
  const config = loadConfig({});
  const kb = await loadKnowledgeBase(config, silent);
  const [f] = enrichFindings(kb, [sqlFinding()], [], config).findings;
  expect(f!.guidance, 'the rule has an entry').toBeDefined();
  return f!;
}

describe('guidance links', () => {
  it('derive the base from the action repository and ref (server, nested refs), and need both', () => {
    expect(guidanceLinkBase({ GITHUB_ACTION_REPOSITORY: 'acme/pr-sentinel', GITHUB_ACTION_REF: 'v1' })).toBe('https://github.com/acme/pr-sentinel/blob/v1');
    expect(guidanceLinkBase({ GITHUB_ACTION_REPOSITORY: 'acme/pr-sentinel', GITHUB_ACTION_REF: 'release/2.0', GITHUB_SERVER_URL: 'https://ghe.example.com/' })).toBe(
      'https://ghe.example.com/acme/pr-sentinel/blob/release/2.0',
    );
    expect(guidanceLinkBase({ GITHUB_ACTION_REPOSITORY: 'acme/pr-sentinel' })).toBeUndefined();
    expect(guidanceLinkBase({ GITHUB_ACTION_REF: 'v1' })).toBeUndefined();
    expect(guidanceLinkBase({ GITHUB_ACTION_REPOSITORY: 'not a repo', GITHUB_ACTION_REF: 'v1' })).toBeUndefined();
  });

  it('in an action run, guidance links to the entry; the summary and SARIF carry the link', async () => {
    process.env.GITHUB_ACTION_REPOSITORY = 'acme/pr-sentinel';
    process.env.GITHUB_ACTION_REF = 'v1';
    delete process.env.GITHUB_SERVER_URL;
    const f = await guided();
    expect(f.guidance!.url).toMatch(/^https:\/\/github\.com\/acme\/pr-sentinel\/blob\/v1\/knowledge\/entries\/[\w-]+\/[\w-]+\.md$/);
    const result = sampleResult([f]);
    expect(formatMarkdown(result)).toContain(`[guide](${f.guidance!.url})`);
    const sarif = buildSarif(result) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } } }> };
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === f.ruleId)?.helpUri).toBe(f.guidance!.url);
    expect(sarifErrors(sarif)).toEqual([]);
  });

  it('outside an action, guidance keeps the relative path and nothing renders it as a link', async () => {
    delete process.env.GITHUB_ACTION_REPOSITORY;
    delete process.env.GITHUB_ACTION_REF;
    const f = await guided();
    expect(f.guidance!.url).toMatch(/^knowledge\/entries\//);
    const result = sampleResult([f]);
    expect(formatMarkdown(result)).not.toContain('[guide]');
    const sarif = buildSarif(result) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } } }> };
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === f.ruleId)?.helpUri).toBeUndefined();
  });
});
