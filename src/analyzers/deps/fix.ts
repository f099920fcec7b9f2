/**
 * The mechanical upgrade: when a manifest declares a single version (`"^1.2.3"`, `==1.2.3`, `v1.2.3`,
 * `<version>1.2.3</version>`), replace that version token on its line with the fixed one, keeping the operator.
 * Ranges with several bounds and lock files (hashes, resolved URLs) are left to the package manager.
 */
import type { Fix } from '../../findings/types.js';
import type { Dep } from './types.js';

const SINGLE = /^(?:\^|~>|~|===|==|=|~=|>=|\[)?\s*(v?\d[\w.+-]*?)\]?$/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function upgradeFix(path: string, text: string, dep: Dep, fixed: string, lines: number[]): Fix | undefined {
  const m = SINGLE.exec(dep.version.trim());
  if (!m) return undefined;
  const token = m[1]!;
  const replacement = token.startsWith('v') && !fixed.startsWith('v') ? `v${fixed}` : fixed;
  const all = text.split(/\r?\n/);
  const re = new RegExp(`(^|[^\\w.])${escape(token)}(?![\\w.])`);
  const hits = [...new Set(lines)].filter((n) => n >= 1 && n <= all.length && re.test(all[n - 1]!));
  if (hits.length !== 1) return undefined;
  const n = hits[0]!;
  const newLine = all[n - 1]!.replace(re, (_all, pre: string) => `${pre}${replacement}`);
  return { description: `Upgrade ${dep.name} to ${replacement}`, replacements: [{ path, startLine: n, endLine: n, text: newLine }] };
}
