/**
 * Merge defaults ← config file ← inputs/flags ← env fallbacks, validate every value, and build the typed Config.
 * Explicit inputs win over the file because they are the more specific, per-workflow choice.
 */
import { parseDocument } from 'yaml';
import { SEVERITIES, type Severity } from '../findings/types.js';
import { coerce, describeAllowed } from './coerce.js';
import { ConfigError } from './errors.js';
import { OPTION_BY_KEY, OPTIONS } from './options.js';
import type { ComplexityThresholds, Config } from './types.js';

export interface ConfigSources {
  /** Values from action inputs or CLI flags by kebab-case key; empty strings count as unset. */
  inputs?: Record<string, string | undefined>;
  /** The YAML config file, when one exists. */
  file?: { name: string; text: string };
  /** Environment for env fallbacks (API keys, OSV URL). */
  env?: Record<string, string | undefined>;
}

/** Parse the YAML config file into a kebab-case record, rejecting unknown keys and secrets. */
export function parseConfigFile(name: string, text: string): Record<string, unknown> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new ConfigError(`${name}${line ? `:${line}` : ''}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    // toJS() can still throw on documents that parse (an alias to an anchor that is never set, say "*x").
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(`${name}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(`${name}: the top level must be a mapping of option keys (e.g. "fail-on: high"), got ${Array.isArray(data) ? 'a list' : typeof data}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const spec = OPTION_BY_KEY.get(key);
    if (!spec) {
      const hint = closestKey(key);
      throw new ConfigError(`${name}: unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    if (spec.secret) throw new ConfigError(`${name}: '${key}' must not be committed in the config file; pass it as an action input or environment variable`);
    if (spec.inputOnly) throw new ConfigError(`${name}: '${key}' is an action input, not a config-file key`);
    out[key] = coerce(spec, value, name);
  }
  return out;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const merged: Record<string, unknown> = {};
  for (const spec of OPTIONS) if (spec.default !== undefined) merged[spec.key] = spec.default;
  if (sources.file) Object.assign(merged, parseConfigFile(sources.file.name, sources.file.text));
  for (const [key, raw] of Object.entries(sources.inputs ?? {})) {
    if (raw === undefined || raw.trim() === '') continue;
    const spec = OPTION_BY_KEY.get(key);
    if (!spec) throw new ConfigError(`input '${key}' is not a known option`);
    merged[key] = coerce(spec, raw, `input '${key}'`);
  }
  for (const spec of OPTIONS) {
    if (!spec.env) continue;
    const explicit = sources.inputs?.[spec.key];
    if (explicit !== undefined && explicit.trim() !== '') continue;
    for (const name of spec.env) {
      const v = sources.env?.[name];
      if (v !== undefined && v.trim() !== '') {
        merged[spec.key] = coerce(spec, v, `environment variable ${name}`);
        break;
      }
    }
  }
  return toConfig(merged);
}

