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

export function parseRequirement(raw: string): Requirement | undefined {
  const text = raw.replace(/\s+#.*$/, '').split(';')[0]!.trim();
  if (!text) return undefined;
  const direct = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*@\s*(\S+)/.exec(text);
  if (direct) {
    const url = direct[2]!;
    return { name: normalizePyName(direct[1]!), spec: '', source: sourceOfUrl(url) ?? 'http', url };
  }
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*\(?\s*([^)]*?)\s*\)?\s*$/.exec(text);
  if (!m) return undefined;
  return { name: normalizePyName(m[1]!), spec: m[2]!.replace(/\s+/g, ''), source: 'registry' };
}
