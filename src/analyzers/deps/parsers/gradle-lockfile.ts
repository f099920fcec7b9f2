/** gradle.lockfile (Gradle dependency locking): `group:name:version=configuration,…` lines. */
import type { Dep, ParseResult } from '../types.js';

export function parseGradleLockfile(text: string): ParseResult {
  const deps: Dep[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const m = /^([^#:\s=]+):([^:\s=]+):([^:\s=]+)=(.*)$/.exec(l.trim());
    if (!m) return;
    const configs = m[4]!.split(',');
    const dev = configs.length > 0 && configs.every((c) => /^test/i.test(c.trim()));
    deps.push({ ecosystem: 'Maven', name: `${m[1]}:${m[2]}`, version: m[3]!, direct: false, line: i + 1, dev, source: 'registry' });
  });
  return { deps };
}
