/**
 * OpenAI and every OpenAI-compatible server (Azure OpenAI, Ollama, vLLM, OpenRouter) via the `openai` SDK.
 * Structured output with response_format json_schema; servers that reject it get json_object instead
 * (remembered for the rest of the run).
 */
import OpenAI from 'openai';
import { ProviderError, looksLikeConnection, looksLikeTimeout, retryAfterFromHeaders, type CompletionRequest, type CompletionResponse, type Provider } from './types.js';

export function openaiProvider(model: string, opts: { apiKey: string; baseUrl?: string }): Provider {
  // maxRetries 0: the failover loop is the only retry policy (no hidden retries multiplying waits).
  const client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseUrl || undefined, maxRetries: 0 });
  let mode: 'json_schema' | 'json_object' = 'json_schema';

  const call = async (req: CompletionRequest): Promise<CompletionResponse> => {
    const response_format =
      mode === 'json_schema'
        ? ({ type: 'json_schema', json_schema: { name: 'review', schema: req.schema, strict: false } } as const)
        : ({ type: 'json_object' } as const);
    const res = await client.chat.completions.create(
      {
        model,
        messages: [
          { role: 'system', content: req.system },
          { role: 'user', content: req.user },
        ],
        response_format,
        max_completion_tokens: req.maxOutputTokens,
        temperature: 0,
      },
      { timeout: req.timeoutMs, maxRetries: 0 },
    );
    const choice = res.choices?.[0];
    return {
      text: choice?.message?.content ?? '',
      tokensIn: res.usage?.prompt_tokens,
      tokensOut: res.usage?.completion_tokens,
      truncated: choice?.finish_reason === 'length',
    };
  };

  return {
    id: 'openai',
    model,
    label: `openai:${model}`,
    async complete(req) {
      try {
        return await call(req);
      } catch (e) {
        // Compatible servers without json_schema support answer 400 naming response_format: fall back once.
        if (mode === 'json_schema' && e instanceof OpenAI.APIError && e.status === 400 && /response_format|json_schema|schema/i.test(e.message)) {
          mode = 'json_object';
          try {
            return await call(req);
          } catch (e2) {
            throw toProviderError(e2);
          }
        }
        throw toProviderError(e);
      }
    },
  };
}

function toProviderError(e: unknown): ProviderError {
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError(`request timed out`, { timeout: true });
  if (e instanceof OpenAI.APIConnectionError) return new ProviderError(`connection failed: ${e.message}`, { connection: true });
  if (e instanceof OpenAI.APIError) {
    const headers = e.headers;
    return new ProviderError(e.message, { status: e.status, retryAfterMs: headers ? retryAfterFromHeaders((n) => headers.get(n)) : undefined });
  }
  if (looksLikeTimeout(e)) return new ProviderError('request timed out', { timeout: true });
  return new ProviderError((e as Error)?.message ?? String(e), { connection: looksLikeConnection(e) });
}
