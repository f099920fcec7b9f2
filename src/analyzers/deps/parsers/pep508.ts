/** PEP 508 requirement strings (`name[extras] >=1,<2 ; markers`, `name @ url`) and PEP 503 name normalisation. */
import { sourceOfUrl } from '../locate.js';
import type { DepSource } from '../types.js';

export const normalizePyName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

export interface Requirement {
  name: string;
  /** Version specifier as written without spaces ("==1.2.3", ">=1,<2"), or "" when unconstrained. */
  spec: string;
  source: DepSource;
  url?: string;
}

/** Drop a ` # comment` (a `#` after whitespace; `#egg=` inside a URL stays). */
function stripComment(line: string): string {
  for (let at = line.indexOf('#'); at >= 0; at = line.indexOf('#', at + 1)) if (at === 0 || /\s/.test(line[at - 1]!)) return line.slice(0, at);
  return line;
}

// The patterns below never put two whitespace runs side by side: on long runs of spaces that backtracks quadratically.
const NAME = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\]\s*)?/;

export function parseRequirement(raw: string): Requirement | undefined {
  const text = stripComment(raw).split(';')[0]!.trim();
  const head = NAME.exec(text);
  if (!head) return undefined;
  const name = normalizePyName(head[1]!);
  const rest = text.slice(head[0].length);
  if (rest.startsWith('@')) {
    const url = rest.slice(1).trim().split(/\s/)[0]!;
    return { name, spec: '', source: sourceOfUrl(url) ?? 'http', url };
  }
  const spec = rest.replace(/^\(|\)$/g, '').replace(/\s+/g, '');
  if (spec.includes('(') || spec.includes(')')) return undefined;
  return { name, spec, source: 'registry' };
}
