/**
 * bun.lock, deno.lock, pubspec.lock, mix.lock and Podfile.lock: realistic base/head fixtures through the whole
 * analyzer (added, upgraded, downgraded, git and http sources at the right lines), the fake OSV on 127.0.0.1
 * for Pub and Hex, CocoaPods/JSR kept away from OSV, malformed input as a notice, and the Pub/Hex ordering.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepsAnalyzer } from '../../src/analyzers/deps/index.js';
import { formatOf, inOsv, parseFile } from '../../src/analyzers/deps/formats.js';
import { stripJsonc } from '../../src/analyzers/deps/parsers/bun-lock.js';
import { parseDenoLock } from '../../src/analyzers/deps/parsers/deno-lock.js';
import { comparePub, compareVersions } from '../../src/analyzers/deps/versions.js';
import type { AnalyzerContext } from '../../src/analyzers/types.js';
import { loadConfig } from '../../src/config/index.js';
import { processFindings } from '../../src/findings/process.js';
import type { Finding } from '../../src/findings/types.js';
import { advisory, startFakeOsv, type FakeOsv } from './fake-osv.js';
import { file, lineOf, only } from './helpers.js';

const fixture = (dir: string, side: 'base' | 'head') => readFileSync(new URL(`../fixtures/deps/${dir}/${side}.lock`, import.meta.url), 'utf8');

function ctx(osvUrl: string, debug: string[] = []): AnalyzerContext {
  const config = loadConfig({ inputs: { 'osv-url': osvUrl } });
  return { config, change: { mode: 'review', root: '/repo', source: 'git' }, log: { debug: (m: string) => debug.push(m), info() {}, warn() {}, setSecret() {} } };
}

const pkg = (f: Finding) => f.properties?.['package'];

const DB = [
  advisory('GHSA-pub-http-0001', 'Pub', 'http', ['1.1.0'], '1.1.2', { summary: 'http: CRLF injection in headers', aliases: ['CVE-2020-35669'] }),
  advisory('GHSA-hex-plug-0001', 'Hex', 'plug_cowboy', ['2.6.1'], '2.6.2', { summary: 'plug_cowboy: request smuggling' }),
  advisory('GHSA-npm-qs-0001', 'npm', 'qs', ['6.7.0'], '6.7.3', { summary: 'qs vulnerable to Prototype Pollution', aliases: ['CVE-2022-24999'] }),
];

let osv: FakeOsv;
beforeAll(async () => {
  osv = await startFakeOsv({ db: DB });
});
afterAll(async () => {
  await osv.close();
});

const analyzer = createDepsAnalyzer({ retryDelayMs: 10 });
/** Run the analyzer on one lock file; returns the result plus the OSV queries this run sent. */
async function run(path: string, dir: string, debug: string[] = []) {
  const head = fixture(dir, 'head');
  const base = fixture(dir, 'base');
  const before = osv.requests.length;
  const files = [file(path, head, base)];
  const result = await analyzer.analyze(files, ctx(osv.url, debug));
  const queries = osv.requests.slice(before).flatMap((r) => r.body?.queries ?? []);
  return { head, result, files, queries };
}

describe('format table', () => {
  it('maps the five lock files to their parsers and ecosystems', () => {
    expect(formatOf('app/bun.lock')).toEqual({ parser: 'bun-lock', ecosystem: 'npm', kind: 'lock' });
    expect(formatOf('deno.lock')?.parser).toBe('deno-lock');
    expect(formatOf('mobile/pubspec.lock')).toEqual({ parser: 'pubspec-lock', ecosystem: 'Pub', kind: 'lock' });
    expect(formatOf('mix.lock')).toEqual({ parser: 'mix-lock', ecosystem: 'Hex', kind: 'lock' });
    expect(formatOf('ios/Podfile.lock')).toEqual({ parser: 'podfile-lock', ecosystem: 'CocoaPods', kind: 'lock' });
    expect(formatOf('bun.lockb')).toBeUndefined(); // binary, not readable
    expect([inOsv('Pub'), inOsv('Hex'), inOsv('npm'), inOsv('CocoaPods'), inOsv('JSR')]).toEqual([true, true, true, false, false]);
  });
});

