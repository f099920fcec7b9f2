/**
 * One retry policy for every provider (the SDKs' own retries are off):
 * - 429: wait Retry-After (bounded) and try the same provider once more, then move to the next provider;
 * - 5xx, timeouts, connection errors: exponential backoff with jitter, a few attempts, then the next provider;
 * - context-length errors: surfaced to the caller, which re-packs smaller;
 * - 401/403: the provider is switched off for the run with a clear notice;
 * - a circuit breaker per provider opens after N consecutive failures, so a dead provider costs little.
 */
import type { Notice } from '../findings/types.js';
import { ProviderError, type CompletionRequest, type CompletionResponse, type Provider } from './providers/types.js';

export type ErrorKind = 'rate-limit' | 'transient' | 'context-length' | 'auth' | 'fatal';

export interface Classified {
  kind: ErrorKind;
  status?: number;
  retryAfterMs?: number;
  message: string;
}

// Wording used by OpenAI ("maximum context length"), Anthropic ("prompt is too long"), Gemini ("exceeds the maximum
// number of tokens"), vLLM/Ollama ("context length", "too many tokens"). Kept specific so an unrelated 400 is not
// mistaken for one and split forever.
const CONTEXT_RE = /context[_ ]?(?:length|window)|maximum context|too many tokens|(?:prompt|input|request) (?:is )?too (?:long|large)|exceeds? the (?:maximum|max|limit)|token limit|reduce the length/i;

export function classify(e: unknown): Classified {
  const err = e instanceof ProviderError ? e : new ProviderError((e as Error)?.message ?? String(e));
  const message = err.message.slice(0, 300);
  const s = err.status;
  if (s === 429) return { kind: 'rate-limit', status: s, retryAfterMs: err.retryAfterMs, message };
  if (s === 401 || s === 403) return { kind: 'auth', status: s, message };
  if ((s === 400 || s === 413 || s === 422) && CONTEXT_RE.test(message)) return { kind: 'context-length', status: s, message };
  if (s === 408 || s === 409 || (s !== undefined && s >= 500)) return { kind: 'transient', status: s, message };
  if (s === undefined && (err.timeout || err.connection)) return { kind: 'transient', message: err.timeout ? 'request timed out' : message };
  return { kind: 'fatal', status: s, message };
}

