/**
 * The whole pipeline on a real git change (review mode): diff stage → deps analyzer (fake OSV) → findings stage →
 * SARIF. The SARIF regions must point at the manifest lines that introduce the vulnerable packages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { buildSarif } from '../../src/report/sarif.js';
import { run } from '../../src/run.js';
import { makeRepo, type GitFixture } from '../helpers/git-fixture.js';
import { advisory, startFakeOsv, type FakeOsv } from './fake-osv.js';

let osv: FakeOsv;
let repo: GitFixture;
const lock = (pkgs: Record<string, string>) =>
  JSON.stringify({ name: 'shop', lockfileVersion: 3, packages: { '': { name: 'shop', dependencies: Object.fromEntries(Object.keys(pkgs).map((n) => [n, `^${pkgs[n]}`])) }, ...Object.fromEntries(Object.entries(pkgs).map(([n, v]) => [`node_modules/${n}`, { version: v }])) } }, null, 2) + '\n';
const pkg = (deps: Record<string, string>) => JSON.stringify({ name: 'shop', dependencies: deps }, null, 2) + '\n';

const headPkg = pkg({ express: '^4.18.2', lodash: '^4.17.20' });
const headReq = '# api\nflask==2.3.3\nDjango==3.2.1\n';

beforeAll(async () => {
  osv = await startFakeOsv({
    db: [
      advisory('GHSA-35jh-r3h4-6jhm', 'npm', 'lodash', ['4.17.20'], '4.17.21', { aliases: ['CVE-2021-23337'] }),
      advisory('PYSEC-2021-0001', 'PyPI', 'django', ['3.2.1'], '3.2.2', { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N' }] }),
    ],
  });
  repo = makeRepo(
    { 'package.json': pkg({ express: '^4.18.2' }), 'package-lock.json': lock({ express: '4.18.2' }), 'api/requirements.txt': '# api\nflask==2.3.3\n' },
    { 'package.json': headPkg, 'package-lock.json': lock({ express: '4.18.2', lodash: '4.17.20' }), 'api/requirements.txt': headReq },
  );
});
afterAll(async () => {
  await osv.close();
  repo.cleanup();
});

it('SARIF results point at the manifest lines that add the vulnerable packages', async () => {
  const config = loadConfig({ inputs: { analyzers: 'deps', 'osv-url': osv.url } });
  const log = { debug() {}, info() {}, warn() {}, setSecret() {} };
  const result = await run({ target: { mode: 'review', root: repo.dir, baseRef: repo.baseSha, headRef: repo.headSha }, config, log });
  const sarif = buildSarif(result) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>; properties?: Record<string, unknown> }>; tool: { driver: { rules: Array<{ id: string; properties?: Record<string, unknown> }> } } }> };
  const results = sarif.runs[0]!.results.filter((r) => r.ruleId === 'deps/vulnerable');
  const where = results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`).sort();
  const lodashLine = headPkg.split('\n').findIndex((l) => l.includes('"lodash"')) + 1;
  expect(where).toEqual([`api/requirements.txt:3`, `package.json:${lodashLine}`]);
  expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('deps/vulnerable');
  expect(result.findings.find((f) => f.location.path === 'package.json')).toMatchObject({ severity: 'critical', securitySeverity: 9.8 });
  expect(result.findings.find((f) => f.location.path === 'api/requirements.txt')).toMatchObject({ severity: 'medium', securitySeverity: 5.4 });
  expect(result.stats['deps']).toMatchObject({ files: 3, added: 3, osvQueries: 2 });
});
