import { describe, expect, it } from 'vitest';
import { grammarFor, loadLanguage, parse, supportedLanguages, wasmAssets, withTree } from '../../src/parse/index.js';

// One small valid program per grammar: every shipped grammar must load and parse it without ERROR nodes.
const SAMPLES: Record<string, string> = {
  bash: 'f() { echo "$1"; }\n',
  c: 'int add(int a, int b) { return a + b; }\n',
  cpp: 'template <class T> T add(T a, T b) { return a + b; }\n',
  csharp: 'class A { int Add(int a, int b) { return a + b; } }\n',
  css: 'a { color: red; }\n',
  dart: 'int add(int a, int b) { return a + b; }\n',
  elixir: 'defmodule A do\n  def add(a, b), do: a + b\nend\n',
  go: 'package main\nfunc add(a, b int) int { return a + b }\n',
  haskell: 'add :: Int -> Int -> Int\nadd a b = a + b\n',
  hcl: 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
  html: '<p>hello</p>\n',
  java: 'class A { int add(int a, int b) { return a + b; } }\n',
  javascript: 'function add(a, b) { return a + b; }\n',
  json: '{"a": [1, 2]}\n',
  kotlin: 'fun add(a: Int, b: Int): Int { return a + b }\n',
  lua: 'local function add(a, b) return a + b end\n',
  perl: 'sub add { my ($a, $b) = @_; return $a + $b; }\n',
  php: '<?php function add($a, $b) { return $a + $b; }\n',
  python: 'def add(a, b):\n    return a + b\n',
  r: 'add <- function(a, b) { a + b }\n',
  ruby: 'def add(a, b)\n  a + b\nend\n',
  rust: 'fn add(a: i32, b: i32) -> i32 { a + b }\n',
  scala: 'object A { def add(a: Int, b: Int): Int = a + b }\n',
  swift: 'func add(a: Int, b: Int) -> Int { return a + b }\n',
  tsx: 'const A = (p: { n: number }) => <div>{p.n}</div>;\n',
  typescript: 'function add(a: number, b: number): number { return a + b; }\n',
  yaml: 'on:\n  push:\n    branches: [main]\n',
  zig: 'fn add(a: i32, b: i32) i32 {\n    return a + b;\n}\n',
};

describe('tree-sitter grammars', () => {
  it('ships at least 20 languages and a sample for each', () => {
    expect(supportedLanguages().length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(SAMPLES).sort()).toEqual(supportedLanguages());
  });

  it.each(Object.entries(SAMPLES))('%s loads and parses its sample cleanly', async (language, code) => {
    const result = await withTree(language, code, (tree) => ({ error: tree.rootNode.hasError, end: tree.rootNode.endIndex }));
    expect(result).toEqual({ error: false, end: code.length });
  });

  it('reports syntax errors instead of throwing', async () => {
    const tree = await parse('python', 'def broken(:\n  return\n');
    expect(tree?.rootNode.hasError).toBe(true);
    tree?.delete();
  });

  it('answers undefined for languages without a grammar', async () => {
    expect(grammarFor('cobol')).toBeUndefined();
    expect(await loadLanguage('cobol')).toBeUndefined();
    expect(await withTree('markdown-unknown', 'x', () => 1)).toBeUndefined();
  });

  it('lists every wasm file the bundle needs, runtime included', () => {
    const names = wasmAssets().map((a) => a.to);
    expect(names).toContain('web-tree-sitter.wasm');
    expect(names.length).toBe(supportedLanguages().length + 1);
  });
});
