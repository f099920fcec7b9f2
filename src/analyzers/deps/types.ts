/** Shared shapes of the deps analyzer: one declared or locked dependency, and the parser signature. */

/**
 * OSV ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field), plus CocoaPods and JSR, which
 * OSV does not define: those are parsed for the diff checks only (formats.json `notInOsv`).
 */
export type Ecosystem = 'npm' | 'PyPI' | 'Go' | 'crates.io' | 'Maven' | 'RubyGems' | 'Packagist' | 'NuGet' | 'Pub' | 'Hex' | 'CocoaPods' | 'JSR';

export type DepSource = 'registry' | 'git' | 'http' | 'file' | 'path';

export interface Dep {
  ecosystem: Ecosystem;
  name: string;
  /** As written: an exact version in lock files, a range or pin in manifests ("^1.2.3", "==2.0", "1.4"). */
  version: string;
  /** Declared by the project itself (manifest entry, or a lock file's root/importer entry). */
  direct: boolean;
  /** 1-based line in the file where it is declared. */
  line: number;
  /** Last line of a multi-line declaration (a Maven `<dependency>` block). */
  endLine?: number;
  /** Another line that sets the version (a Maven property, a managed version), preferred when it is the changed one. */
  versionLine?: number;
  source?: DepSource;
  dev?: boolean;
  /** Git/http/file URL when source is not the registry, for the message. */
  url?: string;
  /** Not a package but a package source every package may come from (Gemfile `source`, composer `repositories`). */
  packageSource?: boolean;
}

/** A package.json lifecycle script that runs on install. */
export interface InstallScript {
  name: string;
  command: string;
  line: number;
}

export interface ParseResult {
  deps: Dep[];
  installScripts?: InstallScript[];
  /**
   * Lock files: package name → names it depends on (all versions merged). Lets a transitive package be
   * traced to the direct dependency that pulls it in.
   */
  requires?: Map<string, Set<string>>;
}

/** Add edges name → each of `deps` to a requires graph. */
export function addEdges(graph: Map<string, Set<string>>, name: string, deps: Iterable<string>): void {
  let set = graph.get(name);
  if (!set) graph.set(name, (set = new Set()));
  for (const d of deps) set.add(d);
}

/** A parser receives the whole text of one file and throws on malformed input (the analyzer turns it into a Notice). */
export type Parser = (text: string) => ParseResult;

export type FileKind = 'manifest' | 'lock';
