/**
 * Deps analyzer figures: parse speed of large generated lock files (package-lock v3, pnpm v9, yarn classic,
 * Cargo.lock, bun.lock, deno.lock, pubspec.lock, mix.lock, Podfile.lock) and the OSV request count of a whole scan against a local fake OSV server (no network).
 * Run: `npm run bench -- deps`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDepsAnalyzer } from '../../src/analyzers/deps/index.js';
import { PARSERS } from '../../src/analyzers/deps/formats.js';
import type { AnalyzedFile } from '../../src/analyzers/types.js';
import { loadConfig } from '../../src/config/index.js';

const N = 20_000;
const name = (i: number) => (i % 10 === 0 ? `@scope${i % 7}/pkg-${i}` : `pkg-${i}`);
const version = (i: number) => `${i % 13}.${i % 7}.${i % 5}`;

function packageLock(): string {
  const packages: Record<string, unknown> = { '': { name: 'bench', dependencies: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [name(i), `^${version(i)}`])) } };
  for (let i = 0; i < N; i++) {
    packages[`node_modules/${name(i)}`] = {
      version: version(i),
      resolved: `https://registry.npmjs.org/${name(i)}/-/${name(i)}-${version(i)}.tgz`,
      integrity: 'sha512-' + 'A'.repeat(86) + '==',
      dependencies: { [name((i * 7 + 1) % N)]: `^${version((i * 7 + 1) % N)}` },
    };
  }
  return JSON.stringify({ name: 'bench', lockfileVersion: 3, requires: true, packages }, null, 2);
}

function pnpmLock(): string {
  const out = ["lockfileVersion: '9.0'", '', 'importers:', '', '  .:', '    dependencies:'];
  for (let i = 0; i < 200; i++) out.push(`      '${name(i)}':`, `        specifier: ^${version(i)}`, `        version: ${version(i)}`);
  out.push('', 'packages:', '');
  for (let i = 0; i < N; i++) out.push(`  '${name(i)}@${version(i)}':`, `    resolution: {integrity: sha512-${'B'.repeat(86)}==}`, '');
  out.push('snapshots:', '');
  for (let i = 0; i < N; i++) out.push(`  '${name(i)}@${version(i)}':`, '    dependencies:', `      '${name((i + 1) % N)}': ${version((i + 1) % N)}`, '');
  return out.join('\n');
}

function yarnLock(): string {
  const out = ['# yarn lockfile v1', ''];
  for (let i = 0; i < N; i++) {
    out.push(`"${name(i)}@^${version(i)}":`, `  version "${version(i)}"`, `  resolved "https://registry.yarnpkg.com/${name(i)}/-/x-${version(i)}.tgz#abc"`, `  integrity sha512-${'C'.repeat(86)}==`, '  dependencies:', `    ${name((i + 1) % N)} "^${version((i + 1) % N)}"`, '');
  }
  return out.join('\n');
}

function cargoLock(): string {
  const out = ['version = 3', ''];
  for (let i = 0; i < N; i++) out.push('[[package]]', `name = "crate-${i}"`, `version = "${version(i)}"`, 'source = "registry+https://github.com/rust-lang/crates.io-index"', `checksum = "${'d'.repeat(64)}"`, '');
  return out.join('\n');
}

const plain = (i: number) => `pkg_${i}`;

function bunLock(): string {
  const rows = Array.from({ length: N }, (_, i) => `    "${plain(i)}": ["${plain(i)}@${version(i)}", "", { "dependencies": { "${plain((i + 1) % N)}": "^1" } }, "sha512-${'E'.repeat(86)}=="],`);
  return `{\n  "lockfileVersion": 1,\n  "workspaces": { "": { "dependencies": { "${plain(0)}": "^1" } } },\n  "packages": {\n${rows.join('\n')}\n  }\n}\n`;
}

function denoLock(): string {
  const npm = Object.fromEntries(Array.from({ length: N }, (_, i) => [`${plain(i)}@${version(i)}`, { integrity: 'sha512-x', dependencies: [`${plain((i + 1) % N)}@${version((i + 1) % N)}`] }]));
  return JSON.stringify({ version: '4', specifiers: { [`npm:${plain(0)}@1`]: version(0) }, npm }, null, 2);
}

function pubspecLock(): string {
  const out = ['packages:'];
  for (let i = 0; i < N; i++)
    out.push(`  ${plain(i)}:`, `    dependency: ${i % 10 ? 'transitive' : '"direct main"'}`, '    description:', `      name: ${plain(i)}`, `      sha256: "${'a'.repeat(64)}"`, '      url: "https://pub.dev"', '    source: hosted', `    version: "${version(i)}"`);
  out.push('sdks:', '  dart: ">=3.0.0 <4.0.0"', '');
  return out.join('\n');
}

function mixLock(): string {
  const rows = Array.from({ length: N }, (_, i) => `  "${plain(i)}": {:hex, :${plain(i)}, "${version(i)}", "${'b'.repeat(64)}", [:mix], [{:${plain((i + 1) % N)}, "~> 1.0", [hex: :${plain((i + 1) % N)}, repo: "hexpm", optional: false]}], "hexpm", "${'c'.repeat(64)}"},`);
  return `%{\n${rows.join('\n')}\n}\n`;
}

function podfileLock(): string {
  const out = ['PODS:'];
  for (let i = 0; i < N; i++) out.push(`  - ${plain(i)} (${version(i)}):`, `    - ${plain((i + 1) % N)} (~> 1.0)`);
  out.push('', 'DEPENDENCIES:', `  - ${plain(0)}`, '', 'COCOAPODS: 1.14.3', '');
  return out.join('\n');
}

/** Long whitespace runs in the places parsers pattern-match: catches regexes that backtrack quadratically. */
function adversarial(): Array<[string, string]> {
  const sp = ' '.repeat(30_000);
  return [
    ['requirements', `a ${sp}b\n`],
    ['requirements', `a==1${sp};${sp}x\n`],
    ['requirements', `a @ ${sp}x\n`],
    ['pyproject', `[project]\ndependencies = ["a ${sp}b"]\n`],
    ['pnpm-lock', `packages:\n  a: x${sp}y\n`],
    ['yarn-lock', `a@^1:\n  version "${sp}x\n`],
    ['go-mod', `replace a ${sp}x ${sp}y\n`],
    ['cargo-toml', `[package]\ndescription = \"\"\"\na ${sp}x\n\"\"\"\n`],
    ['pom-xml', `<project><dependencies><dependency>${sp}<groupId>${sp}</dependency></dependencies></project>`],
    ['gradle', `implementation${sp}x\n`],
    ['gemfile', `group ${sp} x\n`],
    ['gemfile-lock', `GEM\n  specs:\n    a${sp}(1\n`],
    ['csproj', `<PackageReference Include="a">${sp}<Version>${sp}`],
    ['setup-cfg', `[options]\ninstall_requires = ${'a;'.repeat(15_000)}[${sp}\n`],
    ['setup-py', `install_requires=[${"'a', ".repeat(6_000)}`],
    ['mix-lock', `%{\n  "a": {:hex, ${sp}:a, ${sp}"1.0"${sp}\n`],
    ['podfile-lock', `PODS:\n  - a${sp}(1.0${sp}\n`],
    ['pubspec-lock', `packages:\n  a:\n    version: ${sp}"1${sp}\n`],
    ['bun-lock', `{"packages": {"a": ["a@${sp}1", ${sp}`],
    ['deno-lock', `{"version": "4", "npm": {"a@${sp}1": {}}}`],
  ];
}

