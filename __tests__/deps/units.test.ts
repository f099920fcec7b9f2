import { describe, expect, it } from 'vitest';
import { readAdvisory } from '../../src/analyzers/deps/advisory.js';
import { cvssScore, roundUp, severityOfScore } from '../../src/analyzers/deps/cvss.js';
import { diffDeps } from '../../src/analyzers/deps/diff.js';
import { upgradeFix } from '../../src/analyzers/deps/fix.js';
import { oneEditApart, typosquatTarget } from '../../src/analyzers/deps/typosquat.js';
import type { Dep } from '../../src/analyzers/deps/types.js';
import { compareMavenLite, comparePep440, compareSemver, pinnedVersion } from '../../src/analyzers/deps/versions.js';

/** Every adjacent pair in `ordered` must compare as ascending, and each equal to itself. */
function ascending(cmp: (a: string, b: string) => number, ordered: string[]) {
  for (let i = 0; i + 1 < ordered.length; i++) {
    expect(cmp(ordered[i]!, ordered[i + 1]!), `${ordered[i]} < ${ordered[i + 1]}`).toBe(-1);
    expect(cmp(ordered[i + 1]!, ordered[i]!), `${ordered[i + 1]} > ${ordered[i]}`).toBe(1);
    expect(cmp(ordered[i]!, ordered[i]!)).toBe(0);
  }
}

