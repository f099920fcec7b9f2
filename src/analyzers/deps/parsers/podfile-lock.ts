/**
 * Podfile.lock (CocoaPods), YAML:
 *   PODS: a list of "Name (1.2.3)" or {"Name/Subspec (1.2.3)": ["Dep (~> 1.0)", …]};
 *   DEPENDENCIES: what the Podfile declares ("Name (~> 1.2)", "Name (from `../path`)");
 *   EXTERNAL SOURCES / CHECKOUT OPTIONS: git, path or podspec sources and the checked-out commit.
 * Subspecs ("Firebase/Core") are folded into their pod ("Firebase"): they share one version. OSV defines no
 * CocoaPods ecosystem, so these packages only get the diff checks (see formats.json `notInOsv`).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { addEdges, type Dep, type DepSource, type ParseResult } from '../types.js';

/**
 * "Name/Sub (1.2.3)" → root name and the parenthesised text. Split by hand, not with one regex: a pattern with
 * optional whitespace on both sides of an optional group backtracks quadratically on long blank runs (60,000
 * characters took 0.9 s).
 */
function splitPod(spec: string): { name: string; paren?: string } {
  const s = spec.trim();
  let end = 0;
  while (end < s.length && s[end] !== '(' && !/\s/.test(s[end]!)) end++;
  const full = s.slice(0, end) || s;
  const rest = s.slice(end).trim();
  const paren = rest.startsWith('(') && rest.endsWith(')') ? rest.slice(1, -1) : undefined;
  return { name: full.split('/')[0]!, paren };
}

const field = (v: unknown, key: string): string | undefined => {
  if (!v || typeof v !== 'object') return undefined;
  const x = (v as Record<string, unknown>)[key];
  return typeof x === 'string' ? x : undefined;
};

export function parsePodfileLock(text: string): ParseResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  if (!isMap(doc.contents)) throw new Error('not a Podfile.lock (no top-level map)');
  const root = doc.contents;
  const pods = root.get('PODS', true) as YamlNode | undefined;
  if (pods !== undefined && !isSeq(pods) && !(isScalar(pods) && pods.value === null)) throw new Error('`PODS` is not a list');
  const json = root.toJSON() as Record<string, unknown>;
  const declared = new Set<string>();
  for (const d of Array.isArray(json['DEPENDENCIES']) ? (json['DEPENDENCIES'] as unknown[]) : []) if (typeof d === 'string') declared.add(splitPod(d).name);
  const external = (json['EXTERNAL SOURCES'] ?? {}) as Record<string, unknown>;
  const checkout = (json['CHECKOUT OPTIONS'] ?? {}) as Record<string, unknown>;
  const deps: Dep[] = [];
  const seen = new Set<string>();
  const requires = new Map<string, Set<string>>();
  const lineOf = (node: YamlNode | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line : 1);
  for (const item of isSeq(pods) ? pods.items : []) {
    let specNode: YamlNode | undefined;
    let children: unknown[] = [];
    if (isScalar(item)) specNode = item;
    else if (isMap(item) && item.items[0] && isScalar(item.items[0].key)) {
      specNode = item.items[0].key;
      const v = item.items[0].value;
      children = isSeq(v) ? (v.toJSON() as unknown[]) : [];
    } else continue;
    const spec = String((specNode as { value?: unknown }).value ?? '');
    const { name, paren } = splitPod(spec);
    addEdges(requires, name, children.filter((c): c is string => typeof c === 'string').map((c) => splitPod(c).name).filter((c) => c !== name));
    if (!paren || seen.has(name)) continue;
    seen.add(name);
    const ext = external[name];
    const git = field(ext, ':git');
    const path = field(ext, ':path');
    const podspec = field(ext, ':podspec');
    let source: DepSource = 'registry';
    let url: string | undefined;
    if (git) {
      source = 'git';
      const commit = field(checkout[name], ':commit') ?? field(ext, ':commit') ?? field(ext, ':tag') ?? field(ext, ':branch');
      url = commit ? `${git}#${commit}` : git;
    } else if (path) source = 'path';
    else if (podspec) {
      url = podspec;
      source = /^http:\/\//i.test(podspec) ? 'http' : /^https:\/\//i.test(podspec) ? 'registry' : 'path';
    }
    deps.push({ ecosystem: 'CocoaPods', name, version: paren.trim(), direct: declared.has(name), line: lineOf(specNode), source, url });
  }
  return { deps, requires };
}
