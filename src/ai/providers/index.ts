/** Builds the provider chain from config.aiProviders ("openai:gpt-4.1-mini,gemini:gemini-2.5-flash,…"). */
import type { Config } from '../../config/types.js';
import type { Notice } from '../../findings/types.js';
import type { Provider, ProviderId } from './types.js';

export interface ProviderSpec {
  id: ProviderId;
  model: string;
}

/** Where each provider's key and base URL come from (inputs/env only, through the config loader). */
export const PROVIDER_KEYS: Record<ProviderId, { key: keyof Config; baseUrl: keyof Config; env: string; defaultModel: string }> = {
  openai: { key: 'openaiApiKey', baseUrl: 'openaiBaseUrl', env: 'OPENAI_API_KEY', defaultModel: 'gpt-4.1-mini' },
  gemini: { key: 'geminiApiKey', baseUrl: 'geminiBaseUrl', env: 'GEMINI_API_KEY', defaultModel: 'gemini-2.5-flash' },
  anthropic: { key: 'anthropicApiKey', baseUrl: 'anthropicBaseUrl', env: 'ANTHROPIC_API_KEY', defaultModel: 'claude-sonnet-4-6' },
};

export function parseChain(entries: string[]): { specs: ProviderSpec[]; notices: Notice[] } {
  const specs: ProviderSpec[] = [];
  const notices: Notice[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const i = entry.indexOf(':');
    const id = (i < 0 ? entry : entry.slice(0, i)).trim().toLowerCase();
    if (!(id in PROVIDER_KEYS)) {
      notices.push({ level: 'warning', source: 'ai', message: `unknown AI provider '${id}' in ai-providers (known: ${Object.keys(PROVIDER_KEYS).join(', ')}); ignored` });
      continue;
    }
    const pid = id as ProviderId;
    const model = (i < 0 ? '' : entry.slice(i + 1).trim()) || PROVIDER_KEYS[pid].defaultModel;
    specs.push({ id: pid, model });
  }
  return { specs, notices };
}

/**
 * The adapter for one chain entry, or undefined without a key. SDKs are imported on demand, so a run
 * without AI (or with one provider) never loads the others.
 */
export async function createProvider(spec: ProviderSpec, config: Config): Promise<Provider | undefined> {
  const k = PROVIDER_KEYS[spec.id];
  const apiKey = config[k.key] as string | undefined;
  if (!apiKey) return undefined;
  const baseUrl = config[k.baseUrl] as string | undefined;
  if (spec.id === 'openai') return (await import('./openai.js')).openaiProvider(spec.model, { apiKey, baseUrl });
  if (spec.id === 'gemini') return (await import('./gemini.js')).geminiProvider(spec.model, { apiKey, baseUrl });
  return (await import('./anthropic.js')).anthropicProvider(spec.model, { apiKey, baseUrl });
}
