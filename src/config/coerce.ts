/**
 * Turns one raw value (a string from an input/flag, or anything from YAML) into the option's type,
 * or throws a ConfigError that names where it came from, the key, the value and what is allowed.
 */
import { ConfigError } from './errors.js';
import type { OptionSpec, OptionType } from './options.js';

export function describeAllowed(t: OptionType): string {
  switch (t.kind) {
    case 'string': return 'a string';
    case 'boolean': return 'true or false';
    case 'integer': return `a whole number${range(t.min, t.max)}`;
    case 'number': return `a number${range(t.min, t.max)}`;
    case 'enum': return `one of ${t.values.join(', ')}`;
    case 'list': return t.values ? `a list of: ${t.values.join(', ')}` : 'a list of strings (YAML list, or comma/newline separated)';
    case 'object': return 'a YAML mapping/list (JSON text in an action input)';
  }
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function coerce(spec: OptionSpec, value: unknown, where: string): unknown {
  const fail = (): never => {
    throw new ConfigError(`${where}: '${spec.key}' has invalid value ${show(value)}; allowed: ${describeAllowed(spec.type)}`);
  };
  const t = spec.type;
  switch (t.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      return fail();
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const s = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
      return fail();
    }
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
      if (!Number.isFinite(n) || (t.kind === 'integer' && !Number.isInteger(n))) return fail();
      if ((t.min !== undefined && n < t.min) || (t.max !== undefined && n > t.max)) return fail();
      return n;
    }
    case 'enum': {
      const s = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (s === undefined || !t.values.includes(s)) return fail();
      return s;
    }
    case 'list': {
      let items: unknown[];
      if (Array.isArray(value)) items = value;
      else if (typeof value === 'string') items = value.split(/[\n,]/);
      else return fail();
      const out: string[] = [];
      for (const item of items) {
        if (typeof item !== 'string' && typeof item !== 'number') return fail();
        const s = String(item).trim();
        if (s === '') continue;
        if (t.values && !t.values.includes(s)) {
          throw new ConfigError(`${where}: '${spec.key}' has invalid entry ${show(s)}; allowed: ${describeAllowed(t)}`);
        }
        out.push(s);
      }
      return out;
    }
    case 'object': {
      if (typeof value === 'string') {
        if (value.trim() === '') return spec.default;
        try {
          return coerce(spec, JSON.parse(value), where);
        } catch (e) {
          if (e instanceof ConfigError) throw e;
          throw new ConfigError(`${where}: '${spec.key}' is not valid JSON (${(e as Error).message}); allowed: ${describeAllowed(t)}`);
        }
      }
      if (value !== null && typeof value === 'object') return value;
      return fail();
    }
  }
}