function toConfig(m: Record<string, unknown>): Config {
  const str = (k: string) => m[k] as string | undefined;
  const num = (k: string) => m[k] as number;
  const bool = (k: string) => m[k] as boolean;
  const list = (k: string) => (m[k] as string[] | undefined) ?? [];
  const minSeverity = str('min-severity') as Severity;
  return {
    analyzers: list('analyzers') as Config['analyzers'],
    include: list('include'),
    exclude: list('exclude'),
    skipGenerated: bool('skip-generated'),
    maxFileSize: num('max-file-size'),
    minSeverity: SEVERITIES.includes(minSeverity) ? minSeverity : 'low',
    failOn: str('fail-on') as Config['failOn'],
    maxComments: num('max-comments'),
    reviewComments: bool('review-comments'),
    annotations: bool('annotations'),
    sarifFile: str('sarif-file')!,
    uploadSarif: bool('upload-sarif'),
    sarifCategory: str('sarif-category')!,
    baselineFile: str('baseline-file'),
    secretsAllowPaths: list('secrets-allow-paths'),
    complexity: {
      cyclomaticWarning: num('complexity-cyclomatic-warning'),
      cyclomaticCritical: num('complexity-cyclomatic-critical'),
      cognitive: num('complexity-cognitive'),
      nesting: num('complexity-nesting'),
      length: num('complexity-length'),
      params: num('complexity-params'),
    },
    complexityOverrides: parseOverrides(m['complexity-overrides']),
    osvUrl: str('osv-url')!.replace(/\/+$/, ''),
    aiProviders: list('ai-providers'),
    openaiApiKey: str('openai-api-key'),
    openaiBaseUrl: str('openai-base-url'),
    geminiApiKey: str('gemini-api-key'),
    geminiBaseUrl: str('gemini-base-url'),
    anthropicApiKey: str('anthropic-api-key'),
    anthropicBaseUrl: str('anthropic-base-url'),
    aiTokenBudget: num('ai-token-budget'),
    aiCostBudget: num('ai-cost-budget'),
    aiPriceTable: parsePriceTable(m['ai-price-table']),
    aiMaxComments: num('ai-max-comments'),
    aiTimeoutMs: num('ai-timeout-ms'),
    embeddings: str('embeddings') as Config['embeddings'],
    knowledgeThreshold: num('knowledge-threshold'),
    raw: m,
  };
}

const THRESHOLD_KEYS: Record<string, keyof ComplexityThresholds> = {
  'cyclomatic-warning': 'cyclomaticWarning',
  'cyclomatic-critical': 'cyclomaticCritical',
  cognitive: 'cognitive',
  nesting: 'nesting',
  length: 'length',
  params: 'params',
};

function parseOverrides(value: unknown): Config['complexityOverrides'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ConfigError(`'complexity-overrides' must be a list of {languages, paths, ${Object.keys(THRESHOLD_KEYS).join(', ')}}`);
  }
  return value.map((item, i) => {
    const where = `'complexity-overrides'[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new ConfigError(`${where} must be a mapping`);
    const out: Config['complexityOverrides'][number] = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (k === 'languages' || k === 'paths') {
        if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new ConfigError(`${where}.${k} has invalid value ${JSON.stringify(v)}; allowed: a list of strings`);
        out[k] = v as string[];
      } else if (k in THRESHOLD_KEYS) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ConfigError(`${where}.${k} has invalid value ${JSON.stringify(v)}; allowed: a whole number ≥ 0`);
        out[THRESHOLD_KEYS[k]!] = v;
      } else {
        throw new ConfigError(`${where}: unknown key '${k}'; allowed: languages, paths, ${Object.keys(THRESHOLD_KEYS).join(', ')}`);
      }
    }
    return out;
  });
}

function parsePriceTable(value: unknown): Config['aiPriceTable'] {
  const out: Config['aiPriceTable'] = {};
  if (value === undefined) return out;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`'ai-price-table' has invalid value ${JSON.stringify(value)}; allowed: ${describeAllowed({ kind: 'object' })}`);
  }
  for (const [model, p] of Object.entries(value as Record<string, unknown>)) {
    const price = p as { input?: unknown; output?: unknown } | null;
    if (!price || typeof price.input !== 'number' || typeof price.output !== 'number' || price.input < 0 || price.output < 0) {
      throw new ConfigError(`'ai-price-table'.${model} has invalid value ${JSON.stringify(p)}; allowed: { "input": USD per 1M tokens, "output": USD per 1M tokens }`);
    }
    out[model] = { input: price.input, output: price.output };
  }
  return out;
}

/** Nearest known key by edit distance, for "did you mean" hints. */
function closestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(3, Math.floor(key.length / 3)) + 1;
  for (const spec of OPTIONS) {
    const d = editDistance(key.replace(/_/g, '-').toLowerCase(), spec.key);
    if (d < bestD) {
      bestD = d;
      best = spec.key;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
