import { describe, expect, it } from 'vitest';
import { formatOf, parseFile } from '../../src/analyzers/deps/formats.js';
import type { Dep } from '../../src/analyzers/deps/types.js';

/** Find one parsed dependency by name (and version when several). */
function dep(deps: Dep[], name: string, version?: string): Dep {
  const d = deps.find((x) => x.name === name && (version === undefined || x.version === version));
  if (!d) throw new Error(`${name}${version ? `@${version}` : ''} not parsed; got ${deps.map((x) => `${x.name}@${x.version}`).join(', ')}`);
  return d;
}
const parse = (path: string, text: string) => {
  const r = parseFile(path, text);
  if (!r) throw new Error(`no parser for ${path}`);
  return r;
};

describe('format table', () => {
  it('maps file names to parsers and ignores other files', () => {
    expect(formatOf('package.json')?.parser).toBe('package-json');
    expect(formatOf('web/package-lock.json')?.kind).toBe('lock');
    expect(formatOf('requirements-dev.txt')?.parser).toBe('requirements');
    expect(formatOf('requirements/prod.txt')?.parser).toBe('requirements');
    expect(formatOf('src/App/App.csproj')?.ecosystem).toBe('NuGet');
    expect(formatOf('build.gradle.kts')?.parser).toBe('gradle');
    expect(formatOf('src/index.ts')).toBeUndefined();
    expect(formatOf('docs/requirements.md')).toBeUndefined();
  });
});