function time<T>(fn: () => T, runs = 3): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, value };
}

export async function run(): Promise<void> {
  const cases: Array<[string, string, string]> = [
    ['package-lock.json v3', 'package-lock', packageLock()],
    ['pnpm-lock.yaml v9', 'pnpm-lock', pnpmLock()],
    ['yarn.lock v1', 'yarn-lock', yarnLock()],
    ['Cargo.lock', 'cargo-lock', cargoLock()],
    ['bun.lock', 'bun-lock', bunLock()],
    ['deno.lock v4', 'deno-lock', denoLock()],
    ['pubspec.lock', 'pubspec-lock', pubspecLock()],
    ['mix.lock', 'mix-lock', mixLock()],
    ['Podfile.lock', 'podfile-lock', podfileLock()],
  ];
  for (const [label, parser, text] of cases) {
    const { ms, value } = time(() => PARSERS[parser]!(text));
    const mb = text.length / 1e6;
    console.log(`${label.padEnd(22)} ${value.deps.length} packages, ${mb.toFixed(1)} MB: best of 3 ${ms.toFixed(0)} ms (${(mb / (ms / 1000)).toFixed(1)} MB/s)`);
  }

  let worst: [string, number] = ['', 0];
  for (const [parser, text] of adversarial()) {
    const t = performance.now();
    try {
      PARSERS[parser]!(text);
    } catch {
      // malformed on purpose: only the time matters
    }
    const ms = performance.now() - t;
    if (ms > worst[1]) worst = [parser, ms];
  }
  console.log(`adversarial lines (30,000-space runs, ${adversarial().length} cases): slowest ${worst[0]} ${worst[1].toFixed(0)} ms`);

  // Whole analyzer, scan mode, against a local fake OSV that reports nothing: how many requests for N packages.
  let batches = 0;
  let queries = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const n = (JSON.parse(body || '{"queries":[]}') as { queries: unknown[] }).queries.length;
      batches++;
      queries += n;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: Array.from({ length: n }, () => ({})) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const text = cases[0]![2];
  const file: AnalyzedFile = { path: 'package-lock.json', head: text, changedLines: 'all', change: { path: 'package-lock.json', status: 'added', binary: false, hunks: [], additions: 0, deletions: 0 } };
  const t = performance.now();
  const result = await createDepsAnalyzer().analyze([file], {
    config: loadConfig({ inputs: { 'osv-url': url } }),
    change: { mode: 'scan', root: process.cwd(), source: 'filesystem' },
    log: { debug() {}, info() {}, warn() {}, setSecret() {} },
  });
  const ms = performance.now() - t;
  server.close();
  console.log(`scan of ${N}-package lock: ${ms.toFixed(0)} ms total, ${batches} querybatch requests carrying ${queries} queries (stats: ${JSON.stringify(result.stats)})`);
}
