/**
 * Baseline file: findings a team has accepted. JSON `{ "version": 1, "findings": [{ "fingerprint", "ruleId", "path" }] }`
 * (a plain array of fingerprint strings is accepted too). `pr-sentinel scan --write-baseline FILE` writes one.
 */
import { ConfigError } from '../config/errors.js';
import type { Finding } from './types.js';

export interface BaselineEntry {
  fingerprint: string;
  ruleId?: string;
  path?: string;
}

export function parseBaseline(name: string, text: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`baseline file ${name}: invalid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(data) ? data : (data as { findings?: unknown })?.findings;
  if (!Array.isArray(list)) throw new ConfigError(`baseline file ${name}: expected {"version":1,"findings":[…]} or a list of fingerprints`);
  const out = new Set<string>();
  list.forEach((item, i) => {
    const fp = typeof item === 'string' ? item : (item as BaselineEntry | null)?.fingerprint;
    if (typeof fp !== 'string' || fp === '') throw new ConfigError(`baseline file ${name}: entry ${i} has no fingerprint`);
    out.add(fp);
  });
  return out;
}

export function renderBaseline(findings: Finding[]): string {
  const entries: BaselineEntry[] = findings
    .filter((f) => f.fingerprint)
    .map((f) => ({ fingerprint: f.fingerprint!, ruleId: f.ruleId, path: f.location.path }));
  return `${JSON.stringify({ version: 1, findings: entries }, null, 2)}\n`;
}