describe('version ordering', () => {
  it('semver (npm, crates.io, Go, NuGet)', () => {
    ascending(compareSemver, ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.2.3', '1.10.0', '2.0.0']);
    expect(compareSemver('v1.2.3', '1.2.3')).toBe(0);
    expect(compareSemver('v0.0.0-20200202094626-16171245cfb2', 'v0.0.0-20210101000000-abcdef')).toBe(-1);
    expect(compareSemver('1.0.0+build.1', '1.0.0')).toBe(0);
  });
  it('PEP 440-lite (PyPI)', () => {
    ascending(comparePep440, ['1.0.dev1', '1.0a1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0.post1', '1.0.1', '1.9', '1.10', '2!0.1']);
    expect(comparePep440('1.0', '1.0.0')).toBe(0);
    expect(comparePep440('2.0.0RC1', '2.0.0rc1')).toBe(0);
  });
  it('Maven-lite (Maven, RubyGems, Packagist)', () => {
    ascending(compareMavenLite, ['1.0-alpha-1', '1.0-beta', '1.0-rc1', '1.0-SNAPSHOT', '1.0', '1.0-sp1', '1.0.1', '2.9.10', '2.9.10.1', '2.10']);
    expect(compareMavenLite('5.2.0.RELEASE', '5.2.0')).toBe(0);
    expect(compareMavenLite('1.0', '1.0.0')).toBe(0);
    expect(compareMavenLite('28.0-jre', '28.1-jre')).toBe(-1);
  });
  it('pinned version of a declaration', () => {
    expect(pinnedVersion('npm', '^4.17.20')).toEqual({ version: '4.17.20', exact: false });
    expect(pinnedVersion('npm', '4.17.20')).toEqual({ version: '4.17.20', exact: true });
    expect(pinnedVersion('npm', '~1.2')).toEqual({ version: '1.2.0', exact: false });
    expect(pinnedVersion('npm', '>=1.0.0 <2')).toEqual({ version: '1.0.0', exact: false });
    expect(pinnedVersion('npm', '*')).toBeUndefined();
    expect(pinnedVersion('npm', 'latest')).toBeUndefined();
    expect(pinnedVersion('crates.io', '1.0.100')).toEqual({ version: '1.0.100', exact: false });
    expect(pinnedVersion('crates.io', '=1.0.100')).toEqual({ version: '1.0.100', exact: true });
    expect(pinnedVersion('PyPI', '==3.2.1')).toEqual({ version: '3.2.1', exact: true });
    expect(pinnedVersion('PyPI', '~=2.0')).toEqual({ version: '2.0', exact: false });
    expect(pinnedVersion('PyPI', '>=2.25,<3')).toEqual({ version: '2.25', exact: false });
    expect(pinnedVersion('PyPI', '<3')).toBeUndefined();
    expect(pinnedVersion('PyPI', '>=2.0')).toBeUndefined(); // open-ended: the newest release gets installed
    expect(pinnedVersion('npm', '>=1.0.0')).toBeUndefined();
    expect(pinnedVersion('Maven', '[1.0,)')).toBeUndefined();
    expect(pinnedVersion('Maven', '[1.2.3]')).toEqual({ version: '1.2.3', exact: true });
    expect(pinnedVersion('NuGet', '12.0.1')).toEqual({ version: '12.0.1', exact: true });
    expect(pinnedVersion('PyPI', '')).toBeUndefined();
    expect(pinnedVersion('Maven', '[1.0,2.0)')).toEqual({ version: '1.0', exact: false });
    expect(pinnedVersion('Maven', '${x.version}')).toBeUndefined();
    expect(pinnedVersion('Go', 'v1.6.0')).toEqual({ version: 'v1.6.0', exact: true });
    expect(pinnedVersion('RubyGems', '~> 6.1.0')).toEqual({ version: '6.1.0', exact: false });
    expect(pinnedVersion('RubyGems', '>= 0.18, < 2.0')).toEqual({ version: '0.18', exact: false });
    expect(pinnedVersion('RubyGems', '>= 0.18')).toBeUndefined();
    expect(pinnedVersion('RubyGems', '1.13.10')).toEqual({ version: '1.13.10', exact: true });
    expect(pinnedVersion('Packagist', '^2.0')).toEqual({ version: '2.0.0', exact: false });
    expect(pinnedVersion('Packagist', 'v7.4.4')).toEqual({ version: '7.4.4', exact: true });
    expect(pinnedVersion('Packagist', 'dev-main')).toBeUndefined();
  });
});

describe('CVSS', () => {
  it('v3 base scores match the specification examples', () => {
    const cases: Array<[string, number]> = [
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N', 5.4],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
      ['CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 6.5],
      ['CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N', 4.8],
      ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:L/I:L/A:N', 5.5],
      ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ];
    for (const [vector, score] of cases) expect(cvssScore(vector), vector).toEqual({ score, version: '3', approximate: false });
  });
  it('roundUp is robust to floating point noise', () => {
    expect(roundUp(4.02)).toBe(4.1);
    expect(roundUp(4.0)).toBe(4.0);
    expect(roundUp(4.000001)).toBe(4.0);
  });
  it('v4 vectors map to the right band, flagged approximate; junk is undefined', () => {
    const crit = cvssScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N');
    expect(crit?.approximate).toBe(true);
    expect(severityOfScore(crit!.score)).toBe('critical');
    const med = cvssScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N');
    expect(severityOfScore(med!.score)).toBe('medium');
    expect(cvssScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeUndefined();
    expect(cvssScore('CVSS:3.1/AV:X')).toBeUndefined();
  });
});

describe('advisory reading', () => {
  const base = {
    id: 'GHSA-aaaa-bbbb-cccc',
    aliases: ['CVE-2024-0001', 'OTHER-1'],
    affected: [
      { package: { ecosystem: 'PyPI', name: 'Django' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.2.2' }, { introduced: '4.0' }, { fixed: '4.0.5' }] }] },
      { package: { ecosystem: 'npm', name: 'django' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.0.1' }] }] },
    ],
  };
  it('ids with GHSA/CVE aliases, the fix of the range the version is in, for this ecosystem only', () => {
    const a = readAdvisory({ ...base, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }, 'PyPI', 'django', '4.0.1');
    expect(a).toMatchObject({ ids: ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001'], fixed: '4.0.5', severity: 'critical', score: 9.8, scoreSource: 'CVSS 3.1' });
    expect(readAdvisory(base, 'PyPI', 'django', '3.0').fixed).toBe('3.2.2');
  });
  it('a v4-only advisory takes its published band; the approximate score stays inside it', () => {
    const v4 = { ...base, severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }], database_specific: { severity: 'MODERATE' } };
    expect(readAdvisory(v4, 'PyPI', 'django', '3.0')).toMatchObject({ severity: 'medium', score: 6.9 });
    expect(readAdvisory({ ...v4, database_specific: {} }, 'PyPI', 'django', '3.0')).toMatchObject({ severity: 'critical', scoreSource: 'CVSS 4.0 (approximate)' });
    expect(readAdvisory({ ...base, database_specific: { severity: 'LOW' } }, 'PyPI', 'django', '3.0')).toMatchObject({ severity: 'low', scoreSource: 'advisory severity' });
    expect(readAdvisory(base, 'PyPI', 'django', '3.0').severity).toBe('medium'); // nothing known
  });
});

describe('typosquat', () => {
  it('one edit: substitution, insertion, deletion, adjacent transposition', () => {
    expect(oneEditApart('lodash', 'lodahs')).toBe(true);
    expect(oneEditApart('lodash', 'lodasH')).toBe(true);
    expect(oneEditApart('lodash', 'llodash')).toBe(true);
    expect(oneEditApart('lodash', 'odash')).toBe(true);
    expect(oneEditApart('lodash', 'lodash')).toBe(false);
    expect(oneEditApart('lodash', 'ldoahs')).toBe(false);
    expect(oneEditApart('abc', 'cba')).toBe(false);
  });
  it('flags lookalikes of popular names, per ecosystem, but not the popular names or known legit neighbours', () => {
    expect(typosquatTarget('npm', 'lodahs')).toBe('lodash');
    expect(typosquatTarget('npm', 'expresss')).toBe('express');
    expect(typosquatTarget('npm', 'crossenv')).toBe('cross-env');
    expect(typosquatTarget('npm', 'lodash')).toBeUndefined();
    expect(typosquatTarget('npm', 'preact')).toBeUndefined();
    expect(typosquatTarget('npm', 'mz')).toBeUndefined(); // too short to judge
    expect(typosquatTarget('PyPI', 'reqeusts')).toBe('requests');
    expect(typosquatTarget('PyPI', 'python_dateutil')).toBeUndefined(); // same name once normalised
    expect(typosquatTarget('PyPI', 'lodahs')).toBeUndefined(); // other ecosystem's list
    expect(typosquatTarget('Go', 'github.com/sirupsen/logrsu')).toBe('github.com/sirupsen/logrus');
    expect(typosquatTarget('crates.io', 'serde-json')).toBeUndefined(); // - and _ are the same crate name
    expect(typosquatTarget('crates.io', 'sedre')).toBe('serde');
    expect(typosquatTarget('RubyGems', 'nokogiri')).toBeUndefined();
    expect(typosquatTarget('NuGet', 'Newtonsoft.Jsn')).toBe('Newtonsoft.Json');
  });
});

describe('diff and fix', () => {
  const d = (name: string, version: string, extra: Partial<Dep> = {}): Dep => ({ ecosystem: 'npm', name, version, direct: true, line: 1, ...extra });
  it('added, upgraded, downgraded, unchanged, removed', () => {
    const base = [d('a', '^1.0.0'), d('b', '2.0.0'), d('c', '1.0.0'), d('gone', '1.0.0')];
    const head = [d('a', '^1.2.0'), d('b', '1.9.0'), d('c', '1.0.0'), d('new', '0.1.0')];
    const r = diffDeps(base, head);
    expect(r.changes.map((c) => [c.dep.name, c.kind, c.previous])).toEqual([
      ['a', 'upgraded', '^1.0.0'],
      ['b', 'downgraded', '2.0.0'],
      ['c', 'unchanged', undefined],
      ['new', 'added', undefined],
    ]);
    expect(r.removed.map((x) => x.name)).toEqual(['gone']);
    expect(diffDeps(undefined, head).changes.every((c) => c.kind === 'added')).toBe(true);
  });
  it('upgrade fix keeps the operator and only touches the declaring line', () => {
    const text = '{\n  "dependencies": {\n    "lodash": "^4.17.20"\n  }\n}';
    const fix = upgradeFix('package.json', text, d('lodash', '^4.17.20', { line: 3 }), '4.17.21', [3]);
    expect(fix?.replacements).toEqual([{ path: 'package.json', startLine: 3, endLine: 3, text: '    "lodash": "^4.17.21"' }]);
    const req = upgradeFix('requirements.txt', 'django==3.2.1 ; python_version > "3"', { ...d('django', '==3.2.1'), ecosystem: 'PyPI' }, '3.2.19', [1]);
    expect(req?.replacements[0]?.text).toBe('django==3.2.19 ; python_version > "3"');
    const go = upgradeFix('go.mod', 'require github.com/x/y v1.2.3', { ...d('github.com/x/y', 'v1.2.3'), ecosystem: 'Go' }, '1.2.4', [1]);
    expect(go?.replacements[0]?.text).toBe('require github.com/x/y v1.2.4');
    expect(upgradeFix('requirements.txt', 'x>=1,<2', d('x', '>=1,<2'), '1.5', [1])).toBeUndefined();
  });
});
