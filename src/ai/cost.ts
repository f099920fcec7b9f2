/** Price lookup and cost estimates. Prices are USD per 1M tokens; prices.json is the default table. */
import type { Config } from '../config/types.js';
import PRICES_JSON from './prices.json' with { type: 'json' };

export interface Price {
  input: number;
  output: number;
}

const DEFAULT_PRICES: Record<string, Price> = Object.fromEntries(
  Object.entries(PRICES_JSON).filter(([k]) => !k.startsWith('//')),
) as Record<string, Price>;

/**
 * Price of a model: the config table wins over the shipped one; exact name first, then the longest known
 * prefix (dated snapshots such as claude-sonnet-4-20250514). Undefined for unknown (e.g. local Ollama) models.
 */
export function priceFor(model: string, config: Pick<Config, 'aiPriceTable'>): Price | undefined {
  const tables = [config.aiPriceTable ?? {}, DEFAULT_PRICES];
  for (const table of tables) if (table[model]) return table[model];
  for (const table of tables) {
    const prefix = Object.keys(table)
      .filter((k) => model.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix) return table[prefix];
  }
  return undefined;
}

export function costUsd(price: Price | undefined, tokensIn: number, tokensOut: number): number {
  if (!price) return 0;
  return (tokensIn * price.input + tokensOut * price.output) / 1_000_000;
}

/**
 * Token estimate used for packing and budgets before a provider reports real usage: about 4 characters
 * per token for English and code (the usual rule of thumb for BPE tokenizers), rounded up.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
