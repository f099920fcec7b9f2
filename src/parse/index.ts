/**
 * Shared tree-sitter access for every analyzer that needs syntax (complexity, sast, the AI suggestion check).
 * Grammars are wasm files: in the bundle they sit in dist/wasm/ beside dist/index.js; in development and tests
 * they are read straight from their npm packages. Languages load lazily, once per process, so a PR touching
 * only Go files never pays for the other grammars.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import GRAMMARS_JSON from './grammars.json' with { type: 'json' };

export type { Language, Node, Parser, Query, Tree } from 'web-tree-sitter';

interface GrammarSpec {
  file: string;
  package: string;
  dir?: string;
}

const GRAMMARS: Record<string, GrammarSpec> = Object.fromEntries(
  Object.entries(GRAMMARS_JSON).filter(([k]) => !k.startsWith('//')),
) as Record<string, GrammarSpec>;

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Grammar name for a language id ("go", "tsx"…), or undefined when we have no parser for it. */
export function grammarFor(language: string | undefined): string | undefined {
  if (!language) return undefined;
  const spec = GRAMMARS[language];
  return spec ? spec.file.replace(/^tree-sitter-|\.wasm$/g, '') : undefined;
}

export function supportedLanguages(): string[] {
  return Object.keys(GRAMMARS).sort();
}

/** A package's root folder. Some packages hide package.json behind an `exports` map, so fall back to the entry. */
function packageDir(pkg: string): string | undefined {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    // fall through
  }
  try {
    let dir = dirname(require.resolve(pkg));
    while (dir !== dirname(dir)) {
      if (existsSync(join(dir, 'package.json')) && dir.endsWith(pkg.replace('/', sep))) return dir;
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return undefined;
}

/** Where a wasm file lives: beside the bundle first (dist/wasm), then in node_modules. */
function locate(file: string, pkg: string, sub?: string): string | undefined {
  const bundled = join(here, 'wasm', file);
  if (existsSync(bundled)) return bundled;
  const dir = packageDir(pkg);
  const fromPkg = dir ? join(dir, sub ?? '', file) : undefined;
  return fromPkg && existsSync(fromPkg) ? fromPkg : undefined;
}

/** Files the build copies into dist/wasm/: the runtime itself plus every grammar. */
export function wasmAssets(): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  const runtime = locate('web-tree-sitter.wasm', 'web-tree-sitter');
  if (runtime) out.push({ from: runtime, to: 'web-tree-sitter.wasm' });
  for (const spec of Object.values(GRAMMARS)) {
    const from = locate(spec.file, spec.package, spec.dir);
    if (from) out.push({ from, to: spec.file });
  }
  return out;
}

let initialised: Promise<void> | undefined;
function init(): Promise<void> {
  initialised ??= Parser.init({
    locateFile: (name: string) => locate(name, 'web-tree-sitter') ?? name,
  });
  return initialised;
}

const languages = new Map<string, Promise<Language | undefined>>();
const parsers = new Map<string, Parser>();

/** The loaded grammar for a language id, or undefined when unsupported or the wasm is missing/broken. */
export function loadLanguage(language: string): Promise<Language | undefined> {
  let p = languages.get(language);
  if (!p) {
    p = (async () => {
      const spec = GRAMMARS[language];
      if (!spec) return undefined;
      await init();
      const path = locate(spec.file, spec.package, spec.dir);
      if (!path) return undefined;
      return Language.load(path);
    })();
    languages.set(language, p);
  }
  return p;
}

/** Parse `text`; the caller owns the tree and must call `tree.delete()`. Undefined when no grammar. */
export async function parse(language: string, text: string): Promise<Tree | undefined> {
  const lang = await loadLanguage(language);
  if (!lang) return undefined;
  let parser = parsers.get(language);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(lang);
    parsers.set(language, parser);
  }
  return parser.parse(text) ?? undefined;
}

/** Parse, hand the tree to `fn`, and always free it (wasm memory is not garbage-collected). */
export async function withTree<T>(language: string, text: string, fn: (tree: Tree, lang: Language) => T | Promise<T>): Promise<T | undefined> {
  const lang = await loadLanguage(language);
  if (!lang) return undefined;
  const tree = await parse(language, text);
  if (!tree) return undefined;
  try {
    return await fn(tree, lang);
  } finally {
    tree.delete();
  }
}