describe('pubspec.lock', () => {
  it('reports the vulnerable upgrade from the fake OSV, the downgrade, git and http sources at their blocks', async () => {
    const { head, result, files, queries } = await run('app/pubspec.lock', 'pubspec');
    expect(result.stats).toMatchObject({ added: 3, upgraded: 1, downgraded: 1 });
    // Registry packages only, by their Pub names and exact versions; the sdk package (flutter) and git/path ones not.
    expect(queries.map((q) => `${q.package.ecosystem}:${q.package.name}@${q.version}`).sort()).toEqual(['Pub:collection@1.17.2', 'Pub:http@1.1.0', 'Pub:path_provider@2.1.1']);

    const [vuln] = only(result.findings, 'deps/vulnerable');
    expect(pkg(vuln!)).toBe('http');
    expect(vuln!.location).toMatchObject({ path: 'app/pubspec.lock', startLine: lineOf(head, '  http:'), endLine: lineOf(head, '  intl:') - 1 });
    expect(vuln!.message).toContain('GHSA-pub-http-0001');
    expect(vuln!.message).toContain('Fixed in 1.1.2');

    const [down] = only(result.findings, 'deps/downgrade');
    expect(down!.message).toBe('collection is downgraded from 1.18.0 to 1.17.2.');
    expect(down!.location.startLine).toBe(lineOf(head, '  collection:'));

    const [git] = only(result.findings, 'deps/git-source');
    expect(git!.location.startLine).toBe(lineOf(head, '  my_widgets:'));
    expect(git!.severity).toBe('low'); // resolved-ref is a full commit
    const [http] = only(result.findings, 'deps/insecure-source');
    expect(http!.location.startLine).toBe(lineOf(head, '  shelf:'));
    expect(http!.message).toContain('http://pub.internal.example');

    // Every finding sits on changed lines, so the findings stage keeps them.
    expect(processFindings(result.findings, { files, minSeverity: 'low' }).findings).toHaveLength(result.findings.length);
  });
});

describe('pubspec.lock line reader', () => {
  it('agrees with a YAML parser on the fixture, with CRLF line ends too', () => {
    const text = fixture('pubspec', 'head');
    const yaml = parseYaml(text) as { packages: Record<string, { source: string; version: string; dependency: string }> };
    const expected = Object.entries(yaml.packages)
      .filter(([, p]) => p.source !== 'sdk')
      .map(([name, p]) => [name, p.version, p.dependency.startsWith('direct')]);
    for (const t of [text, text.replace(/\n/g, '\r\n')]) expect(parseFile('pubspec.lock', t)!.deps.map((d) => [d.name, d.version, d.direct])).toEqual(expected);
  });
});

describe('mix.lock', () => {
  it('queries Hex names, reports the new vulnerable package, the downgrades and the git dependency on their lines', async () => {
    const { head, result, queries } = await run('mix.lock', 'mix');
    expect(result.stats).toMatchObject({ added: 2, upgraded: 0, downgraded: 2 });
    expect(queries.map((q) => `${q.package.ecosystem}:${q.package.name}@${q.version}`).sort()).toEqual(['Hex:plug@1.14.0', 'Hex:plug_cowboy@2.6.1', 'Hex:plug_crypto@1.2.5']);
    const [vuln] = only(result.findings, 'deps/vulnerable');
    expect(pkg(vuln!)).toBe('plug_cowboy');
    expect(vuln!.location).toMatchObject({ path: 'mix.lock', startLine: lineOf(head, '"plug_cowboy"') });
    expect(vuln!.severity).toBe('critical');
    expect(only(result.findings, 'deps/downgrade').map((f) => [pkg(f), f.location.startLine])).toEqual([
      ['plug', lineOf(head, '"plug":')],
      ['plug_crypto', lineOf(head, '"plug_crypto":')],
    ]);
    const [git] = only(result.findings, 'deps/git-source');
    expect(git!.location.startLine).toBe(lineOf(head, '"ecto_sql_ext"'));
    expect(git!.message).toContain('https://github.com/example/ecto_sql_ext.git#3f1c5e0b');
  });

  it('reads which packages are roots of the graph as direct', () => {
    const parsed = parseFile('mix.lock', fixture('mix', 'head'))!;
    const direct = parsed.deps.filter((d) => d.direct).map((d) => d.name);
    expect(direct).toEqual(['castore', 'ecto_sql_ext', 'jason', 'plug_cowboy']);
    expect([...parsed.requires!.get('plug')!]).toEqual(['mime', 'plug_crypto', 'telemetry']);
  });
});

