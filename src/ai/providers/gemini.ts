/**
 * Google Gemini via `@google/genai` (the maintained SDK; @google/generative-ai is deprecated).
 * JSON mode with a response schema. The SDK's ApiError carries no headers, so a thin fetch wrapper
 * remembers the last response's Retry-After for the failover policy.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import { ProviderError, looksLikeConnection, looksLikeTimeout, retryAfterFromHeaders, type Provider } from './types.js';

export function geminiProvider(model: string, opts: { apiKey: string; baseUrl?: string }): Provider {
  const client = new GoogleGenAI({
    apiKey: opts.apiKey,
    // No retryOptions: the SDK then makes exactly one attempt; our failover loop owns retries.
    httpOptions: opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined,
  });
  let withSchema = true;
  return {
    id: 'gemini',
    model,
    label: `gemini:${model}`,
    async complete(req) {
      // Per call, so parallel calls never read each other's headers.
      let lastRetryAfter: number | undefined;
      const recordingFetch: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        lastRetryAfter = res.ok ? undefined : retryAfterFromHeaders((n) => res.headers.get(n));
        return res;
      };
      const call = async () => {
        const res = await client.models.generateContent({
          model,
          contents: [{ role: 'user', parts: [{ text: req.user }] }],
          config: {
            systemInstruction: req.system,
            responseMimeType: 'application/json',
            ...(withSchema ? { responseJsonSchema: req.schema } : {}),
            maxOutputTokens: req.maxOutputTokens,
            temperature: 0,
            httpOptions: { timeout: req.timeoutMs, fetch: recordingFetch },
          },
        });
        const finish = res.candidates?.[0]?.finishReason;
        return {
          text: res.text ?? '',
          tokensIn: res.usageMetadata?.promptTokenCount,
          tokensOut: res.usageMetadata?.candidatesTokenCount,
          truncated: finish === 'MAX_TOKENS',
        };
      };
      try {
        try {
          return await call();
        } catch (e) {
          // A model or proxy that rejects the schema still gets JSON mode; validation happens on our side anyway.
          if (withSchema && e instanceof ApiError && e.status === 400 && /schema|Invalid JSON payload|Unknown name/i.test(e.message)) {
            withSchema = false;
            return await call();
          }
          throw e;
        }
      } catch (e) {
        if (e instanceof ApiError) {
          // Gemini also states the delay in the body (RetryInfo.retryDelay "12s") when the header is absent.
          const bodyDelay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(e.message)?.[1];
          const retryAfterMs = lastRetryAfter ?? (bodyDelay ? Math.round(Number(bodyDelay) * 1000) : undefined);
          throw new ProviderError(e.message, { status: e.status, retryAfterMs });
        }
        if (looksLikeTimeout(e)) throw new ProviderError('request timed out', { timeout: true });
        throw new ProviderError((e as Error)?.message ?? String(e), { connection: looksLikeConnection(e) });
      }
    },
  };
}
