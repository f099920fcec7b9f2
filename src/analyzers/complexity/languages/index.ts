/**
 * Every per-language node table, keyed by the diff stage's language id. Tables are JSON data; `extends` lets
 * typescript/tsx reuse javascript and cpp reuse c (lists concatenated, maps merged).
 */
import type { LanguageTable } from '../table.js';
import bash from './bash.json' with { type: 'json' };
import c from './c.json' with { type: 'json' };
import cpp from './cpp.json' with { type: 'json' };
import csharp from './csharp.json' with { type: 'json' };
import dart from './dart.json' with { type: 'json' };
import elixir from './elixir.json' with { type: 'json' };
import go from './go.json' with { type: 'json' };
import java from './java.json' with { type: 'json' };
import javascript from './javascript.json' with { type: 'json' };
import kotlin from './kotlin.json' with { type: 'json' };
import lua from './lua.json' with { type: 'json' };
import perl from './perl.json' with { type: 'json' };
import php from './php.json' with { type: 'json' };
import python from './python.json' with { type: 'json' };
import r from './r.json' with { type: 'json' };
import ruby from './ruby.json' with { type: 'json' };
import rust from './rust.json' with { type: 'json' };
import scala from './scala.json' with { type: 'json' };
import swift from './swift.json' with { type: 'json' };
import tsx from './tsx.json' with { type: 'json' };
import typescript from './typescript.json' with { type: 'json' };
import zig from './zig.json' with { type: 'json' };

type PartialTable = Partial<LanguageTable> & { language: string };

const RAW: PartialTable[] = [
  bash, c, cpp, csharp, dart, elixir, go, java, javascript, kotlin, lua, perl, php, python, r, ruby, rust, scala, swift, tsx, typescript, zig,
] as PartialTable[];

function merge(base: unknown, over: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  if (base && over && typeof base === 'object' && typeof over === 'object') {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over as Record<string, unknown>)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return over ?? base;
}

const byId = new Map(RAW.map((t) => [t.language, t]));
const resolved = new Map<string, LanguageTable>();

function resolve(id: string): LanguageTable | undefined {
  const hit = resolved.get(id);
  if (hit) return hit;
  const raw = byId.get(id);
  if (!raw) return undefined;
  const parent = raw.extends ? resolve(raw.extends) : undefined;
  const table = (parent ? { ...(merge(parent, raw) as LanguageTable), language: id } : raw) as LanguageTable;
  resolved.set(id, table);
  return table;
}

/** The node table for a language id, or undefined when the language has no function-level metrics. */
export function tableFor(language: string | undefined): LanguageTable | undefined {
  return language ? resolve(language) : undefined;
}

export function tableLanguages(): string[] {
  return [...byId.keys()].sort();
}
