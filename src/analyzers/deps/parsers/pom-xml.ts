/**
 * pom.xml: `<dependency>` blocks (also inside `<dependencyManagement>` and plugins), with `${property}`
 * substitution from `<properties>` and `${project.version}`; a dependency without a version takes the managed one.
 * fast-xml-parser reads the model values; the blocks are located in the text for their lines.
 */
import { XMLParser } from 'fast-xml-parser';
import { lineIndex } from '../locate.js';
import type { Dep, ParseResult } from '../types.js';

interface Block {
  group: string;
  artifact: string;
  version?: string;
  scope?: string;
  line: number;
  endLine: number;
  versionLine?: number;
  managed: boolean;
}

/** Text of the first `<name>…</name>` in a block (no nested tags in the ones we read). */
function tag(body: string, name: string): string | undefined {
  const open = body.indexOf(`<${name}>`);
  if (open < 0) return undefined;
  const start = open + name.length + 2;
  const end = body.indexOf(`</${name}>`, start);
  if (end < 0) return undefined;
  const text = body.slice(start, end);
  return text.includes('<') ? undefined : text.trim();
}

export function parsePomXml(text: string): ParseResult {
  const doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false }).parse(text) as { project?: Record<string, unknown> };
  const project = doc.project;
  if (!project || typeof project !== 'object') throw new Error('no <project> element');
  const props = new Map<string, string>();
  for (const [k, v] of Object.entries((project.properties as Record<string, unknown>) ?? {})) if (typeof v === 'string' || typeof v === 'number') props.set(k, String(v));
  const parent = project.parent as Record<string, unknown> | undefined;
  const projectVersion = String(project.version ?? parent?.version ?? '');
  props.set('project.version', projectVersion);
  props.set('version', projectVersion);

  const lineOf = lineIndex(text);
  const propLine = (name: string): number | undefined => {
    const at = text.indexOf(`<${name}>`);
    return at >= 0 ? lineOf(at) : undefined;
  };
  // Ranges of <dependencyManagement> sections: blocks inside them only manage versions.
  const managedRanges: Array<[number, number]> = [];
  for (const m of text.matchAll(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/g)) managedRanges.push([m.index, m.index + m[0].length]);
  const blocks: Block[] = [];
  for (const m of text.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
    const body = m[1]!.replace(/<!--[\s\S]*?-->/g, '');
    const group = tag(body, 'groupId');
    const artifact = tag(body, 'artifactId');
    if (!group || !artifact) continue;
    let version = tag(body, 'version');
    let versionLine: number | undefined;
    const ref = version ? /^\$\{([^}]+)\}$/.exec(version) : null;
    if (ref) {
      version = props.get(ref[1]!);
      versionLine = propLine(ref[1]!);
    }
    blocks.push({
      group: substitute(group, props),
      artifact: substitute(artifact, props),
      version: version ? substitute(version, props) : undefined,
      scope: tag(body, 'scope'),
      line: lineOf(m.index),
      endLine: lineOf(m.index + m[0].length - 1),
      versionLine,
      managed: managedRanges.some(([a, b]) => m.index > a && m.index < b),
    });
  }
  const managed = new Map(blocks.filter((b) => b.managed).map((b) => [`${b.group}:${b.artifact}`, b]));
  const deps: Dep[] = [];
  const used = new Set<string>();
  for (const b of blocks) {
    const name = `${b.group}:${b.artifact}`;
    if (b.managed) continue;
    const m = managed.get(name);
    const version = b.version ?? m?.version;
    if (!version) continue;
    used.add(name);
    const versionLine = b.version ? b.versionLine : (m?.versionLine ?? m?.line);
    deps.push({ ecosystem: 'Maven', name, version, direct: true, line: b.line, endLine: b.endLine, versionLine, dev: b.scope === 'test', source: 'registry' });
  }
  for (const [name, b] of managed) {
    if (used.has(name) || !b.version) continue;
    deps.push({ ecosystem: 'Maven', name, version: b.version, direct: true, line: b.line, endLine: b.endLine, versionLine: b.versionLine, dev: b.scope === 'test', source: 'registry' });
  }
  return { deps };
}

function substitute(value: string, props: Map<string, string>): string {
  return value.replace(/\$\{([^}]+)\}/g, (all, key: string) => props.get(key) ?? all);
}
