/**
 * Every option, as data. The same table validates `.github/pr-sentinel.yml`, maps action inputs and CLI flags,
 * and generates the inputs section of action.yml and README (scripts/gen-docs.ts), so they cannot drift apart.
 * Keys are kebab-case everywhere a user writes them.
 */
import { SEVERITIES } from '../findings/types.js';

export type OptionType =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min?: number; max?: number }
  | { kind: 'enum'; values: readonly string[] }
  /** Comma/newline separated in inputs and flags, a YAML list (or the same string) in the file. */
  | { kind: 'list'; values?: readonly string[] }
  /** A YAML mapping in the file, JSON text in inputs. */
  | { kind: 'object' };

export interface OptionSpec {
  key: string;
  type: OptionType;
  default?: unknown;
  description: string;
  /** Secrets (API keys) are accepted only from inputs/env, never from the config file in the repository. */
  secret?: boolean;
  /** Env variables read when the input is unset (first non-empty wins). */
  env?: string[];
  /** Only meaningful as an action input (token, config path), not in the file. */
  inputOnly?: boolean;
}

export const ANALYZER_IDS = ['secrets', 'sast', 'deps', 'complexity'] as const;
const SEVERITY_OR_NONE = [...SEVERITIES, 'none'] as const;

export const OPTIONS: readonly OptionSpec[] = [
  { key: 'github-token', type: { kind: 'string' }, inputOnly: true, secret: true, description: 'Token for the GitHub API (default: the workflow token). Needs pull-requests: write, checks: write, security-events: write for every output; with less, the action degrades to what is allowed.' },
  { key: 'config-file', type: { kind: 'string' }, inputOnly: true, default: '.github/pr-sentinel.yml', description: 'Path of the YAML config file. In PR runs it is read from the base commit, so a PR cannot weaken its own review.' },
  { key: 'analyzers', type: { kind: 'list', values: ANALYZER_IDS }, default: [...ANALYZER_IDS], description: 'Deterministic analyzers to run.' },
  { key: 'include', type: { kind: 'list' }, default: [], description: 'Globs of paths to analyse (empty: all).' },
  { key: 'exclude', type: { kind: 'list' }, default: [], description: 'Globs of paths to skip, on top of the built-in generated/vendored/minified/lock-file rules.' },
  { key: 'skip-generated', type: { kind: 'boolean' }, default: true, description: 'Skip generated, vendored, minified and lock files (lock files still feed the deps analyzer).' },
  { key: 'max-file-size', type: { kind: 'integer', min: 1 }, default: 1024 * 1024, description: 'Files larger than this many bytes are skipped and listed in the summary.' },
  { key: 'min-severity', type: { kind: 'enum', values: SEVERITIES }, default: 'low', description: 'Findings below this severity are not reported.' },
  { key: 'fail-on', type: { kind: 'enum', values: SEVERITY_OR_NONE }, default: 'high', description: 'Fail the step when a finding at or above this severity is reported (`none`: never).' },
  { key: 'max-comments', type: { kind: 'integer', min: 0, max: 200 }, default: 30, description: 'Maximum inline review comments per run (most severe first).' },
  { key: 'review-comments', type: { kind: 'boolean' }, default: true, description: 'Post inline review comments and the summary comment on the PR.' },
  { key: 'annotations', type: { kind: 'boolean' }, default: true, description: 'Report findings as check annotations.' },
  { key: 'sarif-file', type: { kind: 'string' }, default: 'pr-sentinel.sarif', description: 'Where to write the SARIF file (relative to the workspace).' },
  { key: 'upload-sarif', type: { kind: 'boolean' }, default: true, description: 'Upload the SARIF to code scanning when the token allows it.' },
  { key: 'sarif-category', type: { kind: 'string' }, default: 'pr-sentinel', description: 'Code scanning category (distinguishes several uploads for one commit).' },
  { key: 'baseline-file', type: { kind: 'string' }, description: 'JSON baseline of accepted findings (fingerprints); matching findings are not reported.' },
  { key: 'secrets-allow-paths', type: { kind: 'list' }, default: [], description: 'Globs where secrets findings are ignored (e.g. test fixtures).' },
  { key: 'complexity-cyclomatic-warning', type: { kind: 'integer', min: 1 }, default: 10, description: 'Cyclomatic complexity above which a function gets a warning.' },
  { key: 'complexity-cyclomatic-critical', type: { kind: 'integer', min: 1 }, default: 20, description: 'Cyclomatic complexity above which a function is critical.' },
  { key: 'complexity-cognitive', type: { kind: 'integer', min: 1 }, default: 15, description: 'Cognitive complexity threshold.' },
  { key: 'complexity-nesting', type: { kind: 'integer', min: 1 }, default: 4, description: 'Maximum nesting depth.' },
  { key: 'complexity-length', type: { kind: 'integer', min: 1 }, default: 80, description: 'Maximum function length in lines.' },
  { key: 'complexity-params', type: { kind: 'integer', min: 0 }, default: 6, description: 'Maximum parameter count.' },
  { key: 'complexity-file-length', type: { kind: 'integer', min: 1 }, default: 1000, description: 'Files longer than this many lines get a `quality/large-file` note when the change makes them longer.' },
  { key: 'complexity-overrides', type: { kind: 'object' }, default: [], description: 'Per-language/path thresholds: a list of `{languages, paths, cyclomatic-warning, …}` (config file only).' },
  { key: 'osv-url', type: { kind: 'string' }, env: ['PR_SENTINEL_OSV_URL'], default: 'https://api.osv.dev', description: 'OSV API base URL for dependency vulnerabilities.' },
  { key: 'osv-timeout-ms', type: { kind: 'integer', min: 100 }, default: 10_000, description: 'Timeout per OSV request in milliseconds (one retry on 5xx/timeouts, then a notice and the other dependency checks continue).' },
  { key: 'ai-providers', type: { kind: 'list' }, default: [], description: 'AI review provider chain, tried in order, e.g. `openai:gpt-4.1-mini,gemini:gemini-2.5-flash`. Empty: no AI review.' },
  { key: 'openai-api-key', type: { kind: 'string' }, secret: true, env: ['OPENAI_API_KEY'], description: 'OpenAI (or compatible) API key.' },
  { key: 'openai-base-url', type: { kind: 'string' }, env: ['OPENAI_BASE_URL'], description: 'Base URL of an OpenAI-compatible endpoint (Azure OpenAI, Ollama, vLLM, OpenRouter).' },
  { key: 'gemini-api-key', type: { kind: 'string' }, secret: true, env: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], description: 'Google Gemini API key.' },
  { key: 'gemini-base-url', type: { kind: 'string' }, env: ['GEMINI_BASE_URL'], description: 'Gemini API base URL override.' },
  { key: 'anthropic-api-key', type: { kind: 'string' }, secret: true, env: ['ANTHROPIC_API_KEY'], description: 'Anthropic API key.' },
  { key: 'anthropic-base-url', type: { kind: 'string' }, env: ['ANTHROPIC_BASE_URL'], description: 'Anthropic API base URL override.' },
  { key: 'ai-token-budget', type: { kind: 'integer', min: 0 }, default: 200_000, description: 'Maximum tokens (in + out) for the AI review of one run.' },
  { key: 'ai-cost-budget', type: { kind: 'number', min: 0 }, default: 1, description: 'Maximum estimated cost in USD for the AI review of one run.' },
  { key: 'ai-price-table', type: { kind: 'object' }, default: {}, description: 'Price overrides, `{ "model": { "input": USD per 1M tokens, "output": … } }`.' },
  { key: 'ai-max-comments', type: { kind: 'integer', min: 0, max: 100 }, default: 10, description: 'Maximum AI review comments kept (lowest confidence dropped first).' },
  { key: 'ai-timeout-ms', type: { kind: 'integer', min: 100 }, default: 60_000, description: 'Timeout per AI request in milliseconds.' },
  { key: 'ai-max-severity', type: { kind: 'enum', values: SEVERITIES }, default: 'medium', description: 'Highest severity an AI comment may carry (the model\'s own is kept in the JSON), so an LLM opinion alone cannot fail the default gate.' },
  { key: 'ai-concurrency', type: { kind: 'integer', min: 1, max: 8 }, default: 2, description: 'AI review calls in flight at once for large PRs.' },
  { key: 'ai-max-input-tokens', type: { kind: 'integer', min: 1000 }, default: 24_000, description: 'Input tokens per AI call; larger PRs are split into several calls.' },
  { key: 'ai-max-output-tokens', type: { kind: 'integer', min: 256 }, default: 4096, description: 'Output tokens per AI call.' },
  { key: 'ai-retry-base-ms', type: { kind: 'integer', min: 0 }, default: 1000, description: 'Base delay of the exponential backoff for 5xx/timeouts (with jitter).' },
  { key: 'ai-max-retry-after-ms', type: { kind: 'integer', min: 0 }, default: 30_000, description: 'Longest Retry-After wait honoured before moving to the next provider.' },
  { key: 'ai-circuit-breaker', type: { kind: 'integer', min: 1 }, default: 3, description: 'Consecutive failures after which a provider is not called again in this run.' },
  { key: 'embeddings', type: { kind: 'enum', values: ['offline', 'openai', 'gemini'] }, default: 'offline', description: 'Embedding model for knowledge retrieval: the shipped offline model, or a provider model (opt-in).' },
  { key: 'knowledge-threshold', type: { kind: 'number', min: 0, max: 1 }, default: 0.75, description: 'Minimum vector similarity for a knowledge entry to be offered.' },
];

export const OPTION_BY_KEY: ReadonlyMap<string, OptionSpec> = new Map(OPTIONS.map((o) => [o.key, o]));
