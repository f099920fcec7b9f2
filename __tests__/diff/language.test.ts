import { describe, expect, it } from 'vitest';
import { detectLanguage, knownLanguages, shebangLanguage } from '../../src/diff/language.js';

/** The ids every analyzer agrees on (common brief). */
const SHARED_IDS = ['python', 'javascript', 'typescript', 'tsx', 'java', 'go', 'rust', 'c', 'cpp', 'csharp', 'php', 'ruby', 'scala', 'kotlin', 'swift', 'lua', 'bash', 'dart', 'hcl', 'yaml', 'json', 'toml', 'xml', 'dockerfile', 'sql', 'html', 'css', 'markdown', 'r', 'perl', 'elixir', 'haskell', 'objc', 'groovy', 'powershell', 'makefile', 'properties', 'ini', 'dotenv', 'protobuf', 'graphql', 'vue', 'svelte'];

describe('detectLanguage', () => {
  it.each([
    ['app/main.py', 'python'], ['x.pyi', 'python'],
    ['a.js', 'javascript'], ['a.jsx', 'javascript'], ['a.mjs', 'javascript'], ['a.cjs', 'javascript'],
    ['a.ts', 'typescript'], ['types.d.ts', 'typescript'], ['a.mts', 'typescript'], ['App.tsx', 'tsx'],
    ['A.java', 'java'], ['main.go', 'go'], ['lib.rs', 'rust'], ['x.c', 'c'], ['x.h', 'c'], ['x.cpp', 'cpp'], ['x.hpp', 'cpp'], ['X.cs', 'csharp'],
    ['i.php', 'php'], ['a.rb', 'ruby'], ['A.scala', 'scala'], ['A.kt', 'kotlin'], ['build.gradle.kts', 'kotlin'], ['A.swift', 'swift'], ['a.lua', 'lua'],
    ['run.sh', 'bash'], ['x.zsh', 'bash'], ['a.dart', 'dart'], ['main.tf', 'hcl'], ['x.tfvars', 'hcl'],
    ['.github/workflows/ci.yml', 'yaml'], ['k.yaml', 'yaml'], ['package.json', 'json'], ['Cargo.toml', 'toml'], ['pom.xml', 'xml'], ['App.csproj', 'xml'],
    ['Dockerfile', 'dockerfile'], ['docker/Dockerfile.prod', 'dockerfile'], ['api.Dockerfile', 'dockerfile'], ['Containerfile', 'dockerfile'],
    ['q.sql', 'sql'], ['i.html', 'html'], ['s.css', 'css'], ['s.scss', 'css'], ['README.md', 'markdown'], ['a.R', 'r'], ['a.pl', 'perl'],
    ['a.ex', 'elixir'], ['a.exs', 'elixir'], ['A.hs', 'haskell'], ['A.m', 'objc'], ['Jenkinsfile', 'groovy'], ['build.gradle', 'groovy'], ['a.ps1', 'powershell'],
    ['Makefile', 'makefile'], ['GNUmakefile', 'makefile'], ['CMakeLists.txt', 'makefile'], ['x.mk', 'makefile'],
    ['app.properties', 'properties'], ['setup.cfg', 'ini'], ['x.ini', 'ini'], ['.env', 'dotenv'], ['config/.env.production', 'dotenv'],
    ['a.proto', 'protobuf'], ['s.graphql', 'graphql'], ['App.vue', 'vue'], ['App.svelte', 'svelte'], ['Gemfile', 'ruby'], ['Rakefile', 'ruby'],
    ['UPPER.PY', 'python'],
  ])('%s → %s', (path, lang) => {
    expect(detectLanguage(path)).toBe(lang);
  });

  it('leaves unknown files undefined', () => {
    expect(detectLanguage('LICENSE')).toBeUndefined();
    expect(detectLanguage('notes.txt')).toBeUndefined();
    expect(detectLanguage('image.png')).toBeUndefined();
  });

  it.each([
    ['#!/usr/bin/env python3', 'python'], ['#!/usr/bin/python3.12 -u', 'python'], ['#!/usr/bin/env node', 'javascript'], ['#!/bin/bash', 'bash'],
    ['#!/bin/sh -e', 'bash'], ['#!/usr/bin/env zsh', 'bash'], ['#!/usr/bin/env ruby', 'ruby'], ['#!/usr/bin/perl -w', 'perl'], ['#!/usr/bin/env php', 'php'],
    ['#!/usr/bin/env -S deno run', 'typescript'], ['#!/usr/bin/env FOO=1 python', 'python'],
  ])('shebang %s → %s', (line, lang) => {
    expect(shebangLanguage(line)).toBe(lang);
    expect(detectLanguage('bin/tool', line)).toBe(lang);
  });

  it('prefers the extension over a shebang, and ignores non-shebang first lines', () => {
    expect(detectLanguage('x.py', '#!/bin/bash')).toBe('python');
    expect(detectLanguage('tool', 'echo hi')).toBeUndefined();
  });

  it('produces only shared ids, and at least 30 of them', () => {
    const known = knownLanguages();
    for (const id of known) expect(SHARED_IDS).toContain(id);
    expect(known.length).toBeGreaterThanOrEqual(30);
  });
});