export interface FailoverOptions {
  /** Base delay of the exponential backoff (ms). Default 1000; tests use a few ms. */
  baseDelayMs: number;
  /** Upper bound for honouring Retry-After (ms). Default 30 s. */
  maxRetryAfterMs: number;
  /** Attempts per provider for transient errors (including the first). Default 3. */
  transientAttempts: number;
  /** Consecutive failures that open a provider's circuit. Default 3. */
  breakerThreshold: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_FAILOVER: FailoverOptions = { baseDelayMs: 1000, maxRetryAfterMs: 30_000, transientAttempts: 3, breakerThreshold: 3 };

/** Raised when a request is too large for the model: the caller re-packs smaller and tries again. */
export class ContextLengthError extends Error {
  constructor(readonly provider: string, message: string) {
    super(message);
    this.name = 'ContextLengthError';
  }
}

/** Every usable provider failed this request; `reasons` holds one line per provider. */
export class AllProvidersFailedError extends Error {
  constructor(readonly reasons: string[]) {
    super(`all AI providers failed: ${reasons.join('; ')}`);
    this.name = 'AllProvidersFailedError';
  }
}

export interface Attempt {
  provider: Provider;
  response: CompletionResponse;
}

interface ProviderState {
  consecutiveFailures: number;
  /** Why this provider is off for the rest of the run (auth failure, open circuit). */
  disabled?: string;
  lastError?: string;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Failover {
  private readonly state = new Map<string, ProviderState>();
  readonly notices: Notice[] = [];
  private readonly opts: FailoverOptions;

  constructor(readonly providers: Provider[], opts: Partial<FailoverOptions> = {}) {
    this.opts = { ...DEFAULT_FAILOVER, ...opts };
    for (const p of providers) this.state.set(p.label, { consecutiveFailures: 0 });
  }

  /** Providers still callable. */
  available(): Provider[] {
    return this.providers.filter((p) => !this.state.get(p.label)!.disabled);
  }

  /** One line per provider explaining why it is unusable or what its last error was. */
  reasons(): string[] {
    return this.providers.map((p) => {
      const s = this.state.get(p.label)!;
      return `${p.label}: ${s.disabled ?? s.lastError ?? 'not tried'}`;
    });
  }

  /**
   * Run `req` on the first provider that answers. `accept` may reject an answer (e.g. invalid JSON):
   * it returns an error message, and the answer counts as one failure of that provider.
   * Providers are tried in chain order, starting at `startAt` when given (a provider that already
   * produced unusable output for this request is skipped that way).
   */
  async complete(req: CompletionRequest, skip: ReadonlySet<string> = new Set()): Promise<Attempt> {
    const sleep = this.opts.sleep ?? sleepReal;
    const random = this.opts.random ?? Math.random;
    const reasons: string[] = [];
    for (const provider of this.providers) {
      const st = this.state.get(provider.label)!;
      if (st.disabled) {
        reasons.push(`${provider.label}: ${st.disabled}`);
        continue;
      }
      if (skip.has(provider.label)) {
        reasons.push(`${provider.label}: ${st.lastError ?? 'skipped'}`);
        continue;
      }
      let transientTries = 0;
      let rateLimitWaited = false;
      for (;;) {
        try {
          const response = await provider.complete(req);
          st.consecutiveFailures = 0;
          return { provider, response };
        } catch (e) {
          const c = classify(e);
          if (c.kind === 'context-length') throw new ContextLengthError(provider.label, c.message);
          st.lastError = describe(c);
          this.recordFailure(provider, st);
          if (c.kind === 'auth') {
            st.disabled = `authentication failed (HTTP ${c.status}); check the API key — provider skipped for this run`;
            this.notices.push({ level: 'warning', source: 'ai', message: `${provider.label}: ${st.disabled}` });
            break;
          }
          if (st.disabled) break; // circuit just opened
          if (c.kind === 'rate-limit') {
            const wait = c.retryAfterMs ?? this.opts.baseDelayMs;
            if (!rateLimitWaited && wait <= this.opts.maxRetryAfterMs) {
              rateLimitWaited = true;
              await sleep(wait);
              continue;
            }
            break;
          }
          if (c.kind === 'transient') {
            transientTries++;
            if (transientTries < this.opts.transientAttempts) {
              // Exponential backoff with full jitter on the upper half: base·2^n·(0.5…1).
              const delay = this.opts.baseDelayMs * 2 ** (transientTries - 1) * (0.5 + random() / 2);
              await sleep(delay);
              continue;
            }
            break;
          }
          break; // fatal: do not hammer, go to the next provider
        }
      }
      reasons.push(`${provider.label}: ${st.disabled ?? st.lastError}`);
    }
    throw new AllProvidersFailedError(reasons);
  }

  /** Count a failure that was not an exception (unusable output). */
  fail(provider: Provider, reason: string): void {
    const st = this.state.get(provider.label)!;
    st.lastError = reason;
    this.recordFailure(provider, st);
  }

  private recordFailure(provider: Provider, st: ProviderState): void {
    st.consecutiveFailures++;
    if (!st.disabled && st.consecutiveFailures >= this.opts.breakerThreshold) {
      st.disabled = `circuit open after ${st.consecutiveFailures} consecutive failures (last: ${st.lastError})`;
      this.notices.push({ level: 'warning', source: 'ai', message: `${provider.label}: ${st.disabled}; not called again in this run` });
    }
  }
}

function describe(c: Classified): string {
  switch (c.kind) {
    case 'rate-limit':
      return `rate limited (HTTP 429${c.retryAfterMs !== undefined ? `, Retry-After ${Math.round(c.retryAfterMs / 100) / 10}s` : ''})`;
    case 'transient':
      return c.status ? `server error (HTTP ${c.status})` : c.message;
    case 'auth':
      return `authentication failed (HTTP ${c.status})`;
    default:
      return c.status ? `HTTP ${c.status}: ${c.message}` : c.message;
  }
}