describe('npm', () => {
  it('package.json: sections, lines, git/http/file specs, aliases and install scripts', () => {
    const text = `{
  "name": "app",
  "scripts": {
    "build": "tsc",
    "postinstall": "node setup.js"
  },
  "dependencies": {
    "lodash": "^4.17.20",
    "left": "git+https://github.com/a/left.git#v1",
    "tarball": "http://example.com/t-1.0.0.tgz",
    "local": "file:../local",
    "alias": "npm:real-pkg@^2.0.0"
  },
  "devDependencies": {
    "jest": "~29.0.0"
  },
  "peerDependencies": { "react": ">=18" }
}`;
    const { deps, installScripts } = parse('package.json', text);
    expect(dep(deps, 'lodash')).toMatchObject({ ecosystem: 'npm', version: '^4.17.20', direct: true, line: 8, source: 'registry', dev: false });
    expect(dep(deps, 'left')).toMatchObject({ source: 'git', line: 9 });
    expect(dep(deps, 'tarball')).toMatchObject({ source: 'http', url: 'http://example.com/t-1.0.0.tgz' });
    expect(dep(deps, 'local').source).toBe('file');
    expect(dep(deps, 'real-pkg')).toMatchObject({ version: '^2.0.0', line: 12 });
    expect(dep(deps, 'jest')).toMatchObject({ dev: true, line: 15 });
    expect(dep(deps, 'react').line).toBe(17);
    expect(installScripts).toEqual([{ name: 'postinstall', command: 'node setup.js', line: 5 }]);
  });

  it('package-lock.json v3: packages map, nested copies, direct flags, git and http sources', () => {
    const text = JSON.stringify(
      {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { lodash: '^4.17.20', a: '^1.0.0' }, devDependencies: { jest: '^29.0.0' } },
          'node_modules/lodash': { version: '4.17.20', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz' },
          'node_modules/a': { version: '1.0.0', resolved: 'git+ssh://git@github.com/x/a.git#abc' },
          'node_modules/a/node_modules/lodash': { version: '3.10.1' },
          'node_modules/b': { version: '2.0.0', resolved: 'http://insecure.example/b-2.0.0.tgz', dev: true },
          'node_modules/jest': { version: '29.7.0', dev: true },
        },
      },
      null,
      2,
    );
    const { deps } = parse('package-lock.json', text);
    expect(deps).toHaveLength(5);
    expect(dep(deps, 'lodash', '4.17.20')).toMatchObject({ direct: true, source: 'registry', line: 15 });
    expect(dep(deps, 'lodash', '3.10.1')).toMatchObject({ direct: false });
    expect(dep(deps, 'a')).toMatchObject({ source: 'git' });
    expect(dep(deps, 'b')).toMatchObject({ source: 'http', dev: true, direct: false });
    const lines = text.split('\n');
    expect(lines[dep(deps, 'jest').line - 1]).toContain('"node_modules/jest"');
  });

  it('package-lock.json v1: nested dependencies tree', () => {
    const text = `{
  "lockfileVersion": 1,
  "dependencies": {
    "express": {
      "version": "4.17.1",
      "dependencies": {
        "qs": { "version": "6.7.0" }
      }
    },
    "gitdep": { "version": "git+https://github.com/x/y.git#abc" }
  }
}`;
    const { deps } = parse('package-lock.json', text);
    expect(dep(deps, 'express')).toMatchObject({ version: '4.17.1', line: 4 });
    expect(dep(deps, 'qs')).toMatchObject({ version: '6.7.0', line: 7 });
    expect(dep(deps, 'gitdep').source).toBe('git');
  });

  it('pnpm-lock.yaml v9 and v6 and v5 keys', () => {
    const v9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      lodash:
        specifier: ^4.17.20
        version: 4.17.20
      react-dom:
        specifier: ^18.2.0
        version: 18.2.0(react@18.2.0)

packages:

  lodash@4.17.20:
    resolution: {integrity: sha512-x}

  '@scope/pkg@1.2.3':
    resolution: {integrity: sha512-y}

  react-dom@18.2.0:
    resolution: {integrity: sha512-z}

  plain@1.0.0:
    resolution: {integrity: sha512-w, tarball: http://mirror.example/plain-1.0.0.tgz}

snapshots:

  lodash@4.17.20: {}

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      loose-envify: 1.4.0
      scheduler: 0.23.0
`;
    const a = parse('pnpm-lock.yaml', v9).deps;
    expect(dep(a, 'lodash')).toMatchObject({ version: '4.17.20', direct: true, line: 16 });
    expect(dep(a, '@scope/pkg')).toMatchObject({ version: '1.2.3', direct: false, line: 19 });
    expect(dep(a, 'react-dom').direct).toBe(true);
    expect(dep(a, 'plain')).toMatchObject({ source: 'http', url: 'http://mirror.example/plain-1.0.0.tgz' });
    expect([...(parse('pnpm-lock.yaml', v9).requires?.get('react-dom') ?? [])]).toEqual(['loose-envify', 'scheduler']);

    const v6 = `lockfileVersion: '6.0'

dependencies:
  minimist:
    specifier: ^1.2.0
    version: 1.2.5

packages:

  /minimist@1.2.5:
    resolution: {integrity: sha512-x}
    dev: false

  /@babel/core@7.0.0(supports-color@5.5.0):
    resolution: {integrity: sha512-y}
    dev: true
`;
    const b = parse('pnpm-lock.yaml', v6).deps;
    expect(dep(b, 'minimist')).toMatchObject({ version: '1.2.5', direct: true, line: 10 });
    expect(dep(b, '@babel/core')).toMatchObject({ version: '7.0.0', dev: true, line: 14 });

    const v5 = `lockfileVersion: 5.4

specifiers:
  minimist: ^1.2.0

dependencies:
  minimist: 1.2.5

packages:

  /minimist/1.2.5:
    resolution: {integrity: sha512-x}
    dev: false

  /@types/node/18.0.0_abc:
    resolution: {integrity: sha512-y}
`;
    const c = parse('pnpm-lock.yaml', v5).deps;
    expect(dep(c, 'minimist')).toMatchObject({ version: '1.2.5', direct: true, line: 11 });
    expect(dep(c, '@types/node')).toMatchObject({ version: '18.0.0', line: 15 });
  });

  it('yarn.lock classic and berry', () => {
    const classic = `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz#abc"
  dependencies:
    "@babel/highlight" "^7.12.13"

lodash@^4.17.15:
  version "4.17.15"
  resolved "http://registry.example.com/lodash/-/lodash-4.17.15.tgz"

mylib@git+https://github.com/me/mylib.git#v1:
  version "1.0.0"
  resolved "git+https://github.com/me/mylib.git#0123abc"
`;
    const a = parse('yarn.lock', classic).deps;
    expect(dep(a, '@babel/code-frame')).toMatchObject({ version: '7.12.13', line: 5, source: 'registry' });
    expect(dep(a, 'lodash')).toMatchObject({ version: '4.17.15', line: 11, source: 'http' });
    expect(dep(a, 'mylib').source).toBe('git');
    expect(a).toHaveLength(3);
    expect([...(parse('yarn.lock', classic).requires?.get('@babel/code-frame') ?? [])]).toEqual(['@babel/highlight']);

    const berry = `__metadata:
  version: 6
  cacheKey: 8

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."

"lodash@npm:^4.17.20, lodash@npm:^4.17.21":
  version: 4.17.21
  resolution: "lodash@npm:4.17.21"
  checksum: abc
  languageName: node
  linkType: hard

"@types/node@npm:*":
  version: 20.1.0
  resolution: "@types/node@npm:20.1.0"
`;
    const b = parse('yarn.lock', berry).deps;
    expect(b).toHaveLength(2);
    expect(dep(b, 'lodash')).toMatchObject({ version: '4.17.21', line: 9 });
    expect(dep(b, '@types/node')).toMatchObject({ version: '20.1.0', line: 16 });
  });
});

describe('Python', () => {
  it('requirements.txt: pins, ranges, extras, markers, comments, -e git, URLs, hashes, options', () => {
    const text = `# production deps
-r base.txt
--index-url https://pypi.org/simple
Django==3.2.1  # LTS
requests[socks]>=2.25,<3 ; python_version >= "3.7"
flask~=2.0
-e git+https://github.com/org/proj.git@v1.0#egg=proj
http://files.example.com/pkgs/somepkg-1.2.3.tar.gz
urllib3==1.26.4 \\
    --hash=sha256:abc
Pillow
zope.interface == 5.4.0
`;
    const { deps } = parse('requirements.txt', text);
    expect(dep(deps, 'django')).toMatchObject({ ecosystem: 'PyPI', version: '==3.2.1', line: 4, direct: true, source: 'registry' });
    expect(dep(deps, 'requests')).toMatchObject({ version: '>=2.25,<3', line: 5 });
    expect(dep(deps, 'flask')).toMatchObject({ version: '~=2.0', line: 6 });
    expect(dep(deps, 'proj')).toMatchObject({ source: 'git', line: 7 });
    expect(dep(deps, 'somepkg')).toMatchObject({ source: 'http', version: '==1.2.3', line: 8 });
    expect(dep(deps, 'urllib3')).toMatchObject({ version: '==1.26.4', line: 9 });
    expect(dep(deps, 'pillow')).toMatchObject({ version: '', line: 11 });
    expect(dep(deps, 'zope-interface')).toMatchObject({ version: '==5.4.0', line: 12 });
    expect(deps).toHaveLength(8);
  });

  it('poetry.lock', () => {
    const text = `[[package]]
name = "Jinja2"
version = "2.11.2"
description = "A very fast and expressive template engine."
category = "main"
optional = false

[[package]]
name = "pytest"
version = "7.0.0"
category = "dev"

[[package]]
name = "mylib"
version = "0.1.0"

[package.source]
type = "git"
url = "https://github.com/me/mylib.git"
reference = "main"

[metadata]
lock-version = "1.1"
`;
    const { deps } = parse('poetry.lock', text);
    expect(dep(deps, 'jinja2')).toMatchObject({ version: '2.11.2', line: 2, dev: false });
    expect(dep(deps, 'pytest')).toMatchObject({ line: 9, dev: true });
    expect(dep(deps, 'mylib')).toMatchObject({ source: 'git', line: 14 });
  });

  it('Pipfile.lock', () => {
    const text = `{
    "_meta": { "hash": { "sha256": "x" } },
    "default": {
        "requests": { "hashes": [], "version": "==2.24.0" },
        "proj": { "git": "https://github.com/org/proj.git", "ref": "abc" }
    },
    "develop": {
        "pytest": { "version": "==6.0.0" }
    }
}`;
    const { deps } = parse('Pipfile.lock', text);
    expect(dep(deps, 'requests')).toMatchObject({ version: '==2.24.0', line: 4, dev: false });
    expect(dep(deps, 'proj')).toMatchObject({ source: 'git', line: 5 });
    expect(dep(deps, 'pytest')).toMatchObject({ dev: true, line: 8 });
  });

  it('pyproject.toml: PEP 621 and poetry sections', () => {
    const text = `[project]
name = "app"
dependencies = [
  "httpx>=0.23",
  "PyYAML==5.3",
]

[project.optional-dependencies]
test = ["pytest>=7"]

[tool.poetry.dependencies]
python = "^3.10"
requests = "^2.25.0"
gitdep = { git = "https://github.com/x/gitdep.git" }

[tool.poetry.group.dev.dependencies]
black = { version = "22.1.0" }
`;
    const { deps } = parse('pyproject.toml', text);
    expect(dep(deps, 'httpx')).toMatchObject({ version: '>=0.23', line: 4 });
    expect(dep(deps, 'pyyaml')).toMatchObject({ version: '==5.3', line: 5 });
    expect(dep(deps, 'pytest')).toMatchObject({ line: 9, dev: true });
    expect(dep(deps, 'requests')).toMatchObject({ version: '^2.25.0', line: 13 });
    expect(dep(deps, 'gitdep')).toMatchObject({ source: 'git', line: 14 });
    expect(dep(deps, 'black')).toMatchObject({ version: '22.1.0', line: 17, dev: true });
    expect(deps.find((d) => d.name === 'python')).toBeUndefined();
  });
});

describe('Go, Rust', () => {
  it('go.mod: require line and block, indirect, replace', () => {
    const text = `module example.com/app

go 1.21

require github.com/gin-gonic/gin v1.6.0

require (
	golang.org/x/net v0.0.0-20200202094626-16171245cfb2 // indirect
	github.com/old/mod v1.0.0
	example.com/local v0.1.0
)

exclude (
	github.com/bad/mod v1.0.0
)

replace github.com/old/mod => github.com/new/mod v1.2.0
replace example.com/local => ../local
`;
    const { deps } = parse('go.mod', text);
    expect(dep(deps, 'github.com/gin-gonic/gin')).toMatchObject({ ecosystem: 'Go', version: 'v1.6.0', direct: true, line: 5 });
    expect(dep(deps, 'golang.org/x/net')).toMatchObject({ direct: false, line: 8 });
    expect(dep(deps, 'github.com/new/mod')).toMatchObject({ version: 'v1.2.0', line: 17 });
    expect(dep(deps, 'example.com/local').source).toBe('path');
    expect(deps).toHaveLength(4);
  });

  it('Cargo.toml and Cargo.lock', () => {
    const toml = `[package]
name = "app"
version = "0.1.0"

[dependencies]
serde = "1.0.100"
tokio = { version = "1.0", features = ["full"] }
mine = { git = "https://github.com/me/mine" }

[dev-dependencies]
proptest = "1"

[dependencies.regex]
version = "1.5.4"

[target.'cfg(unix)'.dependencies]
libc = "0.2"
`;
    const a = parse('Cargo.toml', toml).deps;
    expect(dep(a, 'serde')).toMatchObject({ ecosystem: 'crates.io', version: '1.0.100', line: 6 });
    expect(dep(a, 'tokio')).toMatchObject({ version: '1.0', line: 7 });
    expect(dep(a, 'mine').source).toBe('git');
    expect(dep(a, 'proptest')).toMatchObject({ dev: true, line: 11 });
    expect(dep(a, 'regex')).toMatchObject({ version: '1.5.4', line: 13 });
    expect(dep(a, 'libc')).toMatchObject({ line: 17 });

    const lock = `version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde",
]

[[package]]
name = "serde"
version = "1.0.100"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "itoa"
version = "0.4.1"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "mine"
version = "0.1.0"
source = "git+https://github.com/me/mine#abc"
`;
    const b = parse('Cargo.lock', lock).deps;
    expect(b).toHaveLength(3);
    expect(dep(b, 'serde')).toMatchObject({ version: '1.0.100', direct: true, line: 11 });
    expect(dep(b, 'itoa')).toMatchObject({ direct: false, line: 16 });
    expect(dep(b, 'mine').source).toBe('git');
    expect([...(parse('Cargo.lock', lock).requires?.get('app') ?? [])]).toEqual(['serde']);
  });
});

describe('JVM', () => {
  it('pom.xml: properties, dependencyManagement, scope', () => {
    const text = `<?xml version="1.0"?>
<project>
  <version>2.0.0</version>
  <properties>
    <jackson.version>2.9.8</jackson.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-core</artifactId>
        <version>2.14.1</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>\${jackson.version}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
    </dependency>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>4.12</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>`;
    const { deps } = parse('pom.xml', text);
    expect(dep(deps, 'com.fasterxml.jackson.core:jackson-databind')).toMatchObject({ ecosystem: 'Maven', version: '2.9.8', line: 17, endLine: 21, versionLine: 5 });
    expect(dep(deps, 'org.apache.logging.log4j:log4j-core')).toMatchObject({ version: '2.14.1', line: 22, versionLine: 9 });
    expect(dep(deps, 'junit:junit')).toMatchObject({ version: '4.12', dev: true });
    expect(deps).toHaveLength(3);
  });

  it('build.gradle and build.gradle.kts string and map notation', () => {
    const groovy = `dependencies {
    implementation 'org.springframework:spring-core:5.2.0.RELEASE'
    testImplementation "junit:junit:4.12"
    api group: 'com.google.guava', name: 'guava', version: '28.0-jre'
    implementation "org.x:y:$yVersion"
}`;
    const a = parse('build.gradle', groovy).deps;
    expect(dep(a, 'org.springframework:spring-core')).toMatchObject({ version: '5.2.0.RELEASE', line: 2 });
    expect(dep(a, 'junit:junit')).toMatchObject({ dev: true, line: 3 });
    expect(dep(a, 'com.google.guava:guava')).toMatchObject({ version: '28.0-jre', line: 4 });
    const kts = `dependencies {\n    implementation("com.squareup.okhttp3:okhttp:4.9.0")\n}`;
    expect(dep(parse('app/build.gradle.kts', kts).deps, 'com.squareup.okhttp3:okhttp')).toMatchObject({ version: '4.9.0', line: 2 });
  });
});

describe('Ruby, PHP, .NET', () => {
  it('Gemfile.lock: GEM, GIT, DEPENDENCIES, platform suffix', () => {
    const text = `GIT
  remote: https://github.com/me/gitgem.git
  revision: abc
  specs:
    gitgem (0.1.0)

GEM
  remote: https://rubygems.org/
  specs:
    nokogiri (1.13.10-x86_64-linux)
      racc (~> 1.4)
    racc (1.6.0)
    rails (6.1.0)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  gitgem!
  rails (~> 6.1)

BUNDLED WITH
   2.3.7
`;
    const { deps } = parse('Gemfile.lock', text);
    expect(dep(deps, 'gitgem')).toMatchObject({ source: 'git', direct: true, line: 5 });
    expect(dep(deps, 'nokogiri')).toMatchObject({ version: '1.13.10', direct: false, line: 10 });
    expect(dep(deps, 'rails')).toMatchObject({ version: '6.1.0', direct: true, line: 13 });
    expect([...(parse('Gemfile.lock', text).requires?.get('nokogiri') ?? [])]).toEqual(['racc']);
    expect(deps).toHaveLength(4);
  });

  it('composer.lock: packages and packages-dev', () => {
    const text = `{
    "packages": [
        {
            "name": "guzzlehttp/guzzle",
            "version": "7.0.0",
            "source": { "type": "git", "url": "https://github.com/guzzle/guzzle.git" },
            "dist": { "type": "zip", "url": "https://api.github.com/repos/guzzle/guzzle/zipball/x" }
        },
        {
            "name": "me/private",
            "version": "dev-main",
            "source": { "type": "git", "url": "https://git.example.com/private.git" }
        }
    ],
    "packages-dev": [
        { "name": "phpunit/phpunit", "version": "v9.5.0" }
    ]
}`;
    const { deps } = parse('composer.lock', text);
    expect(dep(deps, 'guzzlehttp/guzzle')).toMatchObject({ ecosystem: 'Packagist', version: '7.0.0', line: 4, source: 'registry' });
    expect(dep(deps, 'me/private')).toMatchObject({ source: 'git', line: 10 });
    expect(dep(deps, 'phpunit/phpunit')).toMatchObject({ version: '9.5.0', dev: true, line: 16 });
  });

  it('*.csproj and packages.lock.json', () => {
    const csproj = `<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />
    <PackageReference Include="Serilog">
      <Version>2.10.0</Version>
    </PackageReference>
  </ItemGroup>
</Project>`;
    const a = parse('src/App.csproj', csproj).deps;
    expect(dep(a, 'Newtonsoft.Json')).toMatchObject({ ecosystem: 'NuGet', version: '12.0.1', line: 3 });
    expect(dep(a, 'Serilog')).toMatchObject({ version: '2.10.0', line: 4, endLine: 6 });

    const lock = `{
  "version": 1,
  "dependencies": {
    "net6.0": {
      "Newtonsoft.Json": { "type": "Direct", "requested": "[12.0.1, )", "resolved": "12.0.1" },
      "System.Runtime": { "type": "Transitive", "resolved": "4.3.0" },
      "MyProject": { "type": "Project" }
    }
  }
}`;
    const b = parse('packages.lock.json', lock).deps;
    expect(b).toHaveLength(2);
    expect(dep(b, 'Newtonsoft.Json')).toMatchObject({ direct: true, line: 5 });
    expect(dep(b, 'System.Runtime')).toMatchObject({ direct: false, line: 6 });
  });

  it('malformed input throws (the analyzer turns it into a Notice)', () => {
    expect(() => parse('package.json', '{ "dependencies": ')).toThrow();
    expect(() => parse('pom.xml', '<notaproject/>')).toThrow();
  });
});

describe('more formats the diff stage hands over', () => {
  it('Pipfile', () => {
    const text = `[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nrequests = "==2.24.0"\nflask = "*"\nproj = { git = "https://github.com/o/proj.git", ref = "main" }\n\n[dev-packages]\npytest = { version = ">=7,<8" }\n`;
    const { deps } = parse('Pipfile', text);
    expect(dep(deps, 'requests')).toMatchObject({ version: '==2.24.0', line: 5, direct: true });
    expect(dep(deps, 'flask')).toMatchObject({ version: '', line: 6 });
    expect(dep(deps, 'proj')).toMatchObject({ source: 'git', line: 7 });
    expect(dep(deps, 'pytest')).toMatchObject({ version: '>=7,<8', dev: true, line: 10 });
  });

  it('uv.lock: project skipped, its dependencies direct, git source', () => {
    const text = `version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "httpx" },
]

[[package]]
name = "httpx"
version = "0.23.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
]

[[package]]
name = "idna"
version = "3.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "gitpkg"
version = "1.0.0"
source = { git = "https://github.com/o/gitpkg?rev=main#0123456789abcdef0123456789abcdef01234567" }
`;
    const r = parse('uv.lock', text);
    expect(r.deps).toHaveLength(3);
    expect(dep(r.deps, 'httpx')).toMatchObject({ version: '0.23.0', direct: true, line: 13, endLine: 14 });
    expect(dep(r.deps, 'idna')).toMatchObject({ direct: false, line: 21 });
    expect(dep(r.deps, 'gitpkg').source).toBe('git');
    expect([...(r.requires?.get('httpx') ?? [])]).toEqual(['idna']);
  });

  it('pdm.lock (poetry layout, dependency arrays)', () => {
    const text = `[[package]]\nname = "requests"\nversion = "2.31.0"\ndependencies = [\n    "idna<4,>=2.5",\n    "urllib3<3,>=1.21.1",\n]\n`;
    const r = parse('pdm.lock', text);
    expect(dep(r.deps, 'requests')).toMatchObject({ version: '2.31.0', line: 2, endLine: 3 });
    expect([...(r.requires?.get('requests') ?? [])]).toEqual(['idna', 'urllib3']);
  });

  it('composer.json: require, require-dev, platform entries skipped, VCS and http repositories', () => {
    const text = `{
    "require": {
        "php": ">=8.1",
        "ext-json": "*",
        "monolog/monolog": "^2.0"
    },
    "require-dev": { "phpunit/phpunit": "9.5.0" },
    "repositories": [
        { "type": "vcs", "url": "https://github.com/me/fork" },
        { "type": "composer", "url": "http://packages.example.com" }
    ]
}`;
    const { deps } = parse('composer.json', text);
    expect(dep(deps, 'monolog/monolog')).toMatchObject({ ecosystem: 'Packagist', version: '^2.0', line: 5 });
    expect(dep(deps, 'phpunit/phpunit')).toMatchObject({ dev: true, line: 7 });
    expect(deps.find((d) => d.name === 'php')).toBeUndefined();
    expect(dep(deps, 'repository https://github.com/me/fork')).toMatchObject({ source: 'git', line: 9 });
    expect(dep(deps, 'repository http://packages.example.com')).toMatchObject({ source: 'http', line: 10 });
  });

  it('Gemfile: versions, groups, git/github/path, insecure source', () => {
    const text = `source "http://rubygems.org"

gem "rails", "~> 6.1.0"
gem 'pg', '>= 0.18', '< 2.0'
gem "nokogiri"
gem "mine", github: "me/mine"

group :development, :test do
  gem "rspec-rails", "6.0.0"
end
gem "local", path: "../local"
`;
    const { deps } = parse('Gemfile', text);
    expect(dep(deps, 'source http://rubygems.org')).toMatchObject({ source: 'http', line: 1 });
    expect(dep(deps, 'rails')).toMatchObject({ version: '~> 6.1.0', line: 3, dev: false });
    expect(dep(deps, 'pg')).toMatchObject({ version: '>= 0.18, < 2.0', line: 4 });
    expect(dep(deps, 'nokogiri')).toMatchObject({ version: '', line: 5 });
    expect(dep(deps, 'mine')).toMatchObject({ source: 'git', url: 'https://github.com/me/mine' });
    expect(dep(deps, 'rspec-rails')).toMatchObject({ version: '6.0.0', dev: true, line: 9 });
    expect(dep(deps, 'local')).toMatchObject({ source: 'path', dev: false });
  });

  it('packages.config and gradle.lockfile', () => {
    const config = `<?xml version="1.0" encoding="utf-8"?>\n<packages>\n  <package id="Newtonsoft.Json" version="12.0.1" targetFramework="net472" />\n  <package id="StyleCop" version="1.0.0" developmentDependency="true" />\n</packages>`;
    const a = parse('packages.config', config).deps;
    expect(dep(a, 'Newtonsoft.Json')).toMatchObject({ ecosystem: 'NuGet', version: '12.0.1', line: 3, dev: false });
    expect(dep(a, 'StyleCop').dev).toBe(true);
    const lock = `# This is a Gradle generated file for dependency locking.\ncom.google.guava:guava:28.0-jre=compileClasspath,runtimeClasspath\njunit:junit:4.12=testCompileClasspath,testRuntimeClasspath\nempty=annotationProcessor\n`;
    const b = parse('gradle.lockfile', lock).deps;
    expect(b).toHaveLength(2);
    expect(dep(b, 'com.google.guava:guava')).toMatchObject({ version: '28.0-jre', line: 2, dev: false, direct: false });
    expect(dep(b, 'junit:junit').dev).toBe(true);
  });

  it('setup.cfg and setup.py', () => {
    const cfg = `[metadata]
name = app

[options]
packages = find:
install_requires =
    requests>=2.25,<3
    Django==3.2.1 ; python_version >= "3.8"
tests_require = pytest==7.0.0

[options.extras_require]
yaml = PyYAML==5.3; ruamel.yaml>=0.17,<0.18
`;
    const a = parse('setup.cfg', cfg).deps;
    expect(dep(a, 'requests')).toMatchObject({ version: '>=2.25,<3', line: 7, dev: false });
    expect(dep(a, 'django')).toMatchObject({ version: '==3.2.1', line: 8 });
    expect(dep(a, 'pytest')).toMatchObject({ version: '==7.0.0', line: 9, dev: true });
    expect(dep(a, 'pyyaml')).toMatchObject({ version: '==5.3', line: 12 });
    expect(dep(a, 'ruamel-yaml')).toMatchObject({ version: '>=0.17,<0.18', line: 12 });
    expect(a).toHaveLength(5);

    const py = `from setuptools import setup

setup(
    name="app",
    install_requires=[
        "requests>=2.25",
        'Django==3.2.1',
    ],
    extras_require={
        "yaml": ["PyYAML==5.3"],
    },
    tests_require=["pytest"],
)
`;
    const b = parse('setup.py', py).deps;
    expect(dep(b, 'requests')).toMatchObject({ version: '>=2.25', line: 6 });
    expect(dep(b, 'django')).toMatchObject({ version: '==3.2.1', line: 7 });
    expect(dep(b, 'pyyaml')).toMatchObject({ version: '==5.3', line: 10 });
    expect(dep(b, 'pytest')).toMatchObject({ dev: true, line: 12 });
    expect(b.find((d) => d.name === 'yaml')).toBeUndefined();
    expect(b).toHaveLength(4);
  });
});
