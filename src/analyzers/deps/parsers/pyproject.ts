/**
 * pyproject.toml: PEP 621 `[project] dependencies` / `optional-dependencies` (PEP 508 strings) and Poetry's
 * `[tool.poetry.dependencies]`, `dev-dependencies` and `group.<name>.dependencies` tables.
 */
import { parse } from 'smol-toml';
import { lineIndex, sourceOfUrl, tomlKeyLines } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';
import { normalizePyName, parseRequirement } from './pep508.js';

type PoetrySpec = string | { version?: string; git?: string; url?: string; path?: string };

export function parsePyproject(text: string): ParseResult {
  const doc = parse(text) as {
    project?: { dependencies?: string[]; 'optional-dependencies'?: Record<string, string[]> };
    tool?: { poetry?: { dependencies?: Record<string, PoetrySpec>; 'dev-dependencies'?: Record<string, PoetrySpec>; group?: Record<string, { dependencies?: Record<string, PoetrySpec> }> } };
  };
  const keys = tomlKeyLines(text);
  const lineOf = lineIndex(text);
  const deps: Dep[] = [];

  // PEP 621 arrays: each string is found in the text after the array's key.
  const fromArray = (items: string[] | undefined, keyLine: number | undefined, dev: boolean) => {
    let from = keyLine ? offsetOfLine(text, keyLine) : 0;
    for (const item of items ?? []) {
      if (typeof item !== 'string') continue;
      const req = parseRequirement(item);
      if (!req) continue;
      let at = text.indexOf(JSON.stringify(item).slice(1, -1), from);
      if (at < 0) at = from;
      else from = at + 1;
      deps.push({ ecosystem: 'PyPI', name: req.name, version: req.spec, direct: true, line: lineOf(at), dev, source: req.source, url: req.url });
    }
  };
  fromArray(doc.project?.dependencies, keys.get('project.dependencies'), false);
  for (const [group, items] of Object.entries(doc.project?.['optional-dependencies'] ?? {})) {
    fromArray(items, keys.get(`project.optional-dependencies.${group}`), /^(dev|test|tests|lint|docs)$/.test(group));
  }

  const fromTable = (table: Record<string, PoetrySpec> | undefined, prefix: string, dev: boolean) => {
    for (const [rawName, spec] of Object.entries(table ?? {})) {
      if (rawName.toLowerCase() === 'python') continue;
      const line = keys.get(`${prefix}.${rawName}`) ?? keys.get(prefix) ?? 1;
      const dep: Dep = { ecosystem: 'PyPI', name: normalizePyName(rawName), version: '', direct: true, line, dev, source: 'registry' };
      if (typeof spec === 'string') dep.version = spec;
      else if (spec && typeof spec === 'object') {
        dep.version = spec.version ?? '';
        if (spec.git) Object.assign(dep, { source: 'git', url: spec.git });
        else if (spec.url) Object.assign(dep, { source: sourceOfUrl(spec.url) ?? 'http', url: spec.url });
        else if (spec.path) dep.source = 'path';
      }
      deps.push(dep);
    }
  };
  const poetry = doc.tool?.poetry;
  fromTable(poetry?.dependencies, 'tool.poetry.dependencies', false);
  fromTable(poetry?.['dev-dependencies'], 'tool.poetry.dev-dependencies', true);
  for (const [group, g] of Object.entries(poetry?.group ?? {})) fromTable(g?.dependencies, `tool.poetry.group.${group}.dependencies`, group !== 'main');
  return { deps };
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return offset;
    offset = nl + 1;
  }
  return offset;
}
