/** `query` rules: tree-sitter S-expression queries (with #match?/#eq? predicates) plus optional capture filters. */
import { Query, type Language, type Node } from 'web-tree-sitter';
import { re, type LoadedRule } from './ruleset.js';
import type { Hit } from './finding.js';

// Compiled per (grammar, rule): a Query belongs to one Language object.
const cache = new WeakMap<Language, Map<string, Query | Error>>();

export function compileQuery(lang: Language, rule: LoadedRule): Query | Error {
  let perLang = cache.get(lang);
  if (!perLang) {
    perLang = new Map();
    cache.set(lang, perLang);
  }
  let q = perLang.get(rule.id);
  if (!q) {
    try {
      q = new Query(lang, rule.query!);
    } catch (e) {
      q = e instanceof Error ? e : new Error(String(e));
    }
    perLang.set(rule.id, q);
  }
  return q;
}

/** Text of the nearest enclosing function (by the language table), else of the whole file. */
function enclosingText(node: Node, functionTypes: string[]): string {
  let n: Node | null = node.parent;
  while (n) {
    if (functionTypes.includes(n.type)) return n.text;
    if (!n.parent) return n.text;
    n = n.parent;
  }
  return node.text;
}

export function runQuery(query: Query, rule: LoadedRule, root: Node, functionTypes: string[] = []): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const match of query.matches(root)) {
    const byName = new Map<string, Node>();
    for (const c of match.captures) if (!byName.has(c.name)) byName.set(c.name, c.node);
    const ok = (rule.filters ?? []).every((f) => {
      const node = byName.get(f.capture);
      if (!node) return false;
      if (f.match !== undefined && !re(f.match).test(node.text)) return false;
      if (f.notMatch !== undefined && re(f.notMatch).test(node.text)) return false;
      if (f.within !== undefined || f.notWithin !== undefined) {
        const scope = enclosingText(node, functionTypes);
        if (f.within !== undefined && !re(f.within).test(scope)) return false;
        if (f.notWithin !== undefined && re(f.notWithin).test(scope)) return false;
      }
      return true;
    });
    if (!ok) continue;
    const node = byName.get('report') ?? match.captures[0]?.node;
    if (!node) continue;
    const key = `${node.startIndex}:${node.endIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({
      startLine: node.startPosition.row + 1,
      endLine: node.endPosition.row + 1,
      startColumn: node.startPosition.column + 1,
      endColumn: node.endPosition.column + 1,
    });
  }
  return hits;
}
