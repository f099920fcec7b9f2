/** Anthropic Messages API via `@anthropic-ai/sdk`. JSON is requested in the prompt (no schema enforcement). */
import Anthropic from '@anthropic-ai/sdk';
import { ProviderError, looksLikeConnection, looksLikeTimeout, retryAfterFromHeaders, type Provider } from './types.js';

export function anthropicProvider(model: string, opts: { apiKey: string; baseUrl?: string }): Provider {
  const client = new Anthropic({ apiKey: opts.apiKey, baseURL: opts.baseUrl || undefined, maxRetries: 0 });
  return {
    id: 'anthropic',
    model,
    label: `anthropic:${model}`,
    async complete(req) {
      try {
        const res = await client.messages.create(
          {
            model,
            max_tokens: req.maxOutputTokens,
            system: `${req.system}\n\nThe JSON schema of your answer:\n${JSON.stringify(req.schema)}`,
            messages: [{ role: 'user', content: req.user }],
          },
          { timeout: req.timeoutMs, maxRetries: 0 },
        );
        const text = res.content
          .filter((b) => b.type === 'text')
          .map((b) => (b as { text: string }).text)
          .join('');
        return { text, tokensIn: res.usage?.input_tokens, tokensOut: res.usage?.output_tokens, truncated: res.stop_reason === 'max_tokens' };
      } catch (e) {
        throw toProviderError(e);
      }
    },
  };
}

function toProviderError(e: unknown): ProviderError {
  if (e instanceof Anthropic.APIConnectionTimeoutError) return new ProviderError('request timed out', { timeout: true });
  if (e instanceof Anthropic.APIConnectionError) return new ProviderError(`connection failed: ${e.message}`, { connection: true });
  if (e instanceof Anthropic.APIError) {
    const headers = e.headers;
    return new ProviderError(e.message, { status: e.status, retryAfterMs: headers ? retryAfterFromHeaders((n) => headers.get(n)) : undefined });
  }
  if (looksLikeTimeout(e)) return new ProviderError('request timed out', { timeout: true });
  return new ProviderError((e as Error)?.message ?? String(e), { connection: looksLikeConnection(e) });
}
