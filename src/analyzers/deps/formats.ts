/** File name → parser, from the data table in formats.json; the parser ids map to the small per-format modules. */
import picomatch from 'picomatch';
import FORMATS from './formats.json' with { type: 'json' };
import type { Ecosystem, FileKind, Parser } from './types.js';
import { parseBunLock } from './parsers/bun-lock.js';
import { parseCargoLock } from './parsers/cargo-lock.js';
import { parseCargoToml } from './parsers/cargo-toml.js';
import { parseComposerJson } from './parsers/composer-json.js';
import { parseComposerLock } from './parsers/composer-lock.js';
import { parseCsproj } from './parsers/csproj.js';
import { parseDenoLock } from './parsers/deno-lock.js';
import { parseGemfile } from './parsers/gemfile.js';
import { parseGemfileLock } from './parsers/gemfile-lock.js';
import { parseGoMod } from './parsers/go-mod.js';
import { parseGradle } from './parsers/gradle.js';
import { parseGradleLockfile } from './parsers/gradle-lockfile.js';
import { parseMixLock } from './parsers/mix-lock.js';
import { parseNugetLock } from './parsers/nuget-lock.js';
import { parsePackageJson } from './parsers/package-json.js';
import { parsePackageLock } from './parsers/package-lock.js';
import { parsePipfile } from './parsers/pipfile.js';
import { parsePipfileLock } from './parsers/pipfile-lock.js';
import { parsePackagesConfig } from './parsers/packages-config.js';
import { parsePnpmLock } from './parsers/pnpm-lock.js';
import { parsePodfileLock } from './parsers/podfile-lock.js';
import { parsePoetryLock } from './parsers/poetry-lock.js';
import { parsePomXml } from './parsers/pom-xml.js';
import { parsePubspecLock } from './parsers/pubspec-lock.js';
import { parsePyproject } from './parsers/pyproject.js';
import { parseRequirements } from './parsers/requirements.js';
import { parseSetupCfg } from './parsers/setup-cfg.js';
import { parseSetupPy } from './parsers/setup-py.js';
import { parseUvLock } from './parsers/uv-lock.js';
import { parseYarnLock } from './parsers/yarn-lock.js';

export const PARSERS: Record<string, Parser> = {
  'package-json': parsePackageJson,
  'package-lock': parsePackageLock,
  'pnpm-lock': parsePnpmLock,
  'yarn-lock': parseYarnLock,
  requirements: parseRequirements,
  'poetry-lock': parsePoetryLock,
  'pipfile-lock': parsePipfileLock,
  pipfile: parsePipfile,
  'uv-lock': parseUvLock,
  pyproject: parsePyproject,
  'setup-cfg': parseSetupCfg,
  'setup-py': parseSetupPy,
  'go-mod': parseGoMod,
  'cargo-toml': parseCargoToml,
  'cargo-lock': parseCargoLock,
  'pom-xml': parsePomXml,
  gradle: parseGradle,
  'gradle-lockfile': parseGradleLockfile,
  'gemfile-lock': parseGemfileLock,
  gemfile: parseGemfile,
  'composer-lock': parseComposerLock,
  'composer-json': parseComposerJson,
  csproj: parseCsproj,
  'nuget-lock': parseNugetLock,
  'packages-config': parsePackagesConfig,
  'bun-lock': parseBunLock,
  'deno-lock': parseDenoLock,
  'pubspec-lock': parsePubspecLock,
  'mix-lock': parseMixLock,
  'podfile-lock': parsePodfileLock,
};

const NOT_IN_OSV = new Set<string>(FORMATS.notInOsv);

/** False for the ecosystems OSV does not define (CocoaPods, JSR): their packages are not sent to OSV. */
export const inOsv = (ecosystem: Ecosystem): boolean => !NOT_IN_OSV.has(ecosystem);

export interface Format {
  parser: string;
  ecosystem: Ecosystem;
  kind: FileKind;
}

const TABLE = FORMATS.formats.map((f) => ({
  format: { parser: f.parser, ecosystem: f.ecosystem as Ecosystem, kind: f.kind as FileKind },
  matchPath: 'matchPath' in f && f.matchPath === true,
  test: picomatch(f.glob, { dot: true }),
}));

/** The format of a repository path, or undefined when it is not a manifest or lock file we read. */
export function formatOf(path: string): Format | undefined {
  const parts = path.split('/');
  const base = parts[parts.length - 1]!;
  const tail2 = parts.slice(-2).join('/');
  for (const t of TABLE) if (t.test(t.matchPath ? tail2 : base)) return t.format;
  return undefined;
}

/** Parse one file by its path; undefined when the path is not a known format. */
export function parseFile(path: string, text: string): (ReturnType<Parser> & { format: Format }) | undefined {
  const format = formatOf(path);
  if (!format) return undefined;
  return { ...PARSERS[format.parser]!(text), format };
}
