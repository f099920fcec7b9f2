/** What every provider adapter offers the failover loop: one structured-output completion. */

export type ProviderId = 'openai' | 'gemini' | 'anthropic';

export interface CompletionRequest {
  system: string;
  user: string;
  /** JSON schema of the expected answer (providers that support structured output enforce it). */
  schema: Record<string, unknown>;
  maxOutputTokens: number;
  timeoutMs: number;
}

export interface CompletionResponse {
  text: string;
  /** From the provider's usage fields; undefined when the server did not report them. */
  tokensIn?: number;
  tokensOut?: number;
  /** The model stopped at the output limit: the JSON is probably cut off. */
  truncated: boolean;
}

export interface Provider {
  id: ProviderId;
  model: string;
  /** "openai:gpt-4.1-mini" */
  label: string;
  complete(req: CompletionRequest): Promise<CompletionResponse>;
}

/**
 * Provider-neutral error: each adapter converts its SDK's error into this, so the failover policy
 * reads one shape (status, Retry-After, timeout/connection flags) instead of three SDK hierarchies.
 */
export class ProviderError extends Error {
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly timeout: boolean;
  readonly connection: boolean;
  constructor(message: string, opts: { status?: number; retryAfterMs?: number; timeout?: boolean; connection?: boolean } = {}) {
    super(message);
    this.name = 'ProviderError';
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.timeout = opts.timeout ?? false;
    this.connection = opts.connection ?? false;
  }
}

/** Retry-After (seconds or HTTP date) or retry-after-ms (OpenAI/Anthropic extension) → milliseconds. */
export function retryAfterFromHeaders(get: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = get('retry-after');
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** True for errors that mean "could not reach the server or it did not answer in time". */
export function looksLikeTimeout(e: unknown): boolean {
  const err = e as { name?: string; message?: string; cause?: { name?: string; code?: string } } | undefined;
  const text = `${err?.name ?? ''} ${err?.message ?? ''} ${err?.cause?.name ?? ''}`;
  return /timeout|timed out|abort/i.test(text);
}

export function looksLikeConnection(e: unknown): boolean {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } } | undefined;
  const text = `${err?.name ?? ''} ${err?.message ?? ''} ${err?.cause?.code ?? ''} ${err?.cause?.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|socket|fetch failed|connection|terminated/i.test(text);
}