describe('bun.lock', () => {
  it('reads JSONC (comments, trailing commas) and reports the downgrade, the git dependency and a typosquat', async () => {
    const { head, result, queries } = await run('bun.lock', 'bun');
    expect(result.stats).toMatchObject({ added: 2, upgraded: 1, downgraded: 1 });
    expect(queries.map((q) => `${q.package.name}@${q.version}`).sort()).toEqual(['lodahs@4.17.21', 'qs@6.12.1', 'zod@3.21.4']);
    const [down] = only(result.findings, 'deps/downgrade');
    expect([pkg(down!), down!.location.startLine]).toEqual(['zod', lineOf(head, '"zod": ["zod@')]);
    const [git] = only(result.findings, 'deps/git-source');
    expect(git!.location.startLine).toBe(lineOf(head, '"my-utils": ["my-utils@'));
    expect(git!.severity).not.toBe('low'); // a short ref can be moved
    const [typo] = only(result.findings, 'deps/typosquat');
    expect([pkg(typo!), typo!.properties?.['lookalike'], typo!.location.startLine]).toEqual(['lodahs', 'lodash', lineOf(head, '"lodahs": [')]);
  });

  it('marks direct and dev from the workspaces and reads nested copies by their own name', () => {
    const text = `{
  "lockfileVersion": 1,
  "workspaces": { "": { "dependencies": { "@scope/a": "^1" }, "devDependencies": { "b": "^2" } } },
  "packages": {
    "@scope/a": ["@scope/a@1.0.0", "", { "dependencies": { "b": "^1" } }, "sha512-x"],
    "b": ["b@2.0.0", "", {}, "sha512-y"],
    "@scope/a/b": ["b@1.5.0", "", {}, "sha512-z"],
    "local": ["local@workspace:packages/local"],
    "t": ["t@https://example.com/t-1.0.0.tgz", {}],
  },
}`;
    const deps = parseFile('bun.lock', text)!.deps.map((d) => [d.name, d.version, d.direct, d.dev === true, d.line, d.source]);
    expect(deps).toEqual([
      ['@scope/a', '1.0.0', true, false, 5, 'registry'],
      ['b', '2.0.0', true, true, 6, 'registry'],
      ['b', '1.5.0', false, false, 7, 'registry'],
      ['t', 'https://example.com/t-1.0.0.tgz', false, false, 9, 'http'],
    ]);
  });

  it('stripJsonc keeps strings (URLs with //) and the line structure', () => {
    const text = '{\n  // c\n  "u": "https://x.example/a,}", /* b\n c */ "v": [1, 2,],\n}';
    const out = stripJsonc(text);
    expect(JSON.parse(out)).toEqual({ u: 'https://x.example/a,}', v: [1, 2] });
    expect(out.split('\n')).toHaveLength(text.split('\n').length);
  });
});

describe('deno.lock', () => {
  it('sends npm packages to OSV, keeps JSR away from it (debug line), and reports the JSR downgrade', async () => {
    const debug: string[] = [];
    const { head, result, queries } = await run('deno.lock', 'deno', debug);
    expect(result.stats).toMatchObject({ added: 2, upgraded: 1, downgraded: 1, notInOsv: 1 });
    expect(queries.map((q) => `${q.package.ecosystem}:${q.package.name}@${q.version}`).sort()).toEqual(['npm:express@4.17.1', 'npm:preact@10.22.0', 'npm:qs@6.7.0']);
    expect(debug.some((m) => m.includes('OSV defines no JSR ecosystem') && m.includes('1 changed package'))).toBe(true);
    const [vuln] = only(result.findings, 'deps/vulnerable');
    expect([pkg(vuln!), vuln!.location.startLine]).toEqual(['qs', lineOf(head, '"qs@6.7.0": {')]);
    const [down] = only(result.findings, 'deps/downgrade');
    expect(down!.properties).toMatchObject({ ecosystem: 'JSR', package: '@std/path', from: '1.0.8', to: '1.0.6' });
    expect(down!.location.startLine).toBe(lineOf(head, '"@std/path@1.0.6"'));
  });

  it('reads the v3 (packages.npm) and v2 (npm.packages) layouts, peer suffixes included', () => {
    const v3 = JSON.stringify({ version: '3', packages: { specifiers: { 'npm:react-dom@18': 'npm:react-dom@18.2.0_react@18.2.0' }, npm: { 'react-dom@18.2.0_react@18.2.0': { integrity: 'x', dependencies: { react: 'react@18.2.0' } }, 'react@18.2.0': { integrity: 'y', dependencies: {} } } } }, null, 2);
    const d3 = parseDenoLock(v3);
    expect(d3.deps.map((d) => [d.ecosystem, d.name, d.version, d.direct, d.line])).toEqual([
      ['npm', 'react-dom', '18.2.0', true, lineOf(v3, '"react-dom@18.2.0_react')],
      ['npm', 'react', '18.2.0', false, lineOf(v3, '"react@18.2.0": {')],
    ]);
    expect([...d3.requires!.get('react-dom')!]).toEqual(['react']);
    const v2 = JSON.stringify({ version: '2', remote: {}, npm: { specifiers: { chalk: 'chalk@5.3.0' }, packages: { 'chalk@5.3.0': { integrity: 'z', dependencies: {} } } } }, null, 2);
    expect(parseDenoLock(v2).deps.map((d) => [d.name, d.version, d.direct, d.line])).toEqual([['chalk', '5.3.0', true, lineOf(v2, '"chalk@5.3.0": {')]]);
  });
});

