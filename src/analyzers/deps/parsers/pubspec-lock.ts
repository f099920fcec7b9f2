/**
 * pubspec.lock (Dart/Flutter): `packages.<name>` with `version`, `source` (hosted, git, path, sdk) and
 * `dependency` ("direct main", "direct dev", "direct overridden", "transitive"). SDK packages (flutter,
 * flutter_test) come with the SDK, not from pub.dev, and are skipped. The lock file records no edges.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Dep, DepSource, ParseResult } from '../types.js';

/** The public registries: packages hosted anywhere else carry their URL (so a plain-http host is flagged). */
const PUB_HOSTS = /^https:\/\/(pub\.dev|pub\.dartlang\.org)\/?$/;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export function parsePubspecLock(text: string): ParseResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  if (!isMap(doc.contents)) throw new Error('not a pubspec.lock (no top-level map)');
  const packages = doc.contents.get('packages', true) as YamlNode | undefined;
  if (packages === undefined || (isScalar(packages) && packages.value === null)) return { deps: [] };
  if (!isMap(packages)) throw new Error('`packages` is not a map');
  const deps: Dep[] = [];
  for (const pair of packages.items) {
    const key = isScalar(pair.key) ? str(pair.key.value) : undefined;
    if (!key || !isMap(pair.value)) continue;
    const entry = pair.value.toJSON() as Record<string, unknown>;
    const version = str(entry['version']);
    const kind = str(entry['source']);
    if (!version || kind === 'sdk') continue;
    const description = entry['description'];
    const desc = description && typeof description === 'object' ? (description as Record<string, unknown>) : {};
    const dependency = str(entry['dependency']) ?? '';
    let source: DepSource = 'registry';
    let url: string | undefined;
    if (kind === 'git') {
      source = 'git';
      const ref = str(desc['resolved-ref']) ?? str(desc['ref']);
      url = `${str(desc['url']) ?? str(description) ?? ''}${ref ? `#${ref}` : ''}`;
    } else if (kind === 'path') source = 'path';
    else {
      const host = str(desc['url']);
      if (host && !PUB_HOSTS.test(host)) url = host;
      if (host && /^http:\/\//i.test(host)) source = 'http';
    }
    const line = pair.key && isScalar(pair.key) && pair.key.range ? counter.linePos(pair.key.range[0]).line : 1;
    const versionNode = pair.value.items.find((p) => isScalar(p.key) && p.key.value === 'version')?.key as YamlNode | undefined;
    const versionLine = versionNode?.range ? counter.linePos(versionNode.range[0]).line : undefined;
    const end = pair.value.range ? counter.linePos(Math.max(pair.value.range[0], pair.value.range[1] - 1)).line : line;
    deps.push({
      ecosystem: 'Pub',
      name: str(desc['name']) ?? key,
      version,
      direct: dependency.startsWith('direct'),
      dev: dependency === 'direct dev',
      line,
      endLine: end > line ? end : undefined,
      versionLine,
      source,
      url,
    });
  }
  return { deps };
}