describe('Podfile.lock', () => {
  it('reports the downgrade and the git pod without contacting OSV (no CocoaPods ecosystem there)', async () => {
    const debug: string[] = [];
    const { head, result, queries } = await run('ios/Podfile.lock', 'podfile', debug);
    expect(queries).toEqual([]);
    expect(result.stats).toMatchObject({ added: 2, upgraded: 1, downgraded: 1, notInOsv: 3, osvRequests: 0 });
    expect(debug.some((m) => m.includes('OSV defines no CocoaPods ecosystem') && m.includes('3 changed packages'))).toBe(true);
    const [down] = only(result.findings, 'deps/downgrade');
    expect([pkg(down!), down!.message, down!.location.startLine]).toEqual(['SnapKit', 'SnapKit is downgraded from 5.7.0 to 5.6.0.', lineOf(head, '- SnapKit (5.6.0)')]);
    const [git] = only(result.findings, 'deps/git-source');
    expect([pkg(git!), git!.severity, git!.location.startLine]).toEqual(['MyKit', 'low', lineOf(head, '- MyKit (0.4.0)')]);
    expect(result.notices).toEqual([]);
  });

  it('folds subspecs into their pod and takes direct pods from DEPENDENCIES', () => {
    const deps = parseFile('Podfile.lock', fixture('podfile', 'head'))!.deps;
    expect(deps.map((d) => `${d.name}@${d.version}${d.direct ? '*' : ''}`)).toEqual(['Alamofire@5.9.0*', 'Firebase@10.18.0*', 'FirebaseCore@10.18.0', 'GoogleUtilities@7.12.0', 'Kingfisher@7.10.2*', 'MyKit@0.4.0*', 'SnapKit@5.6.0*']);
  });
});

describe('malformed lock files', () => {
  const broken: Array<[string, string]> = [
    ['bun.lock', '{\n  "lockfileVersion": 1,\n  "packages": {\n    "a": ["a@1.0.0", \n'],
    ['deno.lock', '{ "version": "4", "npm": { "chalk@5.3.0": '],
    ['deno.lock', '{ "npm": {} }'],
    ['pubspec.lock', 'packages:\n  http:\n    version: "1.0.0\n  bad: [\n'],
    ['pubspec.lock', 'packages: [1, 2]\n'],
    ['mix.lock', '%{\n  "plug": {:hex, plug 1.15.3},\n}\n'],
    ['mix.lock', '[{"plug", "1.0.0"}]\n'],
    ['Podfile.lock', 'PODS: {unclosed\n'],
    ['Podfile.lock', 'PODS: just a string\n'],
  ];
  it.each(broken)('%s: a notice naming the file, never a throw', async (name, text) => {
    const path = `pkg/${name}`;
    const result = await analyzer.analyze([file(path, text, undefined)], ctx(osv.url));
    expect(result.findings).toEqual([]);
    const notices = result.notices ?? [];
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning', source: 'deps' });
    expect(notices[0]!.message).toContain(`${path}: could not parse`);
  });
});

describe('Pub and Hex version order', () => {
  it('Pub orders build numbers; Hex ignores build metadata like semver', () => {
    expect(comparePub('1.0.0+2', '1.0.0+1')).toBe(1);
    expect(comparePub('1.0.0', '1.0.0+1')).toBe(-1);
    expect(comparePub('1.0.0+10', '1.0.0+9')).toBe(1);
    expect(comparePub('2.0.0-nullsafety.1', '2.0.0')).toBe(-1);
    expect(compareVersions('Pub', '0.13.6', '1.1.0')).toBe(-1);
    expect(compareVersions('Hex', '1.15.3', '1.14.0')).toBe(1);
    expect(compareVersions('Hex', '1.0.0+build.2', '1.0.0+build.1')).toBe(0);
    expect(compareVersions('Hex', '1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('CocoaPods', '5.10.0', '5.9.0')).toBe(1);
  });
});
